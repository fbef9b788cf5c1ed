package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.files.FilesTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What uploads may cost the disk and others: nothing reaches the vault for a conversation that does not take it, no
 * content stays without a record, guests have a quota, unfinished uploads are bounded, and pictures are decoded
 * where they delay no one's chunks.
 */
class UploadLimitsTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(UnaryOperator<ServerConfig.Builder> adjust) {
        server = TestServer.start(tempDir, config -> adjust.apply(config.bcryptCost(4).rateLimit("all=off")));
    }

    @Test
    void aRoomNotJoinedTakesNoFileAndTheDiskDoesNotGrow() throws Exception {
        start(config -> config);
        byte[] content = bytes(100_000);
        try (TestClient guest = TestClient.connect(server.port())) {
            guest.send(new ClientFrame.UploadStart("s", "#nowhere", "a.bin", (long) content.length,
                    TransfersTest.sha256(content)));
            assertThat(guest.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_conversation");

            // Joined at the start, gone by the finish: refused with an answer, and nothing kept.
            for (int round = 0; round < 3; round++) {
                guest.send(new ClientFrame.Join(null, "#room"));
                guest.frame(ServerFrame.Room.class);
                guest.frame(ServerFrame.History.class);
                guest.send(new ClientFrame.UploadStart("s", "#room", "a.bin", (long) content.length,
                        TransfersTest.sha256(content)));
                ServerFrame.UploadReady ready = guest.frame(ServerFrame.UploadReady.class);
                TransfersTest.sendChunks(guest, ready.upload(), content, 0);
                guest.send(new ClientFrame.Part(null, "#room"));
                guest.frame(ServerFrame.Left.class);
                guest.send(new ClientFrame.UploadFinish("f", ready.upload()));
                ServerFrame.Error refused = guest.frame(ServerFrame.Error.class);
                assertThat(refused.re()).isEqualTo("f");
                assertThat(refused.code()).isEqualTo("unknown_conversation");
            }
            awaitNoFiles();
            assertThat(count("SELECT COUNT(*) FROM files")).isZero();
        }
    }

    @Test
    void contentWithoutARecordIsRemovedAtStartAndSharedContentStays() throws Exception {
        start(config -> config);
        byte[] content = bytes(10_000);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            join(alice, "#keep");
            TransfersTest.upload(alice, "#keep", "kept.bin", content);
        }
        server.close();
        Path stray = tempDir.resolve("files/ab/cd/abcd" + "0".repeat(60)); // a crash between commit and message
        Files.createDirectories(stray.getParent());
        Files.write(stray, bytes(1_000));
        server = null;
        start(config -> config);
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (Files.exists(stray) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(stray).doesNotExist();
        assertThat(blobs()).hasSize(1);
    }

    @Test
    void guestsHaveAQuotaPerConnectionAndPerAddress() throws Exception {
        start(config -> config.resources(limits -> limits.withGuestQuota(50_000, 70_000)));
        try (TestClient guest = TestClient.connect(server.port()); TestClient other = TestClient.connect(server.port())) {
            join(guest, "#share");
            TransfersTest.upload(guest, "#share", "one.bin", bytes(30_000));
            guest.send(new ClientFrame.UploadStart("s", "#share", "two.bin", 30_000L,
                    TransfersTest.sha256(bytes(30_001))));
            ServerFrame.Error refused = guest.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("quota_exceeded");
            assertThat(refused.message()).contains("a connection");

            join(other, "#share"); // a fresh connection from the same address
            TransfersTest.upload(other, "#share", "three.bin", bytes(35_000));
            other.send(new ClientFrame.UploadStart("s", "#share", "four.bin", 10_000L,
                    TransfersTest.sha256(bytes(10_000))));
            ServerFrame.Error addressFull = other.frame(ServerFrame.Error.class);
            assertThat(addressFull.code()).isEqualTo("quota_exceeded");
            assertThat(addressFull.message()).contains("your address");
        }
    }

    @Test
    void unfinishedUploadsAreBoundedInAllAndPerAddress() throws Exception {
        start(config -> config.resources(limits -> limits.withUploadTemp(100_000, 60_000)));
        try (TestClient a = TestClient.connectFrom("127.0.0.2", server.port());
                TestClient b = TestClient.connectFrom("127.0.0.2", server.port());
                TestClient c = TestClient.connectFrom("127.0.0.3", server.port());
                TestClient d = TestClient.connectFrom("127.0.0.4", server.port())) {
            for (TestClient client : List.of(a, b, c, d)) {
                join(client, "#big");
            }
            String first = ready(a, 50_000);
            assertThat(refusal(b, 20_000)).isEqualTo("too_many_uploads"); // 70,000 from one address
            ready(c, 40_000);
            assertThat(refusal(d, 20_000)).isEqualTo("busy"); // 110,000 in all
            a.send(new ClientFrame.UploadCancel("x", first));
            a.awaitFrame(ServerFrame.Ok.class);
            ready(d, 20_000);
            ready(b, 20_000);
        }
    }

    @Test
    void decodingAPictureDelaysNobodyElsesChunks() throws Exception {
        start(config -> config);
        byte[] picture = FilesTest.picture("png", 3_990, 3_990); // just under the thumbnail limit: decoded
        byte[] other = bytes(2 * ChatServer.CHUNK_BYTES);
        try (TestClient painter = TestClient.connectFrom("127.0.0.2", server.port());
                TestClient sender = TestClient.connectFrom("127.0.0.3", server.port())) {
            join(painter, "#art");
            join(sender, "#art");
            painter.frame(ServerFrame.MemberJoined.class);
            painter.send(new ClientFrame.UploadStart("s", "#art", "big.png", (long) picture.length,
                    TransfersTest.sha256(picture)));
            String upload = painter.frame(ServerFrame.UploadReady.class).upload();
            TransfersTest.sendChunks(painter, upload, picture, 0);
            sender.send(new ClientFrame.UploadStart("s", "#art", "other.bin", (long) other.length,
                    TransfersTest.sha256(other)));
            String otherUpload = sender.frame(ServerFrame.UploadReady.class).upload();

            long finishing = System.nanoTime();
            painter.send(new ClientFrame.UploadFinish("f", upload));
            long chunkSent = System.nanoTime();
            TransfersTest.sendChunks(sender, otherUpload, other, 0);
            long chunksTook = System.nanoTime() - chunkSent;
            ServerFrame.Ok shared = painter.awaitFrame(ServerFrame.Ok.class, ok -> "f".equals(ok.re()));
            long pictureTook = System.nanoTime() - finishing;
            assertThat(shared.id()).isNotNull();
            assertThat(TimeUnit.NANOSECONDS.toMillis(pictureTook)).as("the picture's check, ms").isGreaterThan(30);
            assertThat(chunksTook).as("the other's chunks, while the picture was decoded")
                    .isLessThan(pictureTook / 3);
        }
    }

    @Test
    void aPictureTooLargeToDecodeIsSharedWithItsSizeButNoThumbnail() throws Exception {
        start(config -> config.resources(limits -> limits.withMaxThumbnailPixels(1_000_000)));
        byte[] picture = FilesTest.picture("png", 1_200, 1_000);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            join(alice, "#pics");
            join(bob, "#pics");
            alice.frame(ServerFrame.MemberJoined.class);
            TransfersTest.upload(alice, "#pics", "wide.png", picture);
            ServerFrame.FileInfo file = bob.awaitFrame(ServerFrame.Message.class).file();
            assertThat(file.type()).isEqualTo("image/png");
            assertThat(file.width()).isEqualTo(1_200);
            assertThat(file.height()).isEqualTo(1_000);
            assertThat(file.thumbnail()).isNull();
        }
    }

    private static String ready(TestClient client, long size) throws Exception {
        client.send(new ClientFrame.UploadStart("s", "#big", "f.bin", size, TransfersTest.sha256(bytes((int) size))));
        return client.awaitFrame(ServerFrame.UploadReady.class).upload();
    }

    private static String refusal(TestClient client, long size) throws Exception {
        client.send(new ClientFrame.UploadStart("s", "#big", "f.bin", size, TransfersTest.sha256(bytes((int) size))));
        return client.awaitFrame(ServerFrame.Error.class).code();
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join(null, room));
        client.frame(ServerFrame.Room.class);
        client.frame(ServerFrame.History.class);
    }

    /** Waits until neither the vault nor its temporary directory holds a file. */
    private void awaitNoFiles() throws IOException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!(blobs().isEmpty() && temporaries().isEmpty()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(blobs()).as("contents in the vault").isEmpty();
        assertThat(temporaries()).as("temporary files").isEmpty();
    }

    private List<Path> blobs() throws IOException {
        try (Stream<Path> files = Files.find(tempDir.resolve("files"), 3, (path, attributes) ->
                attributes.isRegularFile() && !path.getParent().endsWith("tmp"))) {
            return files.toList();
        }
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(tempDir.resolve("files/tmp"))) {
            return files.toList();
        }
    }

    private int count(String sql) throws Exception {
        return server.store().call(c -> {
            try (var statement = c.createStatement(); var rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        new SplittableRandom(count).nextBytes(bytes);
        return bytes;
    }
}
