package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.net.EventLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading is cut off once its queue passes the limit; everyone else chats on. */
class SlowConsumerTest {

    @TempDir
    Path tempDir;

    @Test
    void aClientThatStopsReadingIsDisconnectedAndNobodyElseNotices() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger loopLog = Logger.getLogger(EventLoop.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        loopLog.addHandler(capture);
        AtomicBoolean flooding = new AtomicBoolean(true);
        try (ChatServer server = TestServer.start(tempDir, config -> config.maxOutboundBytes(64 * 1024).rateLimit("all=off"));
                TestClient sleeper = TestClient.connect(server.port(), 4096);
                TestClient flooder = TestClient.connect(server.port());
                TestClient carol = TestClient.connect(server.port());
                TestClient dave = TestClient.connect(server.port())) {
            RandomChatTest.pair(sleeper, flooder);
            RandomChatTest.pair(carol, dave);

            String text = "flood ".repeat(300);
            Thread floodThread = new Thread(() -> {
                for (int i = 0; i < 20_000 && flooding.get(); i++) {
                    flooder.send(new ClientFrame.Say(null, null, text));
                }
            }, "flooder");
            floodThread.start();

            // While the sleeper's queue fills up, the other pair talks as usual.
            carol.send(new ClientFrame.Say(null, null, "can you hear me?"));
            assertThat(dave.frame(ServerFrame.Message.class).text()).isEqualTo("can you hear me?");

            ServerFrame.PartnerLeft left = flooder.awaitFrame(ServerFrame.PartnerLeft.class);
            flooding.set(false);
            floodThread.join();
            assertThat(left.partner()).isEqualTo(sleeper.handle());
            assertThat(left.ended()).isTrue();
            sleeper.awaitClosed();
            assertThat(warnings).anySatisfy(warning -> assertThat(warning)
                    .contains("closed: the client stopped reading").contains("limit 65536"));

            dave.send(new ClientFrame.Say(null, null, "loud and clear"));
            assertThat(carol.frame(ServerFrame.Message.class).text()).isEqualTo("loud and clear");
        } finally {
            flooding.set(false);
            loopLog.removeHandler(capture);
        }
    }
}
