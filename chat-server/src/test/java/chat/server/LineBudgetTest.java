package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unfinished lines share one memory budget: connections that each hold most of a line without ever ending it are,
 * past the budget, told and closed, those that waited longest first; everyone else goes on.
 */
class LineBudgetTest {

    @TempDir
    Path tempDir;

    @Test
    void connectionsHoldingUnfinishedLinesLongestAreCutPastTheBudget() {
        List<TestClient> holders = new ArrayList<>();
        try (ChatServer server = TestServer.start(tempDir, config -> config.maxLineBytes(64 * 1024)
                .resources(limits -> limits.withLineBufferBytes(512 * 1024)));
                TestClient bystander = TestClient.connect(server.port())) {
            byte[] unfinished = "x".repeat(60_000).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 7; i++) { // 7 x 60 KB stay within the budget
                TestClient holder = TestClient.connect(server.port());
                holder.sendRaw(unfinished);
                holders.add(holder);
                ping(bystander, "p" + i); // the holder's bytes are read before the next one connects
            }
            // A long line that ends is no burden: it passes through, whatever it weighs.
            for (int i = 0; i < 20; i++) {
                bystander.send(new ClientFrame.Say(null, null, "y".repeat(50_000)));
                bystander.frame(ServerFrame.Error.class);
            }
            for (int i = 7; i < 12; i++) { // past the budget now
                TestClient holder = TestClient.connect(server.port());
                holder.sendRaw(unfinished);
                holders.add(holder);
                ping(bystander, "q" + i);
            }
            // The oldest holders heard why and were closed; the youngest still hold their line.
            String bye = holders.get(0).line();
            assertThat(bye).startsWith("* Bye: the server holds too many unfinished lines");
            holders.get(0).awaitClosed();
            TestClient youngest = holders.get(holders.size() - 1);
            youngest.sendRaw("\n".getBytes(StandardCharsets.UTF_8));
            assertThat(youngest.line()).startsWith("! "); // still served: its line ended and was answered
            ping(bystander, "after");
        } finally {
            holders.forEach(TestClient::close);
        }
    }

    private static void ping(TestClient client, String id) {
        client.send(new ClientFrame.Ping(id));
        assertThat(client.awaitFrame(ServerFrame.Pong.class).re()).isEqualTo(id);
    }
}
