package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hidden user shows as online nowhere a stranger can look, and a block keeps two people apart in rooms as in
 * direct chats. Over real sockets and SQLite.
 */
class HiddenAndBlockedTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).rateLimit("all=off"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestClient user(String name) {
        TestClient client = TestClient.connect(server.port());
        AccountsTest.register(client, name, "password " + name);
        return client;
    }

    private static void hide(TestClient client, boolean hidden) {
        client.send(new ClientFrame.Visibility("v", !hidden));
        client.frame(ServerFrame.Ok.class);
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join("j", room));
        client.frame(ServerFrame.Room.class);
        client.frame(ServerFrame.History.class);
    }

    @Test
    void aDirectMessageToAHiddenUserIsNotReportedDelivered() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            hide(bob, true);
            alice.send(new ClientFrame.Say("m1", "@bob", "are you there?"));
            assertThat(alice.frame(ServerFrame.Ok.class).delivered()).isFalse();
            assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("are you there?"); // bob still gets it
            hide(bob, false);
            alice.send(new ClientFrame.Say("m2", "@bob", "now?"));
            assertThat(alice.frame(ServerFrame.Ok.class).delivered()).isTrue();
        }
    }

    @Test
    void aHiddenMemberIsLeftOutOfRoomListsAndAnnouncementsButStillSpeaks() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob"); TestClient carol = user("carol")) {
            join(alice, "#lobby");
            hide(bob, true);
            join(bob, "#lobby");
            join(carol, "#lobby");
            assertThat(alice.frame(ServerFrame.MemberJoined.class).handle()).isEqualTo("carol"); // not bob
            assertThat(bob.frame(ServerFrame.MemberJoined.class).handle()).isEqualTo("carol"); // bob sees others

            carol.send(new ClientFrame.Join("again", "#lobby"));
            assertThat(carol.frame(ServerFrame.Room.class).members()).containsExactly("alice", "carol");
            carol.frame(ServerFrame.History.class);
            alice.send(new ClientFrame.Who("w", "#lobby"));
            assertThat(alice.frame(ServerFrame.WhoList.class).users()).extracting(ServerFrame.UserInfo::name)
                    .containsExactly("alice", "carol");
            alice.send(new ClientFrame.Rooms("r"));
            ServerFrame.RoomSummary lobby = alice.frame(ServerFrame.RoomList.class).rooms().get(0);
            assertThat(lobby.online()).isEqualTo(2); // bob is a member, but not shown as here
            assertThat(lobby.members()).isEqualTo(3);
            bob.send(new ClientFrame.Who("w", "#lobby"));
            assertThat(bob.frame(ServerFrame.WhoList.class).users()).extracting(ServerFrame.UserInfo::name)
                    .containsExactly("alice", "bob", "carol"); // bob sees himself

            bob.send(new ClientFrame.Say("s", "#lobby", "I am here, hidden"));
            bob.frame(ServerFrame.Ok.class);
            assertThat(alice.frame(ServerFrame.Message.class).from()).isEqualTo("bob");
            carol.frame(ServerFrame.Message.class);

            hide(bob, false);
            assertThat(alice.frame(ServerFrame.MemberJoined.class).handle()).isEqualTo("bob");
            assertThat(carol.frame(ServerFrame.MemberJoined.class).handle()).isEqualTo("bob");
            hide(bob, true);
            assertThat(alice.frame(ServerFrame.MemberLeft.class).handle()).isEqualTo("bob");
            bob.send(new ClientFrame.Part("p", "#lobby"));
            bob.frame(ServerFrame.Left.class);
            carol.send(new ClientFrame.Part("p", "#lobby"));
            assertThat(alice.frame(ServerFrame.MemberLeft.class).handle()).isEqualTo("carol"); // nothing of bob
        }
    }

    @Test
    void aGuestBlockingANameLearnsNothingAboutWhetherItIsOnline() {
        try (TestClient bob = user("bob"); TestClient guest = TestClient.connect(server.port())) {
            hide(bob, true);
            guest.send("/block bob");
            String hidden = guest.line();
            guest.send("/block nobody-here");
            String missing = guest.line();
            assertThat(hidden).isEqualTo("* You block bob: no messages either way, and you will not be matched again.");
            assertThat(missing).isEqualTo(hidden.replace("bob", "nobody-here"));
        }
    }

    @Test
    void aBlockedUsersRoomMessagesAndTypingDoNotReachTheBlocker() {
        try (TestClient alice = user("alice"); TestClient mallory = user("mallory"); TestClient carol = user("carol")) {
            join(mallory, "#lobby");
            mallory.send(new ClientFrame.Say("old", "#lobby", "said before the block"));
            mallory.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Block("b", "mallory"));
            alice.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Join("j", "#lobby"));
            alice.frame(ServerFrame.Room.class);
            assertThat(alice.frame(ServerFrame.History.class).messages()).isEmpty();
            join(carol, "#lobby");
            alice.frame(ServerFrame.MemberJoined.class);
            mallory.frame(ServerFrame.MemberJoined.class);

            mallory.send(new ClientFrame.Typing(null, "#lobby", "active"));
            mallory.send(new ClientFrame.Say("s", "#lobby", "you cannot get away from me"));
            mallory.frame(ServerFrame.Ok.class);
            assertThat(carol.frame(ServerFrame.Typing.class).from()).isEqualTo("mallory");
            assertThat(carol.frame(ServerFrame.Message.class).text()).isEqualTo("you cannot get away from me");
            carol.send(new ClientFrame.Say("c", "#lobby", "hello all"));
            carol.frame(ServerFrame.Ok.class);
            assertThat(alice.frame(ServerFrame.Message.class).text()).isEqualTo("hello all"); // mallory's never came

            alice.send(new ClientFrame.History("h", "#lobby", null, null));
            assertThat(alice.frame(ServerFrame.History.class).messages()).extracting(ServerFrame.Message::from)
                    .containsExactly("carol");
            carol.send(new ClientFrame.History("h", "#lobby", null, null));
            assertThat(carol.frame(ServerFrame.History.class).messages()).extracting(ServerFrame.Message::from)
                    .containsExactly("mallory", "mallory", "carol");
        }
    }

    @Test
    void readingADirectChatThatDoesNotExistCreatesNothing() {
        try (TestClient alice = user("alice"); TestClient mallory = user("mallory")) {
            alice.send(new ClientFrame.Block("b", "mallory"));
            alice.frame(ServerFrame.Ok.class);
            mallory.send(new ClientFrame.History("h", "@alice", null, null));
            ServerFrame.History history = mallory.frame(ServerFrame.History.class);
            assertThat(history.messages()).isEmpty();
            assertThat(history.more()).isFalse();
            mallory.send(new ClientFrame.Read("r", "@alice", "1"));
            mallory.frame(ServerFrame.Ok.class);
            mallory.send(new ClientFrame.Focus("f", "@alice"));
            mallory.frame(ServerFrame.History.class);

            alice.send(new ClientFrame.Conversations("c"));
            assertThat(alice.frame(ServerFrame.ConversationList.class).conversations()).isEmpty();
            mallory.send(new ClientFrame.Conversations("c"));
            assertThat(mallory.frame(ServerFrame.ConversationList.class).conversations()).isEmpty();
        }
        try (TestClient alice = TestClient.connect(server.port())) {
            assertThat(AccountsTest.login(alice, "alice", "password alice").name()).isEqualTo("alice");
            alice.send(new ClientFrame.Conversations("c"));
            assertThat(alice.frame(ServerFrame.ConversationList.class).conversations()).isEmpty();
            alice.send(new ClientFrame.Say("m", "@mallory", "hi"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("blocked");
            alice.send(new ClientFrame.Unblock("u", "mallory"));
            alice.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Say("m", "@mallory", "hi"));
            alice.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Conversations("c"));
            assertThat(alice.frame(ServerFrame.ConversationList.class).conversations())
                    .extracting(ServerFrame.ConversationSummary::conv).isEqualTo(List.of("@mallory"));
        }
    }
}
