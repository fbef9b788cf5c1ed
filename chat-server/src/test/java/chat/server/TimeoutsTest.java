package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections that never finish a line, or go quiet, are told and closed; one that pings stays. */
class TimeoutsTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.timeouts(800, 300));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aConnectionThatNeverFinishesALineIsClosed() {
        try (TestClient silent = TestClient.connect(server.port());
                TestClient slowloris = TestClient.connect(server.port())) {
            slowloris.sendRaw("{\"type\":\"pi".getBytes(StandardCharsets.UTF_8));
            assertThat(silent.line()).isEqualTo("* Bye: nothing complete arrived in time after connecting");
            silent.awaitClosed();
            assertThat(slowloris.line()).startsWith("* Bye: nothing complete arrived in time");
            slowloris.awaitClosed();
        }
    }

    @Test
    void aQuietConnectionIsToldAndClosedButOneThatPingsStays() {
        try (TestClient quiet = TestClient.connect(server.port()); TestClient pinging = TestClient.connect(server.port())) {
            quiet.send(new ClientFrame.Ping("once"));
            quiet.frame(ServerFrame.Pong.class);
            pinging.send(new ClientFrame.Ping("p0"));
            pinging.frame(ServerFrame.Pong.class);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000);
            for (int i = 1; System.nanoTime() < until; i++) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // a client's keep-alive rhythm
                pinging.send(new ClientFrame.Ping("p" + i));
                assertThat(pinging.frame(ServerFrame.Pong.class).re()).isEqualTo("p" + i);
            }
            ServerFrame.Bye bye = quiet.frame(ServerFrame.Bye.class);
            assertThat(bye.reason()).isEqualTo("idle_timeout");
            quiet.awaitClosed();
        }
    }
}
