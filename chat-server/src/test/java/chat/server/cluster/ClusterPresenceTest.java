package chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ServerFrame;
import chat.server.TestRedis;
import chat.server.chat.Chatter;
import chat.server.chat.OnlineUsers;
import chat.server.chat.Outbox;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/** A node's presence beat on a real Redis, at a size the tests over sockets do not reach. */
class ClusterPresenceTest {

    private static final Outbox NOWHERE = new Outbox() {
        @Override
        public void deliver(ServerFrame frame) {
        }

        @Override
        public void disconnect(ServerFrame.Bye bye) {
        }
    };

    @Test
    void aBeatWritesEveryAccountOfABusyNode() {
        OnlineUsers online = new OnlineUsers();
        int accounts = 6_000; // twelve thousand arguments: more than one Lua unpack takes
        for (int i = 1; i <= accounts; i++) {
            Chatter chatter = new Chatter(i, "guest-" + (10_000 + i), "127.0.0.1", NOWHERE);
            chatter.logIn(new Chatter.Account(i, "user" + i), null, 0);
            online.add(chatter);
        }
        try (TestRedis redis = TestRedis.start()) {
            RedisClient client = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = client.connect();
                    ClusterPresence presence = new ClusterPresence("n1", connection.async(), online, Runnable::run)) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (connection.sync().hlen(ClusterPresence.ONLINE + "n1") < accounts) {
                    assertThat(System.nanoTime()).as("every account written within 10 s").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                assertThat(connection.sync().hget(ClusterPresence.ONLINE + "n1", "4321")).isEqualTo("1\t0\tuser4321");
            } finally {
                client.shutdown();
            }
        }
    }
}
