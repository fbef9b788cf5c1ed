package chat.server.cluster;

import chat.server.chat.Chatter;
import chat.server.chat.OnlineElsewhere;
import chat.server.chat.OnlineUsers;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Who is online on the other nodes, with a time to live. Each node keeps the accounts it holds in the Redis hash
 * {@code chat:online:<node>} (account id to how it shows: name, away and its message, visible or hidden) and its
 * heart-beat in the sorted set {@code chat:nodes} (scored with the time it stops counting, {@link #TTL_MILLIS}
 * ahead). Every {@link #BEAT_MILLIS} a node writes both again, whole (which also refills them after Redis lost its
 * data in a restart, and carries changes of away and visibility), and reads the hashes of the nodes still alive into
 * its mirror. A node that died stops beating: within {@link #TTL_MILLIS} plus a beat its accounts drop out of every
 * mirror, so they show offline within a bounded time whatever killed it. The mirror lives on the loop; its look-ups
 * are map look-ups.
 */
public final class ClusterPresence implements OnlineElsewhere, AutoCloseable {

    /** How often a node beats and refreshes its mirror. */
    public static final long BEAT_MILLIS = 1_000;
    /** How long after its last beat a node's accounts still count as online. */
    public static final long TTL_MILLIS = 5_000;
    static final String NODES = "chat:nodes";
    static final String ONLINE = "chat:online:";
    static final String MARK = "chat:mark:";
    /**
     * Replaces a node's hash in one step: KEYS[1] the hash, ARGV[1] its time to live, then field, value, ...; and
     * answers whether the node's mark (KEYS[2], renewed for a day) was still there: when it was not, Redis lost its
     * data since the last beat.
     */
    private static final String REPLACE = "redis.call('DEL', KEYS[1]) for i = 2, #ARGV, 1000 do" // unpack has a limit
            + " redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV))) end"
            + " if #ARGV > 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end"
            + " local marked = redis.call('EXISTS', KEYS[2]) redis.call('SET', KEYS[2], '1', 'PX', 86400000)"
            + " return marked";

    private final String nodeId;
    private final RedisAsyncCommands<String, String> redis;
    private final OnlineUsers online;
    private final Executor loop;
    private final ScheduledExecutorService timer;
    /** Accounts online on other nodes, by id and by name in lower case. Loop thread only. */
    private Map<Long, User> elsewhere = new HashMap<>();
    private Map<String, User> elsewhereByName = new HashMap<>();
    private Consumer<Set<String>> liveNodesListener = nodes -> { };
    private final List<Runnable> emptiedListeners = new ArrayList<>();
    /** The nodes alive at the last beat. */
    private Set<String> liveNodes = Set.of();

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

    @Override
    public Collection<User> users() {
        return elsewhere.values();
    }

    @Override
    public User byId(long accountId) {
        return elsewhere.get(accountId);
    }

    @Override
    public User byName(String name) {
        return elsewhereByName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code node} was alive at the last beat (this node always is). */
    boolean isLive(String node) {
        return node.equals(nodeId) || liveNodes.contains(node);
    }

    /** Hears the nodes alive after every beat, on the loop. */
    void onLiveNodes(Consumer<Set<String>> listener) {
        this.liveNodesListener = listener;
    }

    /**
     * Hears, on the loop, when Redis lost its data (it restarted) since the last beat; also at the first beat that
     * reaches Redis, since a restart may have come before it.
     */
    void onEmptied(Runnable listener) {
        emptiedListeners.add(listener);
    }

    void cameOnline(long accountId) {
        List<Chatter> devices = online.devices(accountId);
        if (!devices.isEmpty()) {
            redis.hset(ONLINE + nodeId, Long.toString(accountId), shown(devices.get(0)));
        }
    }

    void wentOffline(long accountId) {
        redis.hdel(ONLINE + nodeId, Long.toString(accountId));
    }

    /** On the loop: write this node's beat and accounts, then read everyone else's. */
    private void beat() {
        long now = System.currentTimeMillis();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(TTL_MILLIS * 2));
        for (Chatter first : online.firstDevices()) {
            args.add(Long.toString(first.account().id()));
            args.add(shown(first));
        }
        redis.zadd(NODES, now + TTL_MILLIS, nodeId);
        redis.<Long>eval(REPLACE, ScriptOutputType.INTEGER, new String[] {ONLINE + nodeId, MARK + nodeId},
                args.toArray(String[]::new)).thenAccept(wasMarked -> loop.execute(() -> {
                    if (wasMarked == 0) {
                        emptiedListeners.forEach(Runnable::run);
                    }
                }));
        redis.zremrangebyscore(NODES, Range.create(0, now - TTL_MILLIS * 10)); // long dead: forget them
        redis.zrangebyscore(NODES, Range.create((double) now, Double.MAX_VALUE)).thenAccept(nodes -> {
            Map<String, CompletableFuture<Map<String, String>>> hashes = new HashMap<>();
            for (String node : nodes) {
                if (!node.equals(nodeId)) {
                    hashes.put(node, redis.hgetall(ONLINE + node).toCompletableFuture());
                }
            }
            CompletableFuture.allOf(hashes.values().toArray(CompletableFuture[]::new)).thenRun(() -> {
                Map<Long, User> mirror = new HashMap<>();
                hashes.forEach((node, accounts) -> accounts.join().forEach((id, shown) -> {
                    User user = user(Long.parseLong(id), shown);
                    mirror.merge(user.accountId(), user, (a, b) -> a.away() ? b : a); // back on one: back
                }));
                Map<String, User> byName = new HashMap<>();
                mirror.values().forEach(user -> byName.put(user.name().toLowerCase(Locale.ROOT), user));
                Set<String> live = Set.copyOf(nodes);
                loop.execute(() -> {
                    elsewhere = mirror;
                    elsewhereByName = byName;
                    liveNodes = live;
                    liveNodesListener.accept(live);
                });
            });
        });
    }

    /** How an account shows: {@code visible away name [message]}, tab-separated (names and messages have none). */
    private static String shown(Chatter device) {
        return (device.visible() ? "1" : "0") + '\t' + (device.away() ? "1" : "0") + '\t' + device.account().name()
                + (device.awayMessage() == null ? "" : '\t' + device.awayMessage());
    }

    private static User user(long accountId, String shown) {
        String[] fields = shown.split("\t", 4);
        return new User(accountId, fields[2], fields[1].equals("1"), fields.length > 3 ? fields[3] : null,
                fields[0].equals("1"));
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
        redis.del(ONLINE + nodeId, MARK + nodeId);
    }
}
