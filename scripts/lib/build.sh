# Sourced by the launchers in scripts/ (never run on its own): builds a module's self-contained jar when it is
# missing or older than anything it is built from, and leaves the jar's path in JAR.
#
#   build_if_stale MODULE    # e.g. chat-server -> JAR=<repo>/chat-server/target/chat-server.jar
#
# A build is one `mvn -q -B -DskipTests package -pl MODULE -am`; its messages go to stderr (without the colour codes
# Maven's console library leaves behind), so a launcher's stdout is only the program's. Exits 1 with one line on stderr when java (or, for a build, mvn) is missing or the build
# fails.

CHAT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

build_if_stale() {
  local module="$1"
  JAR="$CHAT_ROOT/$module/target/$module.jar"
  if ! command -v java >/dev/null 2>&1; then
    echo "$module: java not found; install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk)" >&2
    exit 1
  fi
  if [ -f "$JAR" ] && [ -z "$(cd "$CHAT_ROOT" && find pom.xml chat-core/pom.xml chat-core/src \
      "$module/pom.xml" "$module/src" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "$module: mvn not found; install Apache Maven to build it (e.g. apt-get install maven)" >&2
    exit 1
  fi
  echo "$module: building (first run takes a minute)..." >&2
  # Move the old jar aside rather than let the build overwrite it in place: a server still running from it keeps
  # loading classes from the old file instead of dying with NoClassDefFoundError.
  if [ -f "$JAR" ]; then
    mv -f "$JAR" "$JAR.previous"
  fi
  if ! (cd "$CHAT_ROOT" && mvn -q -B -DskipTests package -pl "$module" -am 2>&1) | sed 's/\x1b\[[0-9;]*m//g' >&2 \
      || [ ! -f "$JAR" ]; then
    echo "$module: the build failed; see the messages above" >&2
    exit 1
  fi
}
