package chat.server.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Redis clients set up the way every part of a node wants them: reconnecting by themselves, and soon (Lettuce's
 * default backs off to 30 s between tries, so a Redis restart of a few seconds could leave a node deaf for half a
 * minute; here the wait doubles from 10 ms to at most a second), failing commands at once while disconnected rather
 * than queueing them without end, 5 s for an answer, and the smallest thread pools Lettuce allows (two I/O and two
 * computation threads per client: a node's Redis traffic is small, and the defaults grow with the cores).
 */
final class RedisClients {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private RedisClients() {
    }

    /** A client for {@code redisUrl} ({@code redis://HOST:PORT}); {@link #close} it. */
    static RedisClient open(String redisUrl) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(redisUrl));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(100_000) // bounded: a node never buffers without end for a slow Redis
                .build());
        client.setDefaultTimeout(TIMEOUT);
        return client;
    }

    /** Closes the client's connections and its threads. */
    static void close(RedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
    }
}
