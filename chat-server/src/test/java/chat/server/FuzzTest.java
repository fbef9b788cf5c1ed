package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import chat.core.wire.ServerFrame;
import chat.server.net.ServerCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws random bytes and mutated frames, cut at random points, at a real server for a bounded time (fixed seed:
 * a failure replays). Afterwards a normal client still gets answers and no connection is left behind.
 * {@code -Dfuzz.seconds=N -Dfuzz.seed=S} runs it longer (scripts/fuzz).
 */
class FuzzTest {

    private static final List<String> VALID = List.of(
            FrameCodec.encode(new ClientFrame.Next("1", 3, List.of("music"))),
            FrameCodec.encode(new ClientFrame.Say("2", null, "hello 你好 😀")),
            FrameCodec.encode(new ClientFrame.Join("3", "#fuzz")),
            FrameCodec.encode(new ClientFrame.Say("4", "#fuzz", "in the room")),
            FrameCodec.encode(new ClientFrame.Register("5", "fuzzer", "fuzz password")),
            FrameCodec.encode(new ClientFrame.UploadStart("6", null, "a.bin", 10L, "a".repeat(64))),
            FrameCodec.encode(new ClientFrame.Typing(null, null, "active")),
            FrameCodec.encode(new ClientFrame.History("7", "#fuzz", null, 5)),
            "/next 2 a,b", "/join #fuzz", "/msg nobody hi", "/who", "/help", "hello there");

    @TempDir
    Path tempDir;

    @Test
    void garbageAndMutatedFramesLeaveTheServerServing() throws Exception {
        try (ChatServer server = TestServer.start(tempDir, config -> config.bcryptCost(4).maxLineBytes(4096)
                .connectsPerSecondPerAddress(100_000).rateLimit("next.address=off")
                .rateLimit("message.address=off"))) {
            fuzz(server, null);
        }
    }

    /**
     * The same on a server with TLS: half the connections open with a real ClientHello, mutated or cut short, or with
     * random bytes behind a TLS record header; the rest are plain as above.
     */
    @Test
    void mutatedHandshakesLeaveATlsServerServing() throws Exception {
        ServerCertificate certificate = ServerCertificate.load(TestCertificates.selfSigned(tempDir, "fuzz"),
                TestCertificates.PASSWORD.toCharArray());
        try (ChatServer server = TestServer.start(tempDir, config -> config.bcryptCost(4).maxLineBytes(4096)
                .connectsPerSecondPerAddress(100_000).maxConnectionsPerAddress(2_000).rateLimit("next.address=off")
                .rateLimit("message.address=off")
                .tls(certificate.context(), 50, false))) {
            fuzz(server, clientHello());
        }
    }

    /** Fuzzes {@code server}; with a {@code clientHello}, half the connections start a (broken) TLS handshake. */
    private static void fuzz(ChatServer server, byte[] clientHello) throws Exception {
        long seconds = Long.getLong("fuzz.seconds", 3);
        long seed = Long.getLong("fuzz.seed", 20261123);
        SplittableRandom random = new SplittableRandom(seed);
        {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            int connections = 0;
            while (System.nanoTime() < until) {
                connections++;
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
                    socket.setSoLinger(true, 0);
                    OutputStream out = socket.getOutputStream();
                    if (clientHello != null && random.nextBoolean()) {
                        out.write(brokenHandshake(random, clientHello));
                        out.flush();
                        continue;
                    }
                    int lines = random.nextInt(1, 40);
                    for (int i = 0; i < lines; i++) {
                        byte[] bytes = random.nextInt(4) == 0 ? randomBytes(random) : mutated(random);
                        int cut = random.nextInt(bytes.length + 1);
                        out.write(bytes, 0, cut);
                        out.flush();
                        out.write(bytes, cut, bytes.length - cut);
                        out.write('\n');
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server may close a connection that misbehaves: that is allowed
                }
            }
            assertThat(connections).isPositive();
            // Handshakes the fuzzer abandoned may still be queued for their crypto; each ends in a failed write.
            assertThat(awaitConnections(server, 0)).as("connections left on the server after the fuzz").isZero();

            try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
                RandomChatTest.pair(alice, bob);
                alice.send(new ClientFrame.Say("s", null, "still here"));
                assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("still here");
                assertThat(awaitConnections(server, 2)).as("connections besides the two checking").isEqualTo(2);
            }
        }
    }

    /** Polls the server's connection count until it is {@code expected} or 20 s have passed; returns the last. */
    private static int awaitConnections(ChatServer server, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int open = Integer.MAX_VALUE;
        while (System.nanoTime() < deadline && open != expected) {
            CompletableFuture<Integer> count = new CompletableFuture<>();
            server.loop().execute(() -> count.complete(server.loop().connectionCount()));
            open = count.get(10, TimeUnit.SECONDS);
        }
        return open;
    }

    /** A real TLS 1.3 ClientHello, as a JDK client sends it first. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 7000);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] brokenHandshake(SplittableRandom random, byte[] clientHello) {
        byte[] bytes;
        if (random.nextInt(4) == 0) {
            bytes = randomBytes(random);
            bytes[0] = 0x16;
        } else {
            bytes = clientHello.clone();
            int mutations = random.nextInt(0, 6);
            for (int i = 0; i < mutations; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            bytes[0] = 0x16;
        }
        return java.util.Arrays.copyOf(bytes, random.nextInt(1, bytes.length + 1));
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(1, 6_000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutated(SplittableRandom random) {
        byte[] bytes = VALID.get(random.nextInt(VALID.size())).getBytes(StandardCharsets.UTF_8);
        int mutations = random.nextInt(0, 4);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) "{}[]\":,\\0-9eE".charAt(random.nextInt(13));
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, at);
                default -> bytes[at] = '\n';
            }
        }
        return bytes;
    }
}
