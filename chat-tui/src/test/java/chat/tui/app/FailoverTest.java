package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.TestCluster;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat screen given the nodes of a cluster: it skips a node that is down, and when its node goes it moves to the
 * next one at once, resumes its login there and catches up what was said meanwhile, each line once.
 */
class FailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    @Test
    void whenItsNodeGoesTheScreenResumesOnTheNextAndCatchesUp() throws Exception {
        try (TestCluster cluster = new TestCluster(tempDir)) {
            String nodes = TestCluster.deadAddress() + "," + cluster.address(0) + "," + cluster.address(1);
            try (RunningApp dave = new RunningApp(nodes, tempDir.resolve("dave"), ChatApp.Start.IDLE, tempDir);
                    ChatClient bob = ChatClient.connect(HostPort.parse(cluster.address(1)), null, WAIT,
                            ChatClient.Listener.IGNORE)) {
                dave.await(text -> text.contains("● online"), "online on the second address");
                assertThat(dave.screen.text()).doesNotContain("Cannot reach");
                dave.enter("/register dave secret-password");
                dave.awaitText("Logged in as dave.");
                dave.enter("/join #ops");
                dave.awaitText("You joined #ops");
                bob.call(new ClientFrame.Register(null, "bob", "bob's password"), ServerFrame.LoggedIn.class, WAIT);
                bob.call(new ClientFrame.Join(null, "#ops"), ServerFrame.Room.class, WAIT);
                dave.awaitText("bob joined");
                bob.call(new ClientFrame.Say(null, "#ops", "before the node went"), ServerFrame.Ok.class, WAIT);
                dave.awaitText("<bob> before the node went");

                cluster.stop(0);
                bob.call(new ClientFrame.Say(null, "#ops", "while dave moved"), ServerFrame.Ok.class, WAIT);
                dave.await(text -> text.contains("Connection lost") && text.contains("● online · dave")
                        && text.contains("<bob> while dave moved"), "dave back, on the other node, caught up");
                dave.enter("from the second node");
                dave.awaitText("from the second node ✓");
                String shown = dave.screen.text();
                assertThat(count(shown, "before the node went")).as(shown).isEqualTo(1);
                assertThat(count(shown, "while dave moved")).as(shown).isEqualTo(1);
                ServerFrame.History history = bob.call(new ClientFrame.History(null, "#ops", null, 10),
                        ServerFrame.History.class, WAIT);
                assertThat(history.messages()).extracting(m -> m.from() + ": " + m.text())
                        .endsWith("dave: from the second node");
            }
        }
    }

    private static int count(String screen, String text) {
        int count = 0;
        for (int at = screen.indexOf(text); at >= 0; at = screen.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }
}
