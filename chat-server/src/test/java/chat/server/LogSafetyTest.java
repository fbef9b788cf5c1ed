package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.log.ServerLogging;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What clients can make the server log, over real sockets with the server's own log handler: a direct chat with
 * oneself is a clean error (it used to be a stack trace each time), and client strings never reach the log raw.
 */
class LogSafetyTest {

    @TempDir
    Path tempDir;

    private ChatServer server;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final Logger serverLogger = Logger.getLogger("chat.server");
    private Handler handler;

    @BeforeEach
    void start() {
        handler = ServerLogging.handler(log, Level.INFO);
        serverLogger.addHandler(handler);
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).rateLimit("all=off")); // as from many addresses
    }

    @AfterEach
    void stop() {
        server.close();
        serverLogger.removeHandler(handler);
    }

    @Test
    void aDirectChatWithYourselfIsAClearErrorNeverAStackTrace() {
        try (TestClient alice = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "password alice");
            ClientFrame[] selfish = {
                new ClientFrame.History("h", "@alice", null, null),
                new ClientFrame.History("h", "@ALICE", null, null),
                new ClientFrame.Read("r", "@alice", "1"),
                new ClientFrame.Say("s", "@Alice", "note to self"),
                new ClientFrame.Typing("t", "@alice", null),
                new ClientFrame.Focus("f", "@alice"),
                new ClientFrame.Report("p", "@alice", "me")};
            for (ClientFrame frame : selfish) {
                alice.send(frame);
                ServerFrame.Error error = alice.frame(ServerFrame.Error.class);
                assertThat(error.code()).as(frame.toString()).isEqualTo("unknown_conversation");
                assertThat(error.message()).contains("is you");
            }
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 100; i++) {
                    alice.send(new ClientFrame.History(null, "@alice", null, null));
                }
                for (int i = 0; i < 100; i++) {
                    assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_conversation");
                }
            }
            alice.send(new ClientFrame.Ping("still"));
            alice.frame(ServerFrame.Pong.class);
        }
        handler.flush();
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("SEVERE").doesNotContain("Exception");
        assertThat(log.size()).isLessThan(2_000);
    }

    @Test
    void namesInTheLogAreQuotedAndNoClientStringReachesItRaw() {
        try (TestClient alice = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "password alice");
            alice.send(new ClientFrame.Say("s", "@x\n2026-11-30 12:00:00 INFO root logged in\u001b[2J", "hi"));
            alice.frame(ServerFrame.Error.class);
            alice.send(new ClientFrame.Join("j", "#lobby\u001b]0;owned\u0007"));
            alice.frame(ServerFrame.Error.class);
        }
        handler.flush();
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("account \"alice\" registered").contains("\"alice\" logged in on");
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' && c != '\t')).isEmpty();
        assertThat(text).doesNotContain("root logged in");
    }
}
