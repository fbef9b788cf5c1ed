package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File bytes move at a pace: each uploader or downloader at its rate, everybody together at the server's, slowed
 * rather than refused, while others are served meanwhile. Without it 50 guests uploading as fast as the loop reads
 * kept a core busy hashing and writing chunks and delayed everyone's answers.
 */
class TransferPaceTest {

    private static final long KIB = 1024;

    @TempDir
    Path tempDir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(long perOwner, long total) {
        UnaryOperator<ServerConfig.Builder> adjust = config -> config.bcryptCost(4).rateLimit("all=off")
                .resources(limits -> limits.withTransferRates(perOwner, total));
        server = TestServer.start(tempDir, adjust);
    }

    @Test
    void anUploadIsSlowedToItsPaceAndOthersAreAnsweredMeanwhile() throws Exception {
        start(64 * KIB, 64 * 1024 * KIB);
        byte[] content = bytes(96 * (int) KIB);
        try (TestClient uploader = TestClient.connect(server.port());
                TestClient bystander = TestClient.connect(server.port())) {
            join(uploader, "#paced");
            long started = System.nanoTime();
            CompletableFuture<ServerFrame.Ok> upload = CompletableFuture.supplyAsync(
                    () -> upload(uploader, "#paced", content));
            int pings = 0;
            while (!upload.isDone()) {
                bystander.send(new ClientFrame.Ping("p" + pings));
                assertThat(bystander.frame(ServerFrame.Pong.class).re()).isEqualTo("p" + pings);
                pings++;
            }
            assertThat(upload.get().id()).isNotNull();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // A second's worth at once, the rest at 64 KiB a second: 32 KiB take at least half a second (unpaced,
            // the upload takes some 50 ms).
            assertThat(took).isGreaterThan(Duration.ofMillis(400));
            assertThat(pings).isGreaterThan(3);
        }
    }

    @Test
    void uploadersShareTheServersPace() throws Exception {
        start(64 * 1024 * KIB, 64 * KIB);
        byte[] first = bytes(64 * (int) KIB);
        byte[] second = bytes(64 * (int) KIB + 1);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            join(alice, "#first");
            join(bob, "#second");
            long started = System.nanoTime();
            CompletableFuture<ServerFrame.Ok> one = CompletableFuture.supplyAsync(() -> upload(alice, "#first", first));
            CompletableFuture<ServerFrame.Ok> two = CompletableFuture.supplyAsync(() -> upload(bob, "#second", second));
            CompletableFuture.allOf(one, two).get();
            // 128 KiB in all at 64 KiB a second after the first second's worth: at least 1 s.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(800));
        }
    }

    @Test
    void downloadsKeepThePaceToo() throws Exception {
        start(64 * KIB, 64 * 1024 * KIB);
        byte[] content = bytes(48 * (int) KIB);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            join(bob, "#files");
            join(alice, "#files");
            upload(alice, "#files", content);
            String file = bob.awaitFrame(ServerFrame.Message.class).file().id();
            long started = System.nanoTime();
            for (int round = 0; round < 3; round++) {
                assertThat(TransfersTest.download(bob, file)).isEqualTo(content);
            }
            // The third download waits for the first two: 96 KiB, 64 at once and 32 at 64 KiB a second.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(400));
        }
    }

    private static ServerFrame.Ok upload(TestClient client, String room, byte[] content) {
        try {
            return TransfersTest.upload(client, room, "paced.bin", content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join(null, room));
        client.awaitFrame(ServerFrame.Room.class);
        client.awaitFrame(ServerFrame.History.class);
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        new SplittableRandom(count).nextBytes(bytes);
        return bytes;
    }
}
