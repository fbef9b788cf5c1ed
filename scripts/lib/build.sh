# Sourced by the launchers: builds a module's self-contained jar when it is missing or older than its sources.
# Usage: build_if_stale MODULE  -> sets JAR to the jar's path

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

build_if_stale() {
  local module="$1"
  JAR="$ROOT/$module/target/$module.jar"
  command -v java >/dev/null 2>&1 || { echo "$module: java not found; install a JDK 17 or newer" >&2; exit 1; }
  local stale=""
  if [ ! -f "$JAR" ]; then
    stale=yes
  elif [ -n "$(find "$ROOT/pom.xml" "$ROOT/chat-core/pom.xml" "$ROOT/chat-core/src/main" \
      "$ROOT/$module/pom.xml" "$ROOT/$module/src/main" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
    stale=yes
  fi
  if [ -n "$stale" ]; then
    command -v mvn >/dev/null 2>&1 || { echo "$module: mvn not found; install Apache Maven to build" >&2; exit 1; }
    echo "$module: building (the first build downloads dependencies and takes a minute)..." >&2
    local log
    log="$(mktemp)"
    if ! (cd "$ROOT" && mvn -B -DskipTests package -pl "$module" -am) >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "$module: the build failed (full log: $log)" >&2
      exit 1
    fi
    rm -f "$log"
  fi
}
