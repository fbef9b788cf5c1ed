package chat.server.cluster;

import chat.server.limits.SharedCounts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@link SharedCounts} in Redis: one hash per key ({@code chat:count:<key>}), one field per node, expiring when
 * nobody adds to it for the key's time. This node's additions are gathered on the loop and sent every
 * {@link #FLUSH_MILLIS} in one script call per key, which adds them, renews the expiry and answers the sum of the
 * other nodes' fields; the answer goes back to the loop, and the difference from the last answer to the key's
 * listener. So a busy key costs Redis a call per flush, however many requests it counts, and the loop never waits.
 *
 * <p>A node hears of a key when it counts under it itself: the first request a node sees for a key is decided on its
 * own counts, and from its answer on the node knows what the others counted. While Redis is away the additions are
 * lost (a restart forgives, as a restart of a server alone does).
 */
public final class RedisCounts implements SharedCounts, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisCounts.class.getName());
    /** How often this node's additions go to Redis. */
    static final long FLUSH_MILLIS = 50;
    static final String PREFIX = "chat:count:";
    /** KEYS[1] the count; ARGV this node, what it adds, the expiry in ms. Answers the other nodes' sum. */
    private static final String ADD_SCRIPT = """
            redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            local fields = redis.call('HGETALL', KEYS[1])
            local others = 0
            for i = 1, #fields, 2 do
              if fields[i] ~= ARGV[1] then others = others + tonumber(fields[i + 1]) end
            end
            return others
            """;

    private record Pending(long delta, long keepMillis) {
    }

    private final String nodeId;
    private final Executor loop;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String scriptSha;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-counts");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    /** Loop only: additions not yet sent, and the others' sum as last heard, by key. */
    private Map<String, Pending> pending = new HashMap<>();
    /** Per key: the others' sum as last heard, and when the key expires unless someone adds to it (ms). */
    private final Map<String, long[]> othersHeard = new HashMap<>();

    /** Connects to Redis ({@code redis://HOST:PORT}); answers are handled on {@code loop}. */
    public RedisCounts(String redisUrl, String nodeId, Executor loop) {
        this.nodeId = nodeId;
        this.loop = loop;
        this.client = RedisClients.open(redisUrl);
        this.connection = client.connect();
        this.scriptSha = connection.sync().scriptLoad(ADD_SCRIPT);
        timer.scheduleWithFixedDelay(this::flushOnLoop, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void listen(String prefix, Listener listener) {
        listeners.put(prefix, listener);
    }

    @Override
    public void add(String key, long delta, long keepMillis) {
        pending.merge(key, new Pending(delta, keepMillis),
                (a, b) -> new Pending(a.delta() + b.delta(), Math.max(a.keepMillis(), b.keepMillis())));
    }

    /** On the timer: a flush for the loop. */
    private void flushOnLoop() {
        try {
            loop.execute(this::flush);
        } catch (RuntimeException e) {
            // the loop is not running yet, or any more: an exception here would end the timer's runs for good
        }
    }

    /** Loop thread: sends what was added since the last flush. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Pending> sending = pending;
        pending = new HashMap<>();
        for (Map.Entry<String, Pending> entry : sending.entrySet()) {
            String key = entry.getKey();
            Pending added = entry.getValue();
            String[] keys = {PREFIX + key};
            // EVAL rather than EVALSHA alone: a Redis restarted empty has forgotten the script
            connection.async().<Long>evalsha(scriptSha, ScriptOutputType.INTEGER, keys, nodeId,
                            Long.toString(added.delta()), Long.toString(Math.max(1, added.keepMillis())))
                    .exceptionallyCompose(error -> connection.async().<Long>eval(ADD_SCRIPT, ScriptOutputType.INTEGER,
                            keys, nodeId, Long.toString(added.delta()), Long.toString(Math.max(1,
                                    added.keepMillis()))))
                    .whenComplete((others, error) -> {
                        if (error != null) {
                            LOG.fine(() -> "a shared count was not added: " + error);
                        } else {
                            loop.execute(() -> heard(key, others, added.keepMillis()));
                        }
                    });
        }
    }

    /** Loop thread: the other nodes' sum for {@code key}; its change goes to the key's listener. */
    private void heard(String key, long others, long keepMillis) {
        long now = System.currentTimeMillis();
        long[] before = othersHeard.put(key, new long[] {others, now + keepMillis});
        long delta = others - (before == null || before[1] < now ? 0 : before[0]);
        if (othersHeard.size() > 10_000) {
            othersHeard.values().removeIf(heard -> heard[1] < now); // expired in Redis too: nothing to remember
        }
        if (delta == 0) {
            return;
        }
        for (Map.Entry<String, Listener> listener : listeners.entrySet()) {
            if (key.startsWith(listener.getKey())) {
                listener.getValue().othersCounted(key.substring(listener.getKey().length()), delta);
                return;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        connection.close();
        RedisClients.close(client);
    }
}
