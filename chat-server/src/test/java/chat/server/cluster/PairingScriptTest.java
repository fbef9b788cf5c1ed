package chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.TestRedis;
import chat.server.chat.ChatException;
import chat.server.chat.OnlineUsers;
import chat.server.chat.StrangerExchange;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's pairing script on a real Redis, asked as nodes ask it: the rules a test over sockets cannot set up
 * at will (two waiters on different nodes with the same handle, a waiter whose node stopped beating).
 */
class PairingScriptTest {

    private TestRedis redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private ClusterPresence presence;
    private RedisStrangers strangers;

    @BeforeEach
    void connect() {
        redis = TestRedis.start();
        client = RedisClient.create(redis.url());
        connection = client.connect();
        presence = new ClusterPresence("n1", connection.async(), new OnlineUsers(), Runnable::run);
        strangers = new RedisStrangers("n1", connection.async(), null, Runnable::run, presence);
    }

    @AfterEach
    void disconnect() {
        presence.close();
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Test
    void twoWaitersWithOneHandleAreNeverPutTogether() throws Exception {
        assertThat(enqueue(waiter("n1:1", "guest-1234"))).isEmpty();
        assertThat(enqueue(waiter("n2:1", "guest-1234"))).as("same handle, another node").isEmpty();
        List<StrangerExchange.Member> group = enqueue(waiter("n2:2", "guest-5678"));
        assertThat(group).extracting(StrangerExchange.Member::key).containsExactly("n1:1", "n2:2");
    }

    @Test
    void aWaiterWhoseNodeStoppedBeatingIsDroppedWhenAMatchLooksAtIt() throws Exception {
        RedisStrangers deadNode = new RedisStrangers("n9", connection.async(), null, Runnable::run, presence);
        assertThat(enqueue(deadNode, waiter("n9:1", "guest-9999"))).isEmpty();
        // n9 queued someone and never beat again: its heart-beat is long past
        connection.sync().zadd(ClusterPresence.NODES, System.currentTimeMillis() - 60_000, "n9");
        assertThat(enqueue(waiter("n1:1", "guest-1111"))).isEmpty();
        assertThat(connection.sync().exists("chat:pair:w:n9:1")).isZero();
        assertThat(enqueue(waiter("n1:2", "guest-2222"))).extracting(StrangerExchange.Member::key)
                .containsExactly("n1:1", "n1:2");
    }

    private List<StrangerExchange.Member> enqueue(StrangerExchange.Waiter waiter) throws Exception {
        return enqueue(strangers, waiter);
    }

    private static List<StrangerExchange.Member> enqueue(RedisStrangers node, StrangerExchange.Waiter waiter)
            throws Exception {
        CompletableFuture<List<StrangerExchange.Member>> answer = new CompletableFuture<>();
        node.enqueue(waiter, (List<StrangerExchange.Member> group, ChatException error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(group);
            }
        });
        return answer.get(10, TimeUnit.SECONDS);
    }

    /** A guest who waits for anyone, on the node its key names. */
    private static StrangerExchange.Waiter waiter(String key, String handle) {
        return new StrangerExchange.Waiter(key, 1, 2, Set.of(), true, null, "", "", handle, Set.of(), Set.of(),
                Set.of(), Set.of());
    }
}
