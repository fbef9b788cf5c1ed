package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.net.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Random;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the same port as plain text, end to end: a JDK TLS socket and a plain socket talk to one real server, a
 * certificate the client does not trust is refused, and secrets from other machines need TLS.
 */
class TlsTest {

    @TempDir
    static Path keys;
    @TempDir
    Path tempDir;

    private static Path serverKeystore;
    private static Path otherKeystore;
    private ChatServer server;

    @BeforeAll
    static void makeCertificates() {
        serverKeystore = TestCertificates.selfSigned(keys, "server");
        otherKeystore = TestCertificates.selfSigned(keys, "other");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatServer startTls(UnaryOperator<ServerConfig.Builder> adjust) {
        return startTls(InetAddress.getLoopbackAddress(), adjust);
    }

    private ChatServer startTls(InetAddress bind, UnaryOperator<ServerConfig.Builder> adjust) {
        try {
            ServerCertificate certificate = ServerCertificate.load(serverKeystore,
                    TestCertificates.PASSWORD.toCharArray());
            server = TestServer.start(tempDir, bind, config -> adjust.apply(config.bcryptCost(4)
                    .tls(certificate.context(), 200, false)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestClient tlsClient(SSLContext context, InetSocketAddress address) {
        try {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
            socket.connect(address, (int) TestClient.TIMEOUT.toMillis());
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            socket.startHandshake();
            return TestClient.over(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestClient tlsClient() {
        return tlsClient(TestCertificates.trusting(serverKeystore), new InetSocketAddress("127.0.0.1", server.port()));
    }

    @Test
    void aTlsClientAndANetcatUserChatOnTheSamePort() {
        startTls(config -> config);
        try (TestClient secure = tlsClient(); TestClient plain = TestClient.connect(server.port())) {
            assertThat(secure.greeting()).startsWith("* Welcome to chat-server");
            assertThat(plain.greeting()).startsWith("* Welcome to chat-server");
            secure.send(new ClientFrame.Next(null, null));
            secure.frame(ServerFrame.Queued.class);
            plain.send("/next");
            assertThat(plain.line()).contains("You are now chatting with " + secure.handle());
            secure.frame(ServerFrame.Paired.class);

            secure.send(new ClientFrame.Say("1", null, "über TLS 🔒 你好"));
            assertThat(plain.line()).endsWith("<" + secure.handle() + "> über TLS 🔒 你好");
            plain.send("and back in plain text 👋");
            assertThat(secure.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("and back in plain text 👋");
        }
    }

    @Test
    void aBigFileCrossesTlsBothWaysWhole() throws Exception {
        startTls(config -> config.flood(1_000, 1_000));
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        try (TestClient alice = tlsClient(); TestClient bob = tlsClient()) {
            RandomChatTest.pair(alice, bob);
            TransfersTest.upload(alice, null, "big.bin", content);
            ServerFrame.Message message = bob.frame(ServerFrame.Message.class);
            assertThat(TransfersTest.download(bob, message.file().id())).isEqualTo(content);
        }
    }

    @Test
    void aCertificateTheClientDoesNotTrustIsRefusedAndTheServerGoesOn() {
        startTls(config -> config);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        assertThatThrownBy(() -> tlsClient(TestCertificates.trusting(otherKeystore), address))
                .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThatThrownBy(() -> tlsClient(SSLContext.getDefault(), address)) // the system's CAs
                .hasCauseInstanceOf(SSLException.class);
        try (TestClient secure = tlsClient(); TestClient plain = TestClient.connect(server.port())) {
            RandomChatTest.pair(secure, plain);
        }
    }

    @Test
    void aTlsHandshakeOnAPlainOnlyServerFailsAndPlainClientsGoOn() {
        server = TestServer.start(tempDir, config -> config);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
        assertThatThrownBy(() -> tlsClient(TestCertificates.trusting(serverKeystore), address))
                .isInstanceOf(UncheckedIOException.class);
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
        }
    }

    @Test
    void closeNotifyAfterARequestStillGetsTheAnswerThenTheConnectionEnds() throws Exception {
        startTls(config -> config);
        try (TestClient secure = tlsClient(); TestClient plain = TestClient.connect(server.port())) {
            RandomChatTest.pair(secure, plain);
            secure.send(new ClientFrame.Hello("h", "test"));
            secure.socket().shutdownOutput(); // TLS 1.3 half-close: close_notify, then still reading
            assertThat(secure.awaitFrame(ServerFrame.Welcome.class).re()).isEqualTo("h");
            secure.awaitClosed();
            assertThat(plain.frame(ServerFrame.PartnerLeft.class).partner()).isEqualTo(secure.handle());
        }
    }

    @Test
    void aHandshakeThatNeverFinishesIsClosedAtTheFirstLineTimeout() throws Exception {
        startTls(config -> config.timeouts(60_000, 300));
        try (Socket stuck = new Socket("127.0.0.1", server.port())) {
            stuck.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02}); // the start of a ClientHello
            stuck.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            byte[] answer = stuck.getInputStream().readAllBytes(); // to the end: the server closed it
            assertThat(answer.length == 0 || answer[0] == 0x15).as("nothing, or a TLS alert record").isTrue();
        }
        try (TestClient plain = TestClient.connect(server.port())) {
            plain.send("/help");
            assertThat(plain.line()).startsWith("Commands");
        }
    }

    @Test
    void passwordsFromAnotherMachineNeedTls() throws Exception {
        InetAddress external = nonLoopbackAddress();
        startTls(InetAddress.getByAddress(new byte[4]) /* every interface */, config -> config);
        InetSocketAddress address = new InetSocketAddress(external, server.port());
        try (TestClient plain = TestClient.connect(address); TestClient secure = tlsClient(
                TestCertificates.trusting(serverKeystore), address);
                TestClient local = TestClient.connect(server.port())) {
            plain.send(new ClientFrame.Register("r", "alice", "correct horse"));
            assertThat(plain.frame(ServerFrame.Error.class).code()).isEqualTo("tls_required");
            plain.send("/login alice correct horse");
            assertThat(plain.line()).startsWith("! this server accepts passwords").endsWith("(tls_required)");

            assertThat(AccountsTest.register(secure, "alice", "correct horse").name()).isEqualTo("alice");
            assertThat(AccountsTest.register(local, "bob", "battery staple").name()).isEqualTo("bob");
        }
    }

    @Test
    void aTlsClientSlowerThanTheDetectionWindowIsGreetedInPlainTextThenSpeaksTlsInTheSameSession() throws Exception {
        startTls(config -> config.tls(config.build().tlsContext(), 3, false));
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            String plainGreeting = lineOf(raw);
            assertThat(plainGreeting).startsWith("* Welcome to chat-server"); // the window passed in silence
            SSLSocket secure = (SSLSocket) TestCertificates.trusting(serverKeystore).getSocketFactory()
                    .createSocket(raw, "127.0.0.1", server.port(), true);
            secure.startHandshake();
            try (TestClient client = TestClient.over(secure)) {
                assertThat(client.greeting()).isEqualTo(plainGreeting); // greeted again inside TLS, same handle
                client.send(new ClientFrame.Hello("1", null));
                assertThat(client.frame(ServerFrame.Welcome.class).handle()).isEqualTo(client.handle());
                try (TestClient plain = TestClient.connect(server.port())) {
                    RandomChatTest.pair(client, plain);
                }
            }
        }
    }

    /** One line read byte by byte, so nothing after it is taken from the socket. */
    private static String lineOf(Socket socket) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = socket.getInputStream().read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed before a whole line");
            }
            line.write(b);
        }
        return line.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void requiredTlsRefusesPlainTextFromAnotherMachineButNotFromLoopback() throws Exception {
        InetAddress external = nonLoopbackAddress();
        startTls(InetAddress.getByAddress(new byte[4]), config -> config.tls(config.build().tlsContext(), 200, true));
        try (Socket refused = new Socket(external, server.port())) {
            refused.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            assertThat(lineOf(refused)).startsWith("! tls_required: this server only accepts TLS");
            refused.getOutputStream().write("hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(refused.getInputStream().read()).isEqualTo(-1); // plain text after the refusal: closed
        }
        try (Socket late = new Socket(external, server.port())) {
            late.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            assertThat(lineOf(late)).startsWith("! tls_required"); // told, then a slow TLS client still gets in
            SSLSocket secure = (SSLSocket) TestCertificates.trusting(serverKeystore).getSocketFactory()
                    .createSocket(late, external.getHostAddress(), server.port(), true);
            secure.startHandshake();
            try (TestClient client = TestClient.over(secure)) {
                assertThat(client.greeting()).startsWith("* Welcome to chat-server");
            }
        }
        try (TestClient secure = tlsClient(TestCertificates.trusting(serverKeystore),
                new InetSocketAddress(external, server.port())); TestClient local = TestClient.connect(server.port())) {
            RandomChatTest.pair(secure, local);
        }
    }

    /** An address of this machine that is not loopback; the tests that need one are skipped on a machine without. */
    private static InetAddress nonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address;
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to the skip
        }
        assumeTrue(false, "this machine has no non-loopback IPv4 address");
        return null;
    }
}
