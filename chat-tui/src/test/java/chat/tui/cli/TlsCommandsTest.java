package chat.tui.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.core.wire.ServerFrame;
import chat.server.ChatServer;
import chat.server.TestCertificates;
import chat.server.net.ServerCertificate;
import chat.tui.TestServers;
import chat.tui.TuiMain;
import chat.tui.TuiProcess;
import chat.tui.config.ClientConfig;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import chat.tui.net.ServerTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The client over TLS against a real server with a self-signed certificate: trust on first use pins the fingerprint,
 * the same certificate is accepted again, another one is refused loudly, and the commands work with {@code --tls}.
 */
class TlsCommandsTest {

    @TempDir
    static Path keys;
    @TempDir
    Path tempDir;

    private static ServerCertificate certificate;
    private static ServerCertificate otherCertificate;
    private ChatServer server;
    private ClientConfig config;
    private final Map<String, String> variables = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void makeCertificates() throws IOException {
        certificate = ServerCertificate.load(TestCertificates.selfSigned(keys, "server"),
                TestCertificates.PASSWORD.toCharArray());
        otherCertificate = ServerCertificate.load(TestCertificates.selfSigned(keys, "impostor"),
                TestCertificates.PASSWORD.toCharArray());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatServer startTls(ServerCertificate identity) {
        server = TestServers.start(tempDir, builder -> builder.tls(identity.context(), 200, false));
        config = new ClientConfig(tempDir.resolve("home"));
        return server;
    }

    private ChatClient connect(HostPort address) throws IOException {
        return ChatClient.connect(address, new ServerTrust(config.knownServers()), Duration.ofSeconds(5),
                ChatClient.Listener.IGNORE);
    }

    @Test
    void theFirstConnectionPinsTheCertificateAndTheNextOnesCheckIt() throws Exception {
        startTls(certificate);
        HostPort address = HostPort.parse("tls://127.0.0.1:" + server.port());
        try (ChatClient first = connect(address)) {
            assertThat(first.pinnedNow()).isTrue();
            assertThat(first.securityNote()).contains("first connection to 127.0.0.1:" + server.port())
                    .contains(certificate.fingerprint());
            assertThat(first.call(new chat.core.wire.ClientFrame.Ping(null), ServerFrame.Pong.class,
                    Duration.ofSeconds(5))).isNotNull();
        }
        Path pins = config.directory().resolve("known_servers");
        assertThat(Files.readString(pins)).contains("127.0.0.1:" + server.port() + " " + certificate.fingerprint());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pins))).isEqualTo("rw-------");
        try (ChatClient again = connect(address)) {
            assertThat(again.pinnedNow()).isFalse();
            assertThat(again.securityNote()).contains("the one pinned on first use");
        }
    }

    @Test
    void aChangedCertificateIsRefusedLoudlyAndThePinStays() throws Exception {
        startTls(otherCertificate);
        HostPort address = HostPort.parse("tls://127.0.0.1:" + server.port());
        String pinLine = "127.0.0.1:" + server.port() + " " + certificate.fingerprint();
        config.knownServers().pin("127.0.0.1:" + server.port(), certificate.fingerprint());

        assertThatThrownBy(() -> connect(address)).isInstanceOf(ServerTrust.ChangedCertificateException.class)
                .hasMessageContaining("HAS CHANGED").hasMessageContaining(certificate.fingerprint())
                .hasMessageContaining(otherCertificate.fingerprint());
        assertThat(Files.readString(config.directory().resolve("known_servers"))).contains(pinLine);

        assertThat(run("", "login", "--tls", "--server", "127.0.0.1:" + server.port(), "alice")).isEqualTo(1);
        assertThat(err.toString()).contains("HAS CHANGED");
    }

    @Test
    void registerAndLogoutWithTlsRememberTheServerAsTls() {
        startTls(certificate);
        assertThat(run("correct horse\ncorrect horse\n", "register", "--tls",
                "--server", "127.0.0.1:" + server.port(), "alice")).isZero();
        assertThat(err.toString()).contains("first connection to 127.0.0.1:" + server.port())
                .contains(certificate.fingerprint());
        assertThat(config.session().orElseThrow().server()).isEqualTo("tls://127.0.0.1:" + server.port());
        assertThat(run("x\n", "passwd", "--server", "127.0.0.1:" + server.port())).isEqualTo(1);
        assertThat(err.toString()).contains("not logged in on 127.0.0.1:" + server.port() + " without TLS")
                .contains("add --tls");
        assertThat(run("correct horse\nbattery staple\nbattery staple\n", "passwd", "--tls", "--server",
                "127.0.0.1:" + server.port())).isZero();
        assertThat(run("", "logout")).isZero();
        assertThat(out.toString()).contains("Logged out.");
        assertThat(err.toString()).doesNotContain("first connection");
    }

    @Test
    void aClientWhoseHandshakeComesAfterTheDetectionWindowStillConnects() throws Exception {
        // 2 ms for the ClientHello after the connection opens: a cold JVM takes longer, so the server greets it in
        // plain text first; the client drops that line and the server goes on in TLS, in the same session
        server = TestServers.start(tempDir, builder -> builder.tls(certificate.context(), 2, false));
        config = new ClientConfig(tempDir.resolve("home"));
        for (String name : new String[] {"alice", "bob"}) {
            TuiProcess.Result result = TuiProcess.run(tempDir.resolve("home-" + name), Map.of(),
                    "correct horse\ncorrect horse\n", "register", "--tls", "--server", "127.0.0.1:" + server.port(),
                    name);
            assertThat(result.output()).contains("Registered " + name);
            assertThat(result.status()).isZero();
        }
        HostPort address = HostPort.parse("tls://127.0.0.1:" + server.port());
        for (int i = 0; i < 5; i++) {
            try (java.net.Socket slow = new java.net.Socket("127.0.0.1", server.port())) {
                slow.setSoTimeout(5_000);
                assertThat(slow.getInputStream().read()).isEqualTo('*'); // what a slow client meets: the greeting
            }
            try (ChatClient client = connect(address)) {
                assertThat(client.call(new chat.core.wire.ClientFrame.Ping(null), ServerFrame.Pong.class,
                        Duration.ofSeconds(5))).isNotNull();
            }
        }
    }

    @Test
    void tlsToAPlainOnlyServerSaysWhatIsWrong() {
        server = TestServers.start(tempDir);
        config = new ClientConfig(tempDir.resolve("home"));
        assertThat(run("secret password\n", "login", "--server", "tls://127.0.0.1:" + server.port(), "alice"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("TLS handshake with 127.0.0.1:" + server.port() + " failed")
                .contains("the server does not speak TLS on that port").contains("--tls-keystore");
    }

    private int run(String stdin, String... arguments) {
        return CommandRunner.run(variables, config, out, err, stdin, arguments);
    }
}
