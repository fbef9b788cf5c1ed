package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.files.FilesTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File and picture sharing end to end over real sockets, with the real store and vault in a temp directory. */
class TransfersTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = startServer(config -> config);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatServer startServer(UnaryOperator<ServerConfig.Builder> adjust) {
        return TestServer.start(tempDir, config -> adjust.apply(config.bcryptCost(4).flood(1_000, 1_000)));
    }

    @Test
    void aFileGoesToTheStrangerAndComesBackWhole() throws Exception {
        byte[] content = randomBytes(100_000);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            ServerFrame.Ok ok = upload(alice, null, "../../etc/notes.bin", content);
            ServerFrame.Message message = bob.frame(ServerFrame.Message.class);
            assertThat(ok.id()).isEqualTo(message.id());
            assertThat(message.file().name()).isEqualTo("notes.bin");
            assertThat(message.file().size()).isEqualTo(100_000);
            assertThat(message.file().type()).isEqualTo("application/octet-stream");
            assertThat(download(bob, message.file().id())).isEqualTo(content);
        }
    }

    @Test
    void aPictureArrivesWithItsSizeAndAThumbnailAndPeopleOnNetcatReadALine() throws Exception {
        byte[] png = FilesTest.picture("png", 640, 480);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Queued.class);
            bob.send("/next");
            bob.line();
            alice.frame(ServerFrame.Paired.class);
            upload(alice, null, "holiday.txt", png); // the name lies; the content decides
            String line = bob.line();
            assertThat(line).contains("<" + alice.handle() + "> shared a file: holiday.txt (")
                    .contains("image/png, 640x480) [f");
        }
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            upload(alice, null, "cat.png", png);
            ServerFrame.FileInfo file = bob.frame(ServerFrame.Message.class).file();
            assertThat(file.type()).isEqualTo("image/png");
            assertThat(file.width()).isEqualTo(640);
            assertThat(file.height()).isEqualTo(480);
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(file.thumbnail()))).getWidth())
                    .isEqualTo(48);
        }
    }

    @Test
    void filesInRoomsAndDirectChatsAreStoredAndOnlyMembersMayDownload() throws Exception {
        byte[] content = randomBytes(5_000);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port());
                TestClient outsider = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "alice password");
            AccountsTest.register(bob, "bob", "bob password");
            upload(alice, "@bob", "report.pdf", content);
            ServerFrame.Message received = bob.frame(ServerFrame.Message.class);
            assertThat(received.conv()).isEqualTo("@alice");
            assertThat(download(bob, received.file().id())).isEqualTo(content);

            bob.send(new ClientFrame.History("h", "@alice", null, null));
            assertThat(bob.frame(ServerFrame.History.class).messages().get(0).file().id())
                    .isEqualTo(received.file().id());

            outsider.send(new ClientFrame.Download("d", received.file().id(), 0L));
            assertThat(outsider.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_file");
            outsider.send(new ClientFrame.Download("d2", "fdoesnotexist", 0L));
            assertThat(outsider.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_file");
        }
    }

    @Test
    void badUploadsGetClearErrorsAndNothingHalfWrittenIsServed() throws Exception {
        server.close();
        server = startServer(config -> config.files(50_000, 60_000, 2, 60_000, 1_000_000));
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            alice.send(new ClientFrame.UploadStart("big", null, "big.bin", 50_001L, sha256(new byte[1])));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("file_too_large");

            byte[] content = randomBytes(40_000);
            alice.send(new ClientFrame.UploadStart("s", null, "a.bin", (long) content.length, sha256(content)));
            String upload = alice.frame(ServerFrame.UploadReady.class).upload();
            alice.send(new ClientFrame.UploadChunk("c", upload, 100L, base64(content, 0, 10)));
            ServerFrame.Error outOfOrder = alice.frame(ServerFrame.Error.class);
            assertThat(outOfOrder.code()).isEqualTo("chunk_out_of_order");
            assertThat(outOfOrder.message()).contains("offset 0");
            alice.send(new ClientFrame.UploadChunk("c2", upload, 0L, "not base64!"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("bad_field");
            alice.send(new ClientFrame.UploadFinish("f", upload));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("checksum_mismatch");

            byte[] other = content.clone();
            other[0]++;
            alice.send(new ClientFrame.UploadStart("s2", null, "b.bin", (long) other.length, sha256(content)));
            String liar = alice.frame(ServerFrame.UploadReady.class).upload();
            alice.send(new ClientFrame.UploadStart("s3", null, "c.bin", 10L, sha256(new byte[10])));
            String third = alice.frame(ServerFrame.UploadReady.class).upload();
            alice.send(new ClientFrame.UploadStart("s4", null, "d.bin", 11L, sha256(new byte[11])));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("too_many_uploads");
            alice.send(new ClientFrame.UploadCancel("x", third));
            alice.frame(ServerFrame.Ok.class);
            sendChunks(alice, liar, other);
            alice.send(new ClientFrame.UploadFinish("f2", liar));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("checksum_mismatch");

            byte[] bomb = FilesTest.pngHeaderClaiming(100_000, 100_000);
            assertThat(uploadError(alice, "bomb.png", bomb)).isEqualTo("bad_image");
            byte[] fake = Arrays.copyOf(FilesTest.picture("png", 20, 20), 40);
            Arrays.fill(fake, 8, 40, (byte) 'x');
            assertThat(uploadError(alice, "fake.png", fake)).isEqualTo("bad_image");
            byte[] png = FilesTest.picture("png", 200, 200);
            assertThat(uploadError(alice, "cut.png", Arrays.copyOf(png, png.length / 2))).isEqualTo("bad_image");

            alice.send(new ClientFrame.UploadChunk("u", "unothing", 0L, "AA=="));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_upload");
            alice.send(new ClientFrame.Ping("still fine"));
            assertThat(alice.frame(ServerFrame.Pong.class).re()).isEqualTo("still fine");
        }
        // Every refused or cancelled upload leaves nothing behind; a cancelled one's part is deleted on the file
        // thread after the ok, so it may take a moment.
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        List<Path> left;
        do {
            try (Stream<Path> parts = Files.list(tempDir.resolve("files/tmp"))) {
                left = parts.toList();
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(left).isEmpty();
    }

    private static boolean pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
        return true;
    }

    @Test
    void theQuotaCountsAnAccountsFiles() throws Exception {
        server.close();
        server = startServer(config -> config.files(50_000, 60_000, 2, 60_000, 1_000_000));
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "alice password");
            AccountsTest.register(bob, "bob", "bob password");
            upload(alice, "@bob", "one.bin", randomBytes(40_000));
            alice.send(new ClientFrame.UploadStart("q", "@bob", "two.bin", 30_000L, sha256(new byte[30_000])));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("quota_exceeded");
        }
    }

    @Test
    void anInterruptedUploadResumesWhereItStopped() throws Exception {
        byte[] content = randomBytes(90_000);
        try (TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(bob, "bob", "bob password");
            try (TestClient alice = TestClient.connect(server.port())) {
                AccountsTest.register(alice, "alice", "alice password");
                alice.send(new ClientFrame.UploadStart("s", "@bob", "big.bin", (long) content.length,
                        sha256(content)));
                String upload = alice.frame(ServerFrame.UploadReady.class).upload();
                alice.send(new ClientFrame.UploadChunk("c", upload, 0L, base64(content, 0, 32_768)));
                assertThat(alice.frame(ServerFrame.UploadProgress.class).received()).isEqualTo(32_768);
            }
            try (TestClient alice = TestClient.connect(server.port())) {
                AccountsTest.login(alice, "alice", "alice password");
                alice.send(new ClientFrame.UploadStart("s", "@bob", "big.bin", (long) content.length,
                        sha256(content)));
                ServerFrame.UploadReady ready = alice.frame(ServerFrame.UploadReady.class);
                assertThat(ready.offset()).isEqualTo(32_768);
                sendChunks(alice, ready.upload(), content, 32_768);
                alice.send(new ClientFrame.UploadFinish("f", ready.upload()));
                alice.frame(ServerFrame.Ok.class);
                ServerFrame.Message message = bob.frame(ServerFrame.Message.class);
                assertThat(download(bob, message.file().id())).isEqualTo(content);
            }
        }
    }

    @Test
    void anAbandonedUploadIsThrownAway() throws Exception {
        server.close();
        server = startServer(config -> config.files(50_000, 60_000, 2, 1_000, 1_000_000));
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            alice.send(new ClientFrame.UploadStart("s", null, "slow.bin", 10L, sha256(new byte[10])));
            String upload = alice.frame(ServerFrame.UploadReady.class).upload();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String code = null;
            while (System.nanoTime() < deadline) {
                alice.send(new ClientFrame.UploadFinish("probe", upload)); // incomplete while it lives
                code = alice.frame(ServerFrame.Error.class).code();
                if (!code.equals("checksum_mismatch")) {
                    break;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            assertThat(code).isEqualTo("unknown_upload");
        }
    }

    @Test
    void theFilesOfARandomChatGoWhenItEnds() throws Exception {
        byte[] content = randomBytes(1_000);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            upload(alice, null, "temp.bin", content);
            bob.frame(ServerFrame.Message.class);
            Path blob = tempDir.resolve("files").resolve(sha256(content).substring(0, 2))
                    .resolve(sha256(content).substring(2, 4)).resolve(sha256(content));
            assertThat(blob).exists();
            bob.send(new ClientFrame.Leave(null, null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(blob) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertThat(blob).doesNotExist();
        }
    }

    @Test
    void anAccountsFilesGoWithTheAccount() throws Exception {
        byte[] content = randomBytes(2_000);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "alice password");
            AccountsTest.register(bob, "bob", "bob password");
            upload(alice, "@bob", "mine.bin", content);
            String file = bob.frame(ServerFrame.Message.class).file().id();
            Path blob = tempDir.resolve("files").resolve(sha256(content).substring(0, 2))
                    .resolve(sha256(content).substring(2, 4)).resolve(sha256(content));
            assertThat(blob).exists();
            alice.send(new ClientFrame.DeleteAccount("d", "alice password"));
            alice.frame(ServerFrame.Ok.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(blob) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertThat(blob).doesNotExist();
            bob.send(new ClientFrame.Download("dl", file, 0L));
            assertThat(bob.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_file");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Uploads {@code content} into {@code conv} and returns the {@code ok} of the finish. */
    static ServerFrame.Ok upload(TestClient client, String conv, String name, byte[] content) throws Exception {
        client.send(new ClientFrame.UploadStart("start", conv, name, (long) content.length, sha256(content)));
        ServerFrame.UploadReady ready = client.frame(ServerFrame.UploadReady.class);
        sendChunks(client, ready.upload(), content, ready.offset());
        client.send(new ClientFrame.UploadFinish("finish", ready.upload()));
        return client.frame(ServerFrame.Ok.class);
    }

    private static String uploadError(TestClient client, String name, byte[] content) throws Exception {
        client.send(new ClientFrame.UploadStart("start", null, name, (long) content.length, sha256(content)));
        ServerFrame.UploadReady ready = client.frame(ServerFrame.UploadReady.class);
        sendChunks(client, ready.upload(), content);
        client.send(new ClientFrame.UploadFinish("finish", ready.upload()));
        return client.frame(ServerFrame.Error.class).code();
    }

    private static void sendChunks(TestClient client, String upload, byte[] content) {
        sendChunks(client, upload, content, 0);
    }

    static void sendChunks(TestClient client, String upload, byte[] content, long from) {
        for (int offset = (int) from; offset < content.length; offset += ChatServer.CHUNK_BYTES) {
            int length = Math.min(ChatServer.CHUNK_BYTES, content.length - offset);
            client.send(new ClientFrame.UploadChunk("chunk", upload, (long) offset, base64(content, offset, length)));
            assertThat(client.frame(ServerFrame.UploadProgress.class).received()).isEqualTo(offset + length);
        }
    }

    static byte[] download(TestClient client, String file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long size = -1;
        while (size < 0 || out.size() < size) {
            client.send(new ClientFrame.Download("dl", file, (long) out.size()));
            while (true) {
                ServerFrame frame = client.frame();
                if (frame instanceof ServerFrame.FileChunk chunk) {
                    assertThat(chunk.offset()).isEqualTo(out.size());
                    out.writeBytes(Base64.getDecoder().decode(chunk.data()));
                    size = chunk.size();
                } else {
                    assertThat(frame).isInstanceOf(ServerFrame.Ok.class);
                    break;
                }
            }
        }
        return out.toByteArray();
    }

    private static String base64(byte[] content, int offset, int length) {
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(content, offset, offset + length));
    }

    static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SplittableRandom(count).nextBytes(bytes);
        return bytes;
    }
}
