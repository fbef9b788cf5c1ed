package chat.tui.net;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.TuiProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server recognises a resent message by its request id, so two clients of one account must never use the same
 * id: not two connections of one process, and not two processes.
 */
class RequestIdsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(tempDir);
        try (ChatClient bob = connect(); ChatClient alice = connect()) {
            bob.call(new ClientFrame.Register(null, "bob", "bob password"), ServerFrame.LoggedIn.class, TIMEOUT);
            alice.call(new ClientFrame.Register(null, "alice", "alice password"), ServerFrame.LoggedIn.class,
                    TIMEOUT);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void twoConnectionsOfOneAccountBothGetTheirMessagesStored() throws Exception {
        for (String text : List.of("first connection", "second connection")) {
            try (ChatClient alice = connect()) {
                alice.call(new ClientFrame.Login(null, "alice", "alice password"), ServerFrame.LoggedIn.class,
                        TIMEOUT);
                alice.call(new ClientFrame.Say(null, "@bob", text), ServerFrame.Ok.class, TIMEOUT);
            }
        }
        assertThat(bobsHistoryWithAlice()).containsExactly("first connection", "second connection");
    }

    @Test
    void twoProcessesOfOneAccountBothGetTheirMessagesStored() throws Exception {
        Path home = tempDir.resolve("home");
        assertThat(runChatTui(home, "alice password\n", "login", "alice")).isZero();
        assertThat(runChatTui(home, "", "send", "--to", "@bob", "from", "one")).isZero();
        assertThat(runChatTui(home, "", "send", "--to", "@bob", "from", "two")).isZero();
        assertThat(bobsHistoryWithAlice()).containsExactly("from one", "from two");
    }

    @Test
    void idsCarryARandomPrefixAndNeverRepeat() throws IOException {
        try (ChatClient one = connect(); ChatClient two = connect()) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                assertThat(ids.add(one.nextId())).isTrue();
                assertThat(ids.add(two.nextId())).isTrue();
            }
            assertThat(one.nextId()).matches("[a-z2-7]{8}-[0-9]+");
        }
        Set<String> prefixes = new HashSet<>();
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 100; i++) {
            prefixes.add(ChatClient.randomPrefix(random));
        }
        assertThat(prefixes).hasSize(100);
    }

    private List<String> bobsHistoryWithAlice() throws Exception {
        try (ChatClient bob = connect()) {
            bob.call(new ClientFrame.Login(null, "bob", "bob password"), ServerFrame.LoggedIn.class, TIMEOUT);
            return bob.call(new ClientFrame.History(null, "@alice", null, 10), ServerFrame.History.class, TIMEOUT)
                    .messages().stream().map(ServerFrame.Message::text).toList();
        }
    }

    private int runChatTui(Path home, String stdin, String... arguments) throws Exception {
        TuiProcess.Result result = TuiProcess.run(home, Map.of("CHAT_SERVER", TestServers.address(server)), stdin,
                arguments);
        assertThat(result.output()).doesNotContain("Exception");
        return result.status();
    }

    private ChatClient connect() throws IOException {
        return ChatClient.connect(HostPort.parse(TestServers.address(server)), null, TIMEOUT,
                ChatClient.Listener.IGNORE);
    }
}
