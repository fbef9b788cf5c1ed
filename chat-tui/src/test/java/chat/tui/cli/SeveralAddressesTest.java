package chat.tui.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.TestCluster;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import chat.tui.config.ClientConfig;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subcommands given the nodes of a cluster ({@code --server a,b} or {@code CHAT_SERVER=a,b}): each talks to the first
 * node that answers, and the saved login works on every node, whichever the list names first.
 */
class SeveralAddressesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    private TestCluster cluster;
    private ClientConfig config;
    private final Map<String, String> variables = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        cluster = new TestCluster(tempDir);
        config = new ClientConfig(tempDir.resolve("home"));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void eachSubcommandUsesTheFirstNodeThatAnswersAndTheLoginHoldsOnTheOthers() throws Exception {
        String dead = TestCluster.deadAddress();
        String nodes = dead + "," + cluster.address(0) + "," + cluster.address(1);
        variables.put("CHAT_SERVER", nodes);
        assertThat(run("correct horse\ncorrect horse\n", "register", "alice")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Registered alice on " + cluster.address(0));
        assertThat(config.session().orElseThrow().server()).isEqualTo(nodes);

        cluster.stop(0);
        assertThat(run("", "send", "--to", "#lobby", "sent", "through", "the", "second", "node")).as(err.toString())
                .isZero();
        assertThat(err.toString()).doesNotContain("as a guest");

        // the option, in another order: the same service, so the saved login is used
        variables.remove("CHAT_SERVER");
        assertThat(run("", "send", "--server", cluster.address(1) + "," + dead, "--to", "#lobby", "again"))
                .as(err.toString()).isZero();
        assertThat(err.toString()).doesNotContain("as a guest");
        try (ChatClient reader = ChatClient.connect(HostPort.parse(cluster.address(1)), null, WAIT,
                ChatClient.Listener.IGNORE)) {
            reader.call(new ClientFrame.Join(null, "#lobby"), ServerFrame.Room.class, WAIT);
            assertThat(reader.call(new ClientFrame.History(null, "#lobby", null, 10), ServerFrame.History.class, WAIT)
                    .messages()).extracting(m -> m.from() + ": " + m.text())
                    .containsExactly("alice: sent through the second node", "alice: again");
        }
    }

    @Test
    void whenNoNodeAnswersTheLastReasonIsSaid() {
        String first = TestCluster.deadAddress();
        String second = TestCluster.deadAddress();
        assertThat(run("", "send", "--server", first + "," + second, "--to", "#lobby", "hi")).isEqualTo(1);
        assertThat(err.toString()).startsWith("chat-tui: cannot reach " + second);
    }

    @Test
    void aBadAddressInTheListIsAUsageError() {
        assertThat(run("", "send", "--server", cluster.address(0) + ",host:port", "--to", "#lobby", "hi"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("not a server address: 'host:port'");
    }

    private int run(String stdin, String... arguments) {
        return CommandRunner.run(variables, config, out, err, stdin, arguments);
    }
}
