package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits count what a user does on every node of a cluster: failed logins, registrations and requests per account
 * add up across nodes, so moving to another node does not buy a fresh allowance. A node decides each request at
 * once from what it knows; it hears what the others counted under a key once it has counted under it itself, so a
 * node may let one request through before it knows (the tests allow that one, and no more).
 */
class ClusterLimitsTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path tempA;
    @TempDir
    Path tempB;

    private TestRedis redis;
    private ChatServer nodeA;
    private ChatServer nodeB;

    private void startCluster(UnaryOperator<ServerConfig.Builder> adjust) {
        redis = TestRedis.start();
        ClusterConfig cluster = new ClusterConfig(TestPostgres.shared().newDatabase(), redis.url());
        nodeA = TestServer.start(tempA, config -> adjust.apply(config.bcryptCost(4).cluster(cluster)));
        nodeB = TestServer.start(tempB, config -> adjust.apply(config.bcryptCost(4).cluster(cluster)));
    }

    @AfterEach
    void stopCluster() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Test
    void failedLoginsOnOneNodeCountOnTheOther() {
        startCluster(config -> config.loginThrottle(3, 60_000));
        try (TestClient owner = TestClient.connect(nodeA.port());
                TestClient atA = TestClient.connectFrom("127.0.0.2", nodeA.port());
                TestClient atB = TestClient.connectFrom("127.0.0.2", nodeB.port())) {
            AccountsTest.register(owner, "alice", PASSWORD);
            for (int i = 0; i < 3; i++) {
                atA.send(new ClientFrame.Login("a" + i, "alice", "guess " + i));
                assertThat(atA.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
            }
            awaitShared("login:address:", 3);
            atB.send(new ClientFrame.Login("b1", "alice", "guess at B"));
            assertThat(atB.frame(ServerFrame.Error.class).code()).isIn("wrong_password", "too_many_attempts");
            awaitShared("login:address:", 4);
            atB.send(new ClientFrame.Login("b2", "alice", PASSWORD)); // alone, B would give 2 more free tries
            ServerFrame.Error refused = atB.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("too_many_attempts");
            assertThat(refused.retryAfter()).isBetween(1L, 60L);
        }
    }

    @Test
    void registrationsFromOneAddressCountOnEveryNode() {
        startCluster(config -> config.registrationsPerHour(2));
        try (TestClient first = TestClient.connectFrom("127.0.0.3", nodeA.port());
                TestClient second = TestClient.connectFrom("127.0.0.3", nodeA.port());
                TestClient third = TestClient.connectFrom("127.0.0.3", nodeB.port());
                TestClient fourth = TestClient.connectFrom("127.0.0.3", nodeB.port())) {
            AccountsTest.register(first, "first", PASSWORD);
            AccountsTest.register(second, "second", PASSWORD);
            awaitShared("registration:", 2);
            third.send(new ClientFrame.Register("r3", "third", PASSWORD)); // B has not heard of the address yet
            third.frame();
            awaitShared("registration:", 3);
            fourth.send(new ClientFrame.Register("r4", "fourth", PASSWORD));
            ServerFrame.Error refused = fourth.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("too_many_attempts");
            assertThat(refused.message()).contains("too many new accounts from your address");
        }
    }

    @Test
    void messagesPerAccountCountOnEveryNode() {
        startCluster(config -> config.rateLimit("message.account=4/1min"));
        try (TestClient bob = TestClient.connect(nodeA.port()).logInOrRegister("bob");
                TestClient laptop = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient phone = TestClient.connect(nodeB.port()).logInOrRegister("alice")) {
            for (int i = 0; i < 4; i++) {
                String id = "a" + i;
                laptop.send(new ClientFrame.Say(id, "@bob", "from the laptop " + i));
                laptop.awaitFrame(ServerFrame.Ok.class, ok -> id.equals(ok.re()));
            }
            awaitShared("limit:message:u:", 4);
            phone.send(new ClientFrame.Say("p1", "@bob", "from the phone"));
            phone.awaitFrame(ServerFrame.class, frame -> frame instanceof ServerFrame.Ok ok && "p1".equals(ok.re())
                    || frame instanceof ServerFrame.Error error && "p1".equals(error.re()));
            awaitShared("limit:message:u:", 5);
            phone.send(new ClientFrame.Say("p2", "@bob", "again from the phone"));
            ServerFrame.Error refused = phone.awaitFrame(ServerFrame.Error.class, error -> "p2".equals(error.re()));
            assertThat(refused.code()).isEqualTo("rate_limited");
        }
    }

    /**
     * Waits until the shared counts under keys starting with {@code prefix} add up to {@code total} in Redis: every
     * node has sent what it counted, and heard the others' sum in the same answer.
     */
    private void awaitShared(String prefix, long total) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                long sum = 0;
                for (String key : connection.sync().keys("chat:count:" + prefix + "*")) {
                    for (Map.Entry<String, String> field : connection.sync().hgetall(key).entrySet()) {
                        sum += Long.parseLong(field.getValue());
                    }
                }
                if (sum >= total) {
                    return;
                }
                assertThat(System.nanoTime()).as(prefix + " counts reach " + total + " in Redis within 10 s (there: "
                        + connection.sync().keys("chat:count:*") + ")").isLessThan(deadline);
                Thread.onSpinWait();
            }
        } finally {
            client.shutdown();
        }
    }
}
