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
    void aLineStartedAndNeverFinishedIsClosedSoonButAReaderOnlyWhenIdle() {
        try (TestClient reader = TestClient.connect(server.port());
                TestClient slowloris = TestClient.connect(server.port())) {
            long start = System.nanoTime();
            slowloris.sendRaw("{\"type\":\"pi".getBytes(StandardCharsets.UTF_8));
            assertThat(slowloris.line()).isEqualTo("* Bye: a line was started but not finished in time");
            slowloris.awaitClosed();
            // A person on netcat who only reads is no slowloris: the idle timeout (800 ms), not the line one (300 ms).
            assertThat(reader.line()).isEqualTo("* Bye: the connection was idle for too long");
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(700));
            reader.awaitClosed();
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
