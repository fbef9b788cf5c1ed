package chat.server;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A real Redis server for tests on a free port: the binary that Maven Central serves inside
 * com.github.codemonstur:embedded-redis, without persistence (a restart loses everything, as a cache node may).
 * Tests stop and start it to play a Redis restart.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private redis.embedded.RedisServer server;

    private TestRedis(int port) {
        this.port = port;
    }

    /** Starts a new server. */
    public static TestRedis start() {
        try {
            TestRedis redis = new TestRedis(TestPostgres.freePort());
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again, empty) on its port. */
    public synchronized void restart() {
        stop();
        try {
            server = redis.embedded.RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server at once. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    /**
     * Waits until {@code channel} has {@code count} subscribers: a node subscribes to an account's frames as its
     * first device there logs in, and Redis routes only what was published after that.
     */
    public void awaitSubscribers(String channel, long count) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url());
        try (var connection = client.connect()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L) < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(channel + " has not " + count + " subscribers within 10 s");
                }
                Thread.onSpinWait();
            }
        } finally {
            client.shutdown();
        }
    }

    /** The address nodes take as {@code --redis}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
