package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import com.googlecode.lanterna.input.KeyType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user met on the chat screen: answers to questions, where F2 leads, what the screen says and keeps. */
class NewUserTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    private RunningApp app(ChatServer server, String home, ChatApp.Start start) {
        return new RunningApp(TestServers.address(server), tempDir.resolve(home), start, tempDir, 140, 20);
    }

    private ChatClient client(ChatServer server) throws Exception {
        return ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT,
                ChatClient.Listener.IGNORE);
    }

    @Test
    void whoamiPingAndInboxAnswerAndAMessageToSomeoneOfflineSaysItWaits() throws Exception {
        try (ChatServer server = TestServers.start(tempDir)) {
            try (ChatClient bob = client(server)) {
                bob.call(new ClientFrame.Register(null, "bob", "bob password"), ServerFrame.LoggedIn.class, WAIT);
            }
            try (RunningApp alice = app(server, "alice", ChatApp.Start.IDLE)) {
                alice.awaitText("● online");
                alice.enter("/whoami");
                alice.await(text -> text.matches("(?s).*You are guest-[0-9]+, a guest, on 127\\.0\\.0\\.1:[0-9]+.*"),
                        "who the guest is");
                alice.enter("/register alice secret-password");
                alice.awaitText("Logged in as alice.");
                alice.enter("/whoami");
                alice.awaitText("You are alice, logged in, on 127.0.0.1:" + server.port());
                alice.enter("/ping");
                alice.await(text -> text.matches("(?s).*The server answered in [0-9]+ ms\\..*"), "the ping's time");
                alice.enter("/inbox");
                alice.awaitText("Your inbox is empty");

                alice.enter("/msg bob are you there?");
                alice.await(text -> text.contains("<alice> are you there? ✓") && text.contains(
                        "bob is not online: the message waits for them (✓ stored, ✓✓ delivered)."),
                        "the message stored, and why it is not delivered");
                alice.enter("/msg bob still there?");
                alice.awaitText("<alice> still there? ✓");
                assertThat(alice.screen.text().split("is not online", -1)).hasSize(2); // said once
                alice.enter("/inbox");
                alice.await(text -> text.contains("Inbox: 1 chat") && text.contains("@bob: <alice> still there?"),
                        "the inbox");
                alice.press(com.googlecode.lanterna.input.KeyType.F5); // the stranger's slot, above @bob
                alice.awaitText("Stranger · nobody yet");
                alice.enter("/msg zed hello?"); // nobody is called zed: no chat with zed stays in the list
                alice.awaitText("No account is called zed. Nothing was sent.");
                assertThat(alice.screen.text()).doesNotContain("@zed").contains("Stranger · nobody yet"); // back
                alice.enter("/go @bob");
                alice.awaitText("@bob · direct chat");
                alice.enter("/topic hi"); // in the direct chat with bob: no room to set it on
                alice.awaitText("You are not in a room; /join #room first.");
                assertThat(alice.screen.text()).doesNotContain("not in @bob").doesNotContain("null");
            }
        }
    }

    @Test
    void joiningARoomYouAreInShowsItAndHistoryOfARoomShowsTheRoom() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/register alice secret-password");
            alice.awaitText("Logged in as alice.");
            alice.enter("/join #rust");
            alice.awaitText("You joined #rust");
            alice.enter("first line");
            alice.awaitText("first line ✓");
            alice.press(com.googlecode.lanterna.input.KeyType.F5); // the stranger's slot
            alice.await(text -> !text.contains("first line"), "away from the room");
            alice.enter("/join #rust");
            alice.await(text -> text.contains("> #rust") && text.contains("first line ✓"), "the room shown");
            alice.press(com.googlecode.lanterna.input.KeyType.F5);
            alice.await(text -> !text.contains("first line"), "away from the room again");
            alice.enter("/history #rust 5");
            alice.await(text -> text.contains("> #rust") && text.contains("first line ✓"), "the room's history");
            assertThat(alice.screen.text().split("You joined #rust", -1)).hasSize(2); // announced once
            assertThat(alice.screen.text()).doesNotContain("Usage");
        }
    }

    @Test
    void aLineTypedWhileTheServerIsAwayIsKeptAsNotSentAndResent() throws Exception {
        ChatServer first = TestServers.start(tempDir);
        int port = first.port();
        try (RunningApp alice = app(first, "alice", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/register alice secret-password");
            alice.awaitText("Logged in as alice.");
            alice.enter("/join #rust");
            alice.awaitText("You joined #rust");
            first.close();
            alice.awaitText("Connection lost");
            alice.enter("typed while away");
            alice.awaitText("typed while away ✗ not sent");
            try (ChatServer second = TestServers.startOnPort(tempDir, port)) {
                alice.awaitText("● online");
                alice.enter("/resend");
                alice.awaitText("typed while away ✓");
                try (ChatClient bob = client(second)) {
                    bob.call(new ClientFrame.Register(null, "bob", "bob password"), ServerFrame.LoggedIn.class,
                            WAIT);
                    bob.call(new ClientFrame.Join(null, "#rust"), ServerFrame.Room.class, WAIT);
                    ServerFrame.History history = bob.call(new ClientFrame.History(null, "#rust", null, 10),
                            ServerFrame.History.class, WAIT);
                    assertThat(history.messages()).extracting(ServerFrame.Message::text)
                            .containsExactly("typed while away");
                }
            }
        }
    }

    @Test
    void nextFromARoomShowsTheStrangersChat() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.IDLE);
                RunningApp bob = app(server, "bob", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/join #lobby");
            alice.awaitText("> #lobby");
            alice.press(KeyType.F2);
            alice.await(text -> text.contains("> Stranger") && text.contains("Looking for a stranger"),
                    "the stranger's chat on screen");
            bob.awaitText("● online");
            bob.enter("/join #lobby");
            bob.awaitText("> #lobby");
            bob.enter("/next");
            bob.await(text -> text.contains("> ") && text.contains("You are now chatting with"), "bob paired");
            alice.awaitText("You are now chatting with");
        }
    }

    @Test
    void linesWithPasswordsStayOutOfTheInputHistory() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/register guest7 secret-password");
            alice.awaitText("! Names starting with \"guest\" are kept for guests.");
            alice.enter("/register alice secret-password");
            alice.awaitText("Logged in as alice.");
            alice.enter("/join #lobby");
            alice.awaitText("You joined #lobby");
            alice.press(KeyType.ArrowUp);
            alice.awaitText("> /join #lobby");
            alice.press(KeyType.ArrowUp);
            alice.press(KeyType.ArrowUp);
            alice.await(text -> text.contains("\n> /join #lobby\n"), "the oldest line of the history");
            assertThat(alice.screen.text()).doesNotContain("/register alice");
        }
    }

    @Test
    void aServerThatIsDownIsSaidInsteadOfTheStartPanel() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (RunningApp app = new RunningApp("127.0.0.1:" + port, tempDir.resolve("carol"), ChatApp.Start.WELCOME,
                tempDir, 140, 20)) {
            app.await(text -> text.contains("! Cannot reach 127.0.0.1:" + port + ": connection refused. Is the"
                    + " server running?") && !text.contains("L  log in") && !text.contains("Press F2"),
                    "what failed, instead of the start panel and the F2 hint");
            app.await(text -> text.matches("(?s).*retrying in (2|4|8) s.*"), "a second attempt");
            assertThat(app.screen.text().split("Cannot reach", -1)).hasSize(2); // said once, not at every retry
        }
    }

    @Test
    void yourOwnMessagesInHistoryAreShownAsYours() throws Exception {
        try (ChatServer server = TestServers.start(tempDir)) {
            try (RunningApp alice = app(server, "alice", ChatApp.Start.IDLE)) {
                alice.awaitText("● online");
                alice.enter("/register alice secret-password");
                alice.awaitText("Logged in as alice.");
                alice.enter("/join #notes");
                alice.awaitText("You joined #notes");
                alice.enter("note to self");
                alice.awaitText("<alice> note to self ✓");
            }
            try (RunningApp again = app(server, "alice", ChatApp.Start.IDLE)) {
                again.awaitText("● online · alice");
                again.enter("/join #notes");
                again.awaitText("<alice> note to self ✓"); // from history: stored, and the user's own
            }
        }
    }

    @Test
    void aLogoutFromAnotherDeviceClearsTheAccountsChats() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/register alice secret-password");
            alice.awaitText("Logged in as alice.");
            alice.enter("/join #secrets");
            alice.awaitText("You joined #secrets");
            alice.enter("our plans");
            alice.awaitText("our plans ✓");
            try (ChatClient phone = client(server)) {
                phone.call(new ClientFrame.Login(null, "alice", "secret-password"), ServerFrame.LoggedIn.class, WAIT);
                phone.call(new ClientFrame.Logout(null, true), ServerFrame.LoggedOut.class, WAIT);
            }
            String screen = alice.await(text -> text.contains("The login has ended here; you go on as a guest.")
                    && text.contains("● online · guest-"), "the login ended, a guest again");
            assertThat(screen).doesNotContain("#secrets").doesNotContain("our plans");
        }
    }
}
