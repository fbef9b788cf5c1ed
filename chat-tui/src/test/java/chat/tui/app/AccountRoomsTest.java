package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.model.ChatState;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms belong to the account: the screen's list comes from the server after every login, a room joined or parted
 * on one device shows on the others, rooms survive a server restart without a join, and no line shows twice.
 */
class AccountRoomsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    private RunningApp screen(ChatServer server, String home) {
        RunningApp app = new RunningApp(server, tempDir.resolve(home), ChatState.Bell.OFF);
        app.awaitText("● online");
        return app;
    }

    private RunningApp registered(ChatServer server, String name) {
        RunningApp app = screen(server, name);
        app.enter("/register " + name + " secret-password");
        app.awaitText("Logged in as " + name + ".");
        return app;
    }

    private static int count(String screen, String text) {
        int count = 0;
        for (int at = screen.indexOf(text); at >= 0; at = screen.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    /** Whether the conversation list (the screen's left column) names {@code conv}. */
    private static boolean listed(String screen, String conv) {
        return screen.lines().anyMatch(line -> line.startsWith("  " + conv) || line.startsWith("> " + conv));
    }

    @Test
    void aRoomJoinedOrPartedOnOneDeviceIsJoinedOrPartedOnTheOther() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp phone = registered(server, "alice");
                RunningApp laptop = screen(server, "alice-laptop");
                RunningApp bob = registered(server, "bob")) {
            laptop.enter("/login alice secret-password");
            laptop.awaitText("Logged in as alice.");
            phone.enter("/join #rust");
            phone.awaitText("You joined #rust");
            laptop.await(text -> listed(text, "#rust"), "#rust in the laptop's list");
            bob.enter("/join #rust");
            bob.awaitText("You joined #rust");
            bob.enter("hello both");
            phone.awaitText("<bob> hello both");
            phone.enter("said on the phone");
            phone.awaitText("said on the phone ✓");
            // read on the phone, which shows the room: nothing is unread on the laptop either
            laptop.await(text -> listed(text, "#rust") && !text.contains("#rust ("), "nothing unread on the laptop");
            laptop.press(KeyType.F6);
            String shown = laptop.await(text -> text.contains("> #rust") && text.contains("<bob> hello both")
                    && text.contains("<alice> said on the phone"), "the room on the laptop");
            assertThat(count(shown, "hello both")).isEqualTo(1);
            assertThat(count(shown, "said on the phone")).isEqualTo(1);
            assertThat(shown).contains("You joined #rust on another device");

            laptop.enter("/part");
            phone.await(text -> text.contains("You left #rust.") && !listed(text, "#rust"), "parted on the phone");
            laptop.await(text -> text.contains("You left #rust.") && !listed(text, "#rust"), "parted on the laptop");
            bob.awaitText("alice left.");
        }
    }

    @Test
    void afterARestartRoomsWorkWithoutAJoinAndNoLineShowsTwice() throws Exception {
        ChatServer first = TestServers.start(tempDir);
        int port = first.port();
        try (RunningApp alice = registered(first, "alice"); RunningApp guest = screen(first, "guest")) {
            alice.enter("/join #rust");
            alice.awaitText("You joined #rust");
            guest.enter("/join #rust");
            guest.awaitText("You joined #rust");
            alice.enter("before the restart");
            guest.awaitText("<alice> before the restart");
            guest.enter("a guest was here");
            alice.awaitText("a guest was here");
            first.close();
            alice.awaitText("Connection lost");
            guest.awaitText("Connection lost");
            try (ChatServer second = TestServers.startOnPort(tempDir, port)) {
                // both stay on the room; the stranger's slot says "Reconnected"
                alice.await(text -> text.contains("● online") && text.contains("> #rust"), "alice back");
                guest.await(text -> text.contains("● online") && text.contains("> #rust"), "the guest back");
                alice.enter("after the restart");
                alice.awaitText("after the restart ✓");
                guest.awaitText("<alice> after the restart");
                guest.enter("the guest too");
                alice.awaitText("the guest too");
                for (RunningApp app : new RunningApp[] {alice, guest}) {
                    String shown = app.screen.text();
                    assertThat(count(shown, "before the restart")).as(shown).isEqualTo(1);
                    assertThat(count(shown, "a guest was here")).as(shown).isEqualTo(1);
                    assertThat(count(shown, "You joined #rust")).as(shown).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void whatIsReadOnOneScreenIsNoLongerUnreadOnTheOtherAtOnce() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp phone = registered(server, "alice");
                RunningApp laptop = screen(server, "alice-laptop");
                RunningApp bob = registered(server, "bob")) {
            laptop.enter("/login alice secret-password");
            laptop.awaitText("Logged in as alice.");
            phone.enter("/join #rust");
            phone.awaitText("You joined #rust");
            laptop.await(text -> listed(text, "#rust"), "#rust in the laptop's list");
            phone.press(KeyType.F5); // the phone shows the stranger's slot: the room's lines are unread there too
            phone.await(text -> !text.contains("> #rust"), "the phone away from the room");
            bob.enter("/join #rust");
            bob.awaitText("You joined #rust");
            bob.enter("one");
            bob.enter("two");
            bob.enter("/msg alice psst");
            laptop.await(text -> text.contains("#rust (2)") && text.contains("@bob (1)"), "unread on the laptop");
            phone.await(text -> text.contains("#rust (2)") && text.contains("@bob (1)"), "unread on the phone");

            phone.enter("/go #rust"); // the room on the phone: read there
            phone.await(text -> text.contains("> #rust") && text.contains("<bob> two"), "the room on the phone");
            laptop.await(text -> listed(text, "#rust") && !text.contains("#rust (") && text.contains("@bob (1)"),
                    "the room read on the laptop too, the direct chat still unread");
        }
    }

    @Test
    void aLongAbsenceCatchesUpWithoutAHoleInTheLog() throws Exception {
        ChatServer first = TestServers.start(tempDir);
        int port = first.port();
        try (RunningApp alice = registered(first, "alice")) {
            alice.enter("/join #rust");
            alice.awaitText("You joined #rust");
            alice.enter("before the absence");
            alice.awaitText("before the absence ✓");
            first.close();
            alice.awaitText("Connection lost");
            int said = 1_100; // 22 pages of 50: more than the 20 a catch-up follows
            try (ChatServer meanwhile = TestServers.start(tempDir, config -> config.flood(100_000, 100_000)
                    .rateLimit("all=off"));
                    ChatClient bob = ChatClient.connect(HostPort.parse(TestServers.address(meanwhile)), null, WAIT,
                            ChatClient.Listener.IGNORE)) {
                bob.call(new ClientFrame.Register(null, "bob", "bob password"), ServerFrame.LoggedIn.class, WAIT);
                bob.call(new ClientFrame.Join(null, "#rust"), ServerFrame.Room.class, WAIT);
                for (int i = 1; i <= said; i++) {
                    bob.call(new ClientFrame.Say(null, "#rust", "m" + i), ServerFrame.Ok.class, WAIT);
                }
            }
            try (ChatServer again = TestServers.startOnPort(tempDir, port)) {
                alice.awaitText("<bob> m" + said);
                long deadline = System.nanoTime() + WAIT.toNanos();
                java.util.List<Long> ids = java.util.List.of();
                while (System.nanoTime() < deadline) {
                    ids = storedIds(alice);
                    if (ids.size() >= 1_000 && contiguous(ids)) {
                        break;
                    }
                    LockSupport.parkNanos(50_000_000); // the pages come one after another
                }
                assertThat(ids.size()).isGreaterThanOrEqualTo(1_000);
                assertThat(contiguous(ids)).as("no message missing between the first and the last shown").isTrue();
            }
        }
    }

    /** The ids of the stored messages in the log on screen, read off the UI thread (retried if it changes). */
    private static java.util.List<Long> storedIds(RunningApp app) {
        while (true) {
            try {
                return java.util.List.copyOf(app.app.state().current().log()).stream()
                        .map(line -> chat.tui.model.Conversation.order(line.messageId())).filter(id -> id >= 0)
                        .toList();
            } catch (java.util.ConcurrentModificationException e) {
                Thread.onSpinWait();
            }
        }
    }

    private static boolean contiguous(java.util.List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            if (ids.get(i) != ids.get(i - 1) + 1) {
                return false;
            }
        }
        return true;
    }

    @Test
    void unreadCountsComeFromTheServerAndReadingOnOneScreenReadsForAll() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                ChatClient bob = ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT,
                        ChatClient.Listener.IGNORE)) {
            try (RunningApp alice = registered(server, "alice")) {
                alice.enter("/join #rust");
                alice.awaitText("You joined #rust");
            }
            bob.call(new ClientFrame.Register(null, "bob", "bob password"), ServerFrame.LoggedIn.class, WAIT);
            bob.call(new ClientFrame.Join(null, "#rust"), ServerFrame.Room.class, WAIT);
            bob.call(new ClientFrame.Say(null, "#rust", "one"), ServerFrame.Ok.class, WAIT);
            bob.call(new ClientFrame.Say(null, "#rust", "two"), ServerFrame.Ok.class, WAIT);
            bob.call(new ClientFrame.Say(null, "@alice", "psst"), ServerFrame.Ok.class, WAIT);
            try (RunningApp alice = new RunningApp(server, tempDir.resolve("alice"), ChatState.Bell.OFF)) {
                alice.await(text -> text.contains("#rust (2)") && text.contains("@bob (1)"), "the unread counts");
                alice.press(KeyType.F6);
                String shown = alice.await(text -> text.contains("> #rust") && text.contains("<bob> two"),
                        "the room's missed lines");
                assertThat(count(shown, "<bob> one")).isEqualTo(1);
                try (ChatClient other = ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT,
                        ChatClient.Listener.IGNORE)) {
                    other.call(new ClientFrame.Login(null, "alice", "secret-password"), ServerFrame.LoggedIn.class,
                            WAIT);
                    Map<String, Integer> unread = Map.of();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < deadline) {
                        unread = other.call(new ClientFrame.Conversations(null, null),
                                ServerFrame.ConversationList.class, WAIT).conversations().stream().collect(
                                Collectors.toMap(ServerFrame.ConversationSummary::conv,
                                        ServerFrame.ConversationSummary::unread));
                        if (unread.get("#rust") == 0) {
                            break;
                        }
                        LockSupport.parkNanos(20_000_000); // the read mark is sent without an answer
                    }
                    assertThat(unread).containsEntry("#rust", 0).containsEntry("@bob", 1);
                }
            }
        }
    }
}
