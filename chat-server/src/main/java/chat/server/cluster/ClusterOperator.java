package chat.server.cluster;

import chat.server.admin.LiveServer;
import chat.server.admin.OtherNodes;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Operator commands across the nodes of a cluster: a request given to one node's admin socket is published on
 * {@code chat:operator}; every other node carries it out on its own connections ({@link LiveServer#answerForOtherNode})
 * and publishes its answer on the asking node's {@code chat:operator:<node>}. PUBLISH answers how many nodes heard the
 * request, so the asking node knows how many answers to wait for ({@link #ANSWER_MILLIS} at most: a node that dies
 * meanwhile is not waited for longer).
 *
 * <p>Nothing here runs on the event loop: the asking side is the admin thread, which may wait; requests from other
 * nodes are carried out on a thread of their own ({@code chat-operator}), since {@link LiveServer} waits for the
 * loop, and Lettuce's own threads must never wait.
 */
public final class ClusterOperator implements OtherNodes, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterOperator.class.getName());
    static final String REQUESTS = "chat:operator";
    /** How long the asking node waits for the others' answers. */
    static final long ANSWER_MILLIS = 5_000;

    private final String nodeId;
    private final LiveServer live;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-operator");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong nextRequest = new AtomicLong();
    private final Map<String, List<String>> waiting = new ConcurrentHashMap<>();

    /** Connects to Redis ({@code redis://HOST:PORT}) and starts answering the other nodes. */
    public ClusterOperator(String redisUrl, String nodeId, LiveServer live) {
        this.nodeId = nodeId;
        this.live = live;
        this.client = RedisClients.open(redisUrl);
        this.connection = client.connect();
        this.subscriptions = client.connectPubSub();
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(channel, message);
            }
        });
        subscriptions.sync().subscribe(REQUESTS, answersChannel(nodeId));
    }

    @Override
    public String thisNode() {
        return nodeId;
    }

    @Override
    public List<String> ask(String verb, List<String> arguments) throws IOException {
        String id = nodeId + "-" + nextRequest.incrementAndGet();
        List<String> answers = new ArrayList<>();
        waiting.put(id, answers);
        try {
            List<String> fields = new ArrayList<>(List.of(id, nodeId, verb));
            fields.addAll(arguments);
            long heard = connection.async().publish(REQUESTS, encode(fields)).get(5, TimeUnit.SECONDS);
            long expected = heard - 1; // this node hears its own request too
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_MILLIS);
            synchronized (answers) {
                while (answers.size() < expected) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warning(() -> verb + ": " + answers.size() + " of " + expected
                                + " other nodes answered within " + ANSWER_MILLIS + " ms");
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(answers, left);
                }
                return List.copyOf(answers);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Redis did not take the request: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the other nodes", e);
        } finally {
            waiting.remove(id);
        }
    }

    /** On a Lettuce thread: hand requests to the worker, answers to whoever waits for them. */
    private void received(String channel, String message) {
        List<String> fields = decode(message);
        if (channel.equals(REQUESTS)) {
            if (fields.size() >= 3 && !fields.get(1).equals(nodeId)) {
                worker.execute(() -> answer(fields.get(0), fields.get(1), fields.get(2),
                        fields.subList(3, fields.size())));
            }
            return;
        }
        List<String> answers = fields.size() == 2 ? waiting.get(fields.get(0)) : null;
        if (answers != null) {
            synchronized (answers) {
                answers.add(fields.get(1));
                answers.notifyAll();
            }
        }
    }

    /** On the worker: carries out another node's request here and answers it. */
    private void answer(String id, String origin, String verb, List<String> arguments) {
        String answer;
        try {
            answer = live.answerForOtherNode(verb, arguments);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the operator's " + verb + " from node " + origin + " failed here", e);
            answer = ""; // counted as nothing, rather than making the asking node wait
        }
        connection.async().publish(answersChannel(origin), encode(List.of(id, answer)));
    }

    private static String answersChannel(String node) {
        return REQUESTS + ":" + node;
    }

    /** Fields joined by tabs, each URL-encoded (a reason may hold anything the operator typed). */
    static String encode(List<String> fields) {
        return String.join("\t", fields.stream().map(f -> URLEncoder.encode(f, StandardCharsets.UTF_8)).toList());
    }

    static List<String> decode(String message) {
        List<String> fields = new ArrayList<>();
        for (String field : message.split("\t", -1)) {
            fields.add(URLDecoder.decode(field, StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        subscriptions.close();
        connection.close();
        RedisClients.close(client);
    }
}
