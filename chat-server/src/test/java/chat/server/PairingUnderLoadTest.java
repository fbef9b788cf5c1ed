package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of strangers asking again and again for someone with their interest must not stall the loop: a
 * bystander's ping stays quick. (Functional bound only; latency figures belong in the benchmark.)
 */
class PairingUnderLoadTest {

    private static final int GUESTS = 300;

    @TempDir
    Path tempDir;

    @Test
    void guestsRequeueingWithInterestsDoNotStallOthers() throws InterruptedException {
        List<TestClient> guests = new ArrayList<>(GUESTS);
        try (ChatServer server = TestServer.start(tempDir, config -> config.maxConnectionsPerAddress(GUESTS + 10)
                .connectsPerSecondPerAddress(10_000).interestWaitMillis(2_000).rateLimit("next.address=off"));
                TestClient bystander = TestClient.connect(server.port())) {
            for (int i = 0; i < GUESTS; i++) {
                guests.add(TestClient.connect(server.port()));
            }
            // Every 100 ms a tenth of the guests ask again: each asks once a second, with an interest of its own. The
            // load keeps its pace whatever the server does, as an attacker's would.
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                long start = System.nanoTime();
                for (int round = 0; loading.get(); round++) {
                    for (int i = 0; i < GUESTS / 10; i++) {
                        int guest = (round * (GUESTS / 10) + i) % GUESTS;
                        guests.get(guest).send(new ClientFrame.Next(null, null, List.of("topic-" + guest)));
                    }
                    long due = start + TimeUnit.MILLISECONDS.toNanos(100L * (round + 1)) - System.nanoTime();
                    LockSupport.parkNanos(Math.max(0, due));
                }
            }, "requeueing guests");
            load.start();
            long slowestPingNanos = 0;
            try {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                for (int i = 0; System.nanoTime() < until; i++) {
                    long sent = System.nanoTime();
                    bystander.send(new ClientFrame.Ping("p" + i));
                    bystander.frame(ServerFrame.Pong.class);
                    slowestPingNanos = Math.max(slowestPingNanos, System.nanoTime() - sent);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a ping every 50 ms or so
                }
            } finally {
                loading.set(false);
                load.join();
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestPingNanos)).as("slowest ping, ms").isLessThan(1_000);

            // The interest index still finds the one waiting stranger who shares an interest, at once.
            bystander.send(new ClientFrame.Next(null, null, List.of("topic-7")));
            ServerFrame.Paired paired = bystander.awaitFrame(ServerFrame.Paired.class);
            assertThat(paired.partner()).isEqualTo(guests.get(7).handle());
            assertThat(paired.interests()).containsExactly("topic-7");
        } finally {
            guests.forEach(TestClient::close);
        }
    }
}
