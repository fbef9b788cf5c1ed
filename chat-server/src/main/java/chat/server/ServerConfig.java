package chat.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Every setting and limit of a server, with the defaults an operator gets when they say nothing. The command line
 * ({@link ServerMain}) builds one; tests build their own.
 *
 * @param bind the address and port to listen on (port 0 picks a free one)
 * @param database the SQLite file
 * @param maxLineBytes the longest line a client may send, in bytes
 * @param maxConnections connections held at once; more are refused with a message
 * @param maxOutboundBytes bytes queued for one client before it counts as a slow consumer and is disconnected
 * @param maxMessageChars the longest message text, in code points
 * @param rematchCooldownMillis how long two strangers who parted are not matched again
 * @param shutdownGraceMillis how long a shutdown waits for goodbyes to be written
 * @param workerThreads threads for blocking work (password hashing)
 * @param workerQueue jobs that may wait for a worker before new ones are refused
 */
public record ServerConfig(
        InetSocketAddress bind,
        Path database,
        int maxLineBytes,
        int maxConnections,
        long maxOutboundBytes,
        int maxMessageChars,
        long rematchCooldownMillis,
        long shutdownGraceMillis,
        int workerThreads,
        int workerQueue) {

    public static final int DEFAULT_PORT = 7000;
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 4_000;
    public static final long DEFAULT_REMATCH_COOLDOWN_MILLIS = 30_000;
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 3_000;
    public static final int DEFAULT_WORKER_THREADS = 2;
    public static final int DEFAULT_WORKER_QUEUE = 1_024;

    public ServerConfig {
        requireAtLeast(maxLineBytes, 64, "max line bytes");
        requireAtLeast(maxConnections, 1, "max connections");
        requireAtLeast(maxOutboundBytes, 1024, "max outbound bytes");
        requireAtLeast(maxMessageChars, 1, "max message chars");
        requireAtLeast(rematchCooldownMillis, 0, "rematch cool-down");
        requireAtLeast(shutdownGraceMillis, 0, "shutdown grace");
        requireAtLeast(workerThreads, 1, "worker threads");
        requireAtLeast(workerQueue, 1, "worker queue");
    }

    /** The defaults, listening on {@code bind}. */
    public static ServerConfig defaults(InetSocketAddress bind, Path database) {
        return new ServerConfig(bind, database, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_OUTBOUND_BYTES, DEFAULT_MAX_MESSAGE_CHARS, DEFAULT_REMATCH_COOLDOWN_MILLIS,
                DEFAULT_SHUTDOWN_GRACE_MILLIS, DEFAULT_WORKER_THREADS, DEFAULT_WORKER_QUEUE);
    }

    public ServerConfig withMaxLineBytes(int value) {
        return new ServerConfig(bind, database, value, maxConnections, maxOutboundBytes, maxMessageChars,
                rematchCooldownMillis, shutdownGraceMillis, workerThreads, workerQueue);
    }

    public ServerConfig withMaxConnections(int value) {
        return new ServerConfig(bind, database, maxLineBytes, value, maxOutboundBytes, maxMessageChars,
                rematchCooldownMillis, shutdownGraceMillis, workerThreads, workerQueue);
    }

    public ServerConfig withMaxOutboundBytes(long value) {
        return new ServerConfig(bind, database, maxLineBytes, maxConnections, value, maxMessageChars,
                rematchCooldownMillis, shutdownGraceMillis, workerThreads, workerQueue);
    }

    public ServerConfig withRematchCooldownMillis(long value) {
        return new ServerConfig(bind, database, maxLineBytes, maxConnections, maxOutboundBytes, maxMessageChars,
                value, shutdownGraceMillis, workerThreads, workerQueue);
    }

    private static void requireAtLeast(long value, long minimum, String what) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " must be at least " + minimum + " (got " + value + ")");
        }
    }
}
