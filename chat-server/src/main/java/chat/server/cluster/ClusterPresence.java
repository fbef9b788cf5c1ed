package chat.server.cluster;

import chat.server.chat.OnlineUsers;
import io.lettuce.core.Range;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Who is online on the other nodes, with a time to live. Each node keeps the accounts it holds in the Redis set
 * {@code chat:online:<node>} and its heart-beat in the sorted set {@code chat:nodes} (scored with the time it stops
 * counting, {@link #TTL_MILLIS} ahead). Every {@link #BEAT_MILLIS} a node writes both again (which also refills them
 * after Redis lost its data in a restart) and reads the sets of the nodes still alive into its mirror. A node that
 * died stops beating: within {@link #TTL_MILLIS} plus a beat its accounts drop out of every mirror, so they show
 * offline within a bounded time whatever killed it. The mirror lives on the loop; {@link #isOnlineElsewhere} is a
 * map look-up.
 */
public final class ClusterPresence implements AutoCloseable {

    /** How often a node beats and refreshes its mirror. */
    public static final long BEAT_MILLIS = 1_000;
    /** How long after its last beat a node's accounts still count as online. */
    public static final long TTL_MILLIS = 5_000;
    static final String NODES = "chat:nodes";
    static final String ONLINE = "chat:online:";

    private final String nodeId;
    private final RedisAsyncCommands<String, String> redis;
    private final OnlineUsers online;
    private final Executor loop;
    private final ScheduledExecutorService timer;
    /** Accounts online on other nodes: the nodes that hold each. Loop thread only. */
    private Map<Long, Set<String>> elsewhere = new HashMap<>();

    ClusterPresence(String nodeId, RedisAsyncCommands<String, String> redis, OnlineUsers online, Executor loop) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.online = online;
        this.loop = loop;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chat-presence");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                loop.execute(this::beat);
            } catch (RuntimeException e) {
                // the loop is not running (yet, or any more): the next beat tries again
            }
        }, BEAT_MILLIS / 4, BEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether a device of the account is connected to another live node; loop thread. */
    public boolean isOnlineElsewhere(long accountId) {
        return elsewhere.containsKey(accountId);
    }

    void cameOnline(long accountId) {
        redis.sadd(ONLINE + nodeId, Long.toString(accountId));
    }

    void wentOffline(long accountId) {
        redis.srem(ONLINE + nodeId, Long.toString(accountId));
    }

    /** On the loop: write this node's beat and accounts, then read everyone else's. */
    private void beat() {
        long now = System.currentTimeMillis();
        String key = ONLINE + nodeId;
        Set<Long> mine = online.accountIds();
        redis.zadd(NODES, now + TTL_MILLIS, nodeId);
        if (!mine.isEmpty()) {
            redis.sadd(key, mine.stream().map(String::valueOf).toArray(String[]::new));
        }
        redis.pexpire(key, TTL_MILLIS * 2);
        redis.zremrangebyscore(NODES, Range.create(0, now - TTL_MILLIS * 10)); // long dead: forget them
        redis.zrangebyscore(NODES, Range.create((double) now, Double.MAX_VALUE)).thenAccept(nodes -> {
            Map<String, CompletableFuture<Set<String>>> sets = new HashMap<>();
            for (String node : nodes) {
                if (!node.equals(nodeId)) {
                    sets.put(node, redis.smembers(ONLINE + node).toCompletableFuture());
                }
            }
            CompletableFuture.allOf(sets.values().toArray(CompletableFuture[]::new)).thenRun(() -> {
                Map<Long, Set<String>> mirror = new HashMap<>();
                sets.forEach((node, members) -> {
                    for (String id : members.join()) {
                        mirror.computeIfAbsent(Long.valueOf(id), k -> new HashSet<>(2)).add(node);
                    }
                });
                loop.execute(() -> elsewhere = mirror);
            });
        });
    }

    /** The nodes counted alive at the last beat, this one included when Redis answers; for tests and operators. */
    List<String> liveNodes() {
        return redis.zrangebyscore(NODES, Range.create((double) System.currentTimeMillis(), Double.MAX_VALUE))
                .toCompletableFuture().join();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        redis.zrem(NODES, nodeId);
        redis.del(ONLINE + nodeId);
    }
}
