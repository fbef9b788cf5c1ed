# Sourced by scripts/chat-server and scripts/bench (never run on its own): the JVM options a chat server runs with,
# left in the array SERVER_JVM_OPTIONS. docs/PERFORMANCE.md ("JVM options") says why each and what it measured.
#   serial collector: one loop thread does the work; no collector threads competing for the cores, no write-barrier
#     work per message, and short pauses because almost nothing a message allocates outlives it
#   -Xmn8m: the young generation, collected about four times a second at 20,000 messages a second, 1-2 ms each
#   -Xms32m -Xmx512m: the heap starts small and grows only with what is kept (about 2 KB per connection), up to a
#     bound; set CHAT_SERVER_JAVA_OPTS="-Xmx1g" for more than about 100,000 connections
#   -XX:TrimNativeHeapInterval: hands memory the JIT compilers freed back to the system each second (JDK 17.0.9 and
#     later; older JVMs do not know the option and go without)
SERVER_JVM_OPTIONS=(-XX:+UseSerialGC -Xms32m -Xmx512m -Xmn8m)
if java -XX:TrimNativeHeapInterval=1000 -version >/dev/null 2>&1; then
  SERVER_JVM_OPTIONS+=(-XX:TrimNativeHeapInterval=1000)
fi
