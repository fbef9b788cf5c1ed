# Sourced by scripts/cluster-demo and scripts/cluster-crash-test (never run on its own): starts PostgreSQL and finds a
# Redis for a cluster on this machine.
#
#   start_postgres WORKDIR   # initdb + postgres on a free port under WORKDIR; sets PG_URL and PG_PID
#   find_redis WORKDIR       # sets REDIS_BIN: the machine's redis-server, else the one in the embedded-redis test jar
#   stop_postgres WORKDIR    # fast shutdown of what start_postgres started
#
# PostgreSQL: the machine's binaries (initdb, postgres; apt-get install postgresql). As root, PostgreSQL runs as the
# postgres user (or nobody), which it requires.

start_postgres() {
  local work="$1" port as=() user pg_bin
  port=$((20000 + RANDOM % 10000))
  pg_bin="$(dirname "$(readlink -f "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)")")"
  [ -x "$pg_bin/postgres" ] || { echo "no PostgreSQL: apt-get install postgresql" >&2; return 1; }
  if [ "$(id -u)" = 0 ]; then
    user=postgres; id -u postgres >/dev/null 2>&1 || user=nobody
    chown "$user" "$work"; as=(runuser -u "$user" --)
  fi
  "${as[@]}" "$pg_bin/initdb" -D "$work/pg" -A trust -U chat -E UTF8 --no-locale >"$work/initdb.log"
  "${as[@]}" "$pg_bin/postgres" -D "$work/pg" -p "$port" -k "$work" -c listen_addresses=127.0.0.1 \
    >"$work/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  sleep 0.5
  PGHOST=127.0.0.1 "$pg_bin/psql" -p "$port" -U chat -d postgres -qc "CREATE DATABASE chat" 2>/dev/null \
    || { echo "cannot create the database; see $work/postgres.log" >&2; return 1; }
  PG_URL="postgresql://127.0.0.1:$port/chat?user=chat"
}

stop_postgres() {
  local work="$1"
  [ -f "$work/pg/postmaster.pid" ] && kill -INT "$(head -1 "$work/pg/postmaster.pid")" 2>/dev/null || true
}

find_redis() {
  local work="$1" jar
  REDIS_BIN="$(command -v redis-server || true)"
  if [ -z "$REDIS_BIN" ]; then
    jar="$(ls ~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar 2>/dev/null | tail -1)"
    [ -n "$jar" ] || { echo "no redis-server: apt-get install redis-server, or run mvn test once" >&2; return 1; }
    (cd "$work" && unzip -q -o "$jar" 'redis-server-*-linux-amd64')
    REDIS_BIN="$(ls "$work"/redis-server-*-linux-amd64)"; chmod +x "$REDIS_BIN"
  fi
}
