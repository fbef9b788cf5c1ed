package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.model.ChatState;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What people used to IRC clients expect: title bar, member list, mentions, actions, resending, search. */
class ChatFeaturesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    private RunningApp person(ChatServer server, String name, ChatState.Bell bell) {
        RunningApp app = new RunningApp(server, tempDir.resolve(name), bell);
        app.awaitText("● online");
        app.enter("/register " + name + " secret-password");
        app.awaitText("Logged in as " + name + ".");
        return app;
    }

    private static void join(String room, RunningApp... apps) {
        for (RunningApp app : apps) {
            app.enter("/join " + room);
            app.awaitText("You joined " + room);
        }
    }

    @Test
    void aRoomHasATitleBarAndAMemberListThatF7Toggles() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = person(server, "alice", ChatState.Bell.OFF);
                RunningApp bob = person(server, "bob", ChatState.Bell.OFF)) {
            join("#rust", alice, bob);
            alice.enter("/topic ownership and borrowing");
            alice.await(text -> text.contains(" #rust — ownership and borrowing · 2 people")
                    && text.contains("│2 people") && text.contains("│alice") && text.contains("│bob"),
                    "the title bar and the members");
            alice.press(KeyType.F7);
            alice.await(text -> !text.contains("│2 people"), "the member list hidden");
            alice.press(KeyType.F7);
            alice.awaitText("│2 people");
            bob.enter("/part");
            alice.await(text -> text.contains("· 1 person") && !text.contains("│bob"), "bob gone from both");
            alice.enter("/msg bob hello");
            alice.awaitText(" @bob · direct chat");
            alice.press(KeyType.F5);
            alice.press(KeyType.F5);
            alice.awaitText(" Stranger · nobody yet: F2 meets someone");
        }
    }

    @Test
    void aMessageNamingYouIsHighlightedAndRingsAsTheBellIsSet() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = person(server, "alice", ChatState.Bell.MENTIONS);
                RunningApp bob = person(server, "bob", ChatState.Bell.OFF)) {
            join("#lobby", alice, bob);
            int before = alice.bells.get();
            bob.enter("anyone here?");
            alice.awaitText("<bob> anyone here?");
            bob.enter("hey Alice, look at this");
            alice.awaitText("<bob> hey Alice, look at this");
            assertThat(alice.bells.get() - before).isEqualTo(1); // the mention, not the plain line
            int[] nick = find(alice, "<bob> hey Alice");
            assertThat(alice.at(nick[0] + 1, nick[1]).getModifiers()).contains(SGR.REVERSE);
            int[] plain = find(alice, "<bob> anyone here?");
            assertThat(alice.at(plain[0] + 1, plain[1]).getModifiers()).doesNotContain(SGR.REVERSE);
            // bob's name has one colour of its own on alice's screen; bob sees himself in green
            assertThat(alice.at(nick[0] + 1, nick[1]).getForegroundColor())
                    .isEqualTo(alice.at(plain[0] + 1, plain[1]).getForegroundColor())
                    .isNotEqualTo(com.googlecode.lanterna.TextColor.ANSI.GREEN);
            int[] own = find(bob, "<bob> hey");
            assertThat(bob.at(own[0] + 1, own[1]).getForegroundColor())
                    .isEqualTo(com.googlecode.lanterna.TextColor.ANSI.GREEN);

            alice.enter("/bell off");
            alice.awaitText("The bell is off.");
            bob.enter("alice: still there?");
            alice.awaitText("<bob> alice: still there?");
            alice.enter("/bell all");
            alice.awaitText("every message out of sight");
            assertThat(alice.bells.get() - before).isEqualTo(1);
        }
    }

    @Test
    void meIsAnActionOnEveryScreen() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = person(server, "alice", ChatState.Bell.OFF);
                RunningApp bob = person(server, "bob", ChatState.Bell.OFF)) {
            join("#lobby", alice, bob);
            alice.enter("/me waves at everyone");
            alice.awaitText("* alice waves at everyone ✓");
            bob.awaitText("* alice waves at everyone");
            try (ChatClient plain = ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT,
                    ChatClient.Listener.IGNORE)) {
                plain.call(new ClientFrame.Join(null, "#lobby"), ServerFrame.Room.class, WAIT);
                ServerFrame.History history = plain.call(new ClientFrame.History(null, "#lobby", null, 5),
                        ServerFrame.History.class, WAIT);
                assertThat(history.messages()).extracting(ServerFrame.Message::text)
                        .contains("/me waves at everyone"); // what other clients get: readable as it is
            }
        }
    }

    @Test
    void aRefusedMessageIsSentAgainByResend() throws Exception {
        try (ChatServer server = TestServers.start(tempDir, config -> config.flood(1, 1));
                RunningApp alice = person(server, "alice", ChatState.Bell.OFF)) {
            join("#lobby", alice);
            alice.enter("first");
            alice.enter("second too fast");
            alice.await(text -> text.contains("first ✓") && text.contains("second too fast ✗ not sent (/resend)"),
                    "the second refused");
            LockSupport.parkNanos(Duration.ofMillis(1_100).toNanos()); // the flood limit refills after a second
            alice.enter("/resend");
            alice.awaitText("second too fast ✓");
            try (ChatClient reader = ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT,
                    ChatClient.Listener.IGNORE)) {
                reader.call(new ClientFrame.Join(null, "#lobby"), ServerFrame.Room.class, WAIT);
                List<String> texts = reader.call(new ClientFrame.History(null, "#lobby", null, 10),
                        ServerFrame.History.class, WAIT).messages().stream().map(ServerFrame.Message::text).toList();
                assertThat(texts).containsExactly("first", "second too fast");
            }
            alice.enter("/resend");
            alice.awaitText("Nothing here is marked not sent.");
        }
    }

    @Test
    void searchFindsScrollsAndHighlightsAndEscEnds() throws Exception {
        try (ChatServer server = TestServers.start(tempDir, config -> config.flood(1_000, 1_000));
                RunningApp alice = person(server, "alice", ChatState.Bell.OFF)) {
            join("#notes", alice);
            alice.enter("the alpha plan");
            for (int i = 1; i <= 30; i++) {
                alice.enter("filler " + i);
            }
            alice.awaitText("filler 30 ✓");
            alice.enter("/search ALPHA");
            String found = alice.await(text -> text.contains("the alpha plan") && text.contains("found \"ALPHA\""),
                    "the old line scrolled into view");
            assertThat(found).doesNotContain("filler 30");
            int[] hit = find(alice, "the alpha plan");
            assertThat(alice.at(hit[0] + 4, hit[1]).getModifiers()).contains(SGR.REVERSE);
            assertThat(alice.at(hit[0], hit[1]).getModifiers()).doesNotContain(SGR.REVERSE);
            alice.enter("/search");
            alice.awaitText("! No older line with \"ALPHA\" in this chat.");
            alice.enter("/search filler 2");
            alice.awaitText("found \"filler 2\"");
            alice.press(KeyType.Escape);
            alice.await(text -> text.contains("filler 30 ✓") && !text.contains("found \""), "the search ended");
        }
    }

    /** Column and row where {@code text} starts on the app's screen (the text has no wide characters before it). */
    private static int[] find(RunningApp app, String text) {
        List<String> lines = app.screen.lines();
        for (int row = 0; row < lines.size(); row++) {
            int column = lines.get(row).indexOf(text);
            if (column >= 0) {
                return new int[] {column, row};
            }
        }
        throw new AssertionError("not on screen: " + text + "\n" + app.screen.text());
    }
}
