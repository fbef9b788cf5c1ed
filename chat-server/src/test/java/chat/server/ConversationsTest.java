package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Direct messages, rooms, history, presence, blocks, reports and flood control over real sockets and SQLite. */
class ConversationsTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = startServer(config -> config);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatServer startServer(UnaryOperator<ServerConfig.Builder> adjust) {
        return TestServer.start(tempDir, config -> adjust.apply(config.bcryptCost(4)));
    }

    private TestClient user(String name) {
        return TestClient.connect(server.port()).logInOrRegister(name);
    }

    @Test
    void directMessagesReachEveryDeviceAndComeBackAsAnAck() {
        try (TestClient alice = user("alice"); TestClient alicePhone = user("alice"); TestClient bob = user("bob")) {
            alice.send(new ClientFrame.Say("m1", "@bob", "hi bob 😀"));
            ServerFrame.Message atBob = bob.frame(ServerFrame.Message.class);
            assertThat(atBob.conv()).isEqualTo("@alice");
            assertThat(atBob.from()).isEqualTo("alice");
            assertThat(atBob.text()).isEqualTo("hi bob 😀");
            ServerFrame.Ok ack = alice.frame(ServerFrame.Ok.class);
            assertThat(ack.re()).isEqualTo("m1");
            assertThat(ack.id()).isEqualTo(atBob.id());
            assertThat(ack.delivered()).isTrue();
            ServerFrame.Message echo = alicePhone.frame(ServerFrame.Message.class);
            assertThat(echo.conv()).isEqualTo("@bob");
            assertThat(echo.id()).isEqualTo(atBob.id());

            bob.send("/msg alice hello back");
            assertThat(alice.frame(ServerFrame.Message.class).text()).isEqualTo("hello back");
            bob.send("and this goes to alice too");
            assertThat(alice.frame(ServerFrame.Message.class).text()).isEqualTo("and this goes to alice too");
            assertThat(alicePhone.frame(ServerFrame.Message.class).from()).isEqualTo("bob");
        }
    }

    @Test
    void messagesForSomeoneOfflineWaitWithAnUnreadCount() {
        try (TestClient bob = user("bob")) {
            bob.close();
        }
        try (TestClient alice = user("alice")) {
            alice.send(new ClientFrame.Say("a", "@bob", "are you there?"));
            assertThat(alice.frame(ServerFrame.Ok.class).delivered()).isFalse(); // stored, waiting for bob
            alice.send(new ClientFrame.Say("b", "@bob", "call me"));
            alice.frame(ServerFrame.Ok.class);
        }
        try (TestClient bob = TestClient.connect(server.port())) {
            bob.send(new ClientFrame.Login("l", "bob", "password bob"));
            bob.frame(ServerFrame.LoggedIn.class);
            ServerFrame.ConversationList inbox = bob.frame(ServerFrame.ConversationList.class);
            assertThat(inbox.conversations()).hasSize(1);
            assertThat(inbox.conversations().get(0).conv()).isEqualTo("@alice");
            assertThat(inbox.conversations().get(0).unread()).isEqualTo(2);
            assertThat(inbox.conversations().get(0).last().text()).isEqualTo("call me");

            bob.send(new ClientFrame.History("h", "@alice", null, null));
            ServerFrame.History history = bob.frame(ServerFrame.History.class);
            assertThat(history.messages()).extracting(ServerFrame.Message::text).containsExactly("are you there?",
                    "call me");
            bob.send(new ClientFrame.Read("r", "@alice", history.messages().get(1).id()));
            bob.frame(ServerFrame.Ok.class);
            bob.send(new ClientFrame.Conversations("c"));
            assertThat(bob.frame(ServerFrame.ConversationList.class).conversations().get(0).unread()).isZero();
        }
    }

    @Test
    void aResendWithTheSameIdIsAcknowledgedAgainButStoredOnce() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            alice.send(new ClientFrame.Say("same-id", "@bob", "only once"));
            ServerFrame.Ok first = alice.frame(ServerFrame.Ok.class);
            bob.frame(ServerFrame.Message.class);
            alice.close();
            try (TestClient again = user("alice")) {
                again.send(new ClientFrame.Say("same-id", "@bob", "only once"));
                ServerFrame.Ok second = again.frame(ServerFrame.Ok.class);
                assertThat(second.id()).isEqualTo(first.id());
                assertThat(second.ts()).isEqualTo(first.ts());
                again.send(new ClientFrame.History("h", "@bob", null, null));
                assertThat(again.frame(ServerFrame.History.class).messages()).hasSize(1);
                bob.send(new ClientFrame.Ping("p")); // bob heard it once: the next frame is the pong
                assertThat(bob.frame()).isInstanceOf(ServerFrame.Pong.class);
            }
        }
    }

    @Test
    void requestIdsReusedByAnotherProcessNeverSwallowAMessage() {
        // Two client processes that both number their requests from 1: each message is its own request.
        try (TestClient bob = user("bob"); TestClient carol = user("carol")) {
            try (TestClient first = user("alice")) {
                first.send(new ClientFrame.Say("c1", "@bob", "first"));
                assertThat(first.frame(ServerFrame.Ok.class).re()).isEqualTo("c1");
            }
            try (TestClient second = user("alice")) {
                second.send(new ClientFrame.Say("c1", "@bob", "second"));
                ServerFrame.Error refused = second.frame(ServerFrame.Error.class);
                assertThat(refused.code()).isEqualTo("duplicate_id");
                second.send(new ClientFrame.Say("c1", "@carol", "first"));
                assertThat(second.frame(ServerFrame.Error.class).code()).isEqualTo("duplicate_id");
                second.send(new ClientFrame.Say("c2", "@carol", "to carol"));
                assertThat(second.frame(ServerFrame.Ok.class).re()).isEqualTo("c2");
            }
            assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("first");
            assertThat(carol.frame(ServerFrame.Message.class).text()).isEqualTo("to carol");
            bob.send(new ClientFrame.History("h", "@alice", null, null));
            assertThat(bob.frame(ServerFrame.History.class).messages()).extracting(ServerFrame.Message::text)
                    .containsExactly("first");
        }
    }

    @Test
    void historyComesInPages() {
        server.close();
        server = startServer(config -> config.flood(1_000, 1_000));
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            for (int i = 1; i <= 25; i++) {
                alice.send(new ClientFrame.Say("m" + i, "@bob", "message " + i));
                alice.frame(ServerFrame.Ok.class);
            }
            bob.send(new ClientFrame.History("h1", "@alice", null, 10));
            ServerFrame.History newest = bob.awaitFrame(ServerFrame.History.class);
            assertThat(newest.messages()).extracting(ServerFrame.Message::text).startsWith("message 16")
                    .endsWith("message 25");
            assertThat(newest.more()).isTrue();
            bob.send(new ClientFrame.History("h2", "@alice", newest.messages().get(0).id(), 10));
            ServerFrame.History older = bob.awaitFrame(ServerFrame.History.class);
            assertThat(older.messages()).extracting(ServerFrame.Message::text).startsWith("message 6")
                    .endsWith("message 15");
        }
    }

    @Test
    void roomsHaveMembersTopicsHistoryAndGuests() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob");
                TestClient guest = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Join("j", "#Rust"));
            ServerFrame.Room room = alice.frame(ServerFrame.Room.class);
            assertThat(room.conv()).isEqualTo("#Rust");
            assertThat(room.members()).containsExactly("alice");
            assertThat(alice.frame(ServerFrame.History.class).messages()).isEmpty();
            alice.send(new ClientFrame.Say("s", "#rust", "first!"));
            alice.frame(ServerFrame.Ok.class);

            bob.send(new ClientFrame.Join("j", "#rust"));
            assertThat(bob.frame(ServerFrame.Room.class).members()).containsExactly("alice", "bob");
            assertThat(bob.frame(ServerFrame.History.class).messages()).extracting(ServerFrame.Message::text)
                    .containsExactly("first!");
            assertThat(alice.frame(ServerFrame.MemberJoined.class).handle()).isEqualTo("bob");

            guest.send("/join #rust");
            assertThat(guest.line()).startsWith("* You joined #Rust with 3 people: alice, bob, " + guest.handle());
            assertThat(guest.line()).endsWith("<alice> first!");
            alice.frame(ServerFrame.MemberJoined.class);
            bob.frame(ServerFrame.MemberJoined.class);
            guest.send("hello from a guest");
            ServerFrame.Message fromGuest = alice.frame(ServerFrame.Message.class);
            assertThat(fromGuest.guest()).isTrue();
            assertThat(fromGuest.from()).isEqualTo(guest.handle());
            assertThat(bob.frame(ServerFrame.Message.class).conv()).isEqualTo("#Rust");

            bob.send(new ClientFrame.Topic("t", "#rust", "borrow checking"));
            assertThat(alice.frame(ServerFrame.TopicChanged.class).topic()).isEqualTo("borrow checking");
            assertThat(guest.line()).isEqualTo("* bob set the topic of #Rust: borrow checking");
            bob.frame(ServerFrame.TopicChanged.class);
            bob.frame(ServerFrame.Ok.class);

            guest.send("/rooms");
            assertThat(guest.line()).isEqualTo("* Rooms:");
            assertThat(guest.line()).isEqualTo("*   #Rust (2 members, 3 online) borrow checking");
            guest.send("/who #rust");
            assertThat(guest.line()).startsWith("* In #rust: alice bob " + guest.handle());

            bob.send(new ClientFrame.Part("p", "#rust"));
            assertThat(bob.frame(ServerFrame.Left.class).conv()).isEqualTo("#Rust");
            assertThat(alice.frame(ServerFrame.MemberLeft.class).handle()).isEqualTo("bob");
            bob.frame(ServerFrame.Ok.class);
            bob.send(new ClientFrame.Say("s", "#rust", "am I still there?"));
            assertThat(bob.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_conversation");
            bob.send(new ClientFrame.History("h", "#rust", null, null));
            assertThat(bob.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_conversation");
        }
    }

    @Test
    void aFullRoomRefusesAndBadRoomNamesAreExplained() {
        server.close();
        server = startServer(config -> config.rooms(2, 5));
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port());
                TestClient c = TestClient.connect(server.port())) {
            a.send(new ClientFrame.Join("1", "#tiny"));
            a.frame(ServerFrame.Room.class);
            b.send(new ClientFrame.Join("2", "#tiny"));
            b.frame(ServerFrame.Room.class);
            c.send(new ClientFrame.Join("3", "#tiny"));
            assertThat(c.frame(ServerFrame.Error.class).code()).isEqualTo("room_full");
            c.send(new ClientFrame.Join("4", "#a"));
            assertThat(c.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_room");
        }
    }

    @Test
    void presenceShowsOnlyVisibleUsersAndLastSeen() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            bob.send(new ClientFrame.Away("a", true, "lunch"));
            bob.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Who("w", null));
            assertThat(alice.frame(ServerFrame.WhoList.class).users()).extracting(ServerFrame.UserInfo::name,
                    ServerFrame.UserInfo::status).containsExactly(org.assertj.core.groups.Tuple.tuple("alice",
                            "online"), org.assertj.core.groups.Tuple.tuple("bob", "away"));
            bob.send(new ClientFrame.Visibility("v", false));
            bob.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Who("w2", null));
            assertThat(alice.frame(ServerFrame.WhoList.class).users()).extracting(ServerFrame.UserInfo::name)
                    .containsExactly("alice");
            alice.send(new ClientFrame.Whois("i", "bob"));
            ServerFrame.UserInfo hidden = alice.frame(ServerFrame.Presence.class).user();
            assertThat(hidden.status()).isEqualTo("offline");
            assertThat(hidden.lastSeen()).isNull();
        }
        try (TestClient carol = user("carol")) {
            carol.send(new ClientFrame.Whois("i", "alice"));
            ServerFrame.UserInfo alice = carol.frame(ServerFrame.Presence.class).user();
            assertThat(alice.status()).isEqualTo("offline");
            assertThat(alice.lastSeen()).isNotNull();
            carol.send("/whois nobody-at-all");
            assertThat(carol.line()).endsWith("(unknown_user)");
        }
    }

    @Test
    void typingReachesDirectChatsAndRooms() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            alice.send(new ClientFrame.Typing(null, "@bob", null));
            ServerFrame.Typing typing = bob.frame(ServerFrame.Typing.class);
            assertThat(typing.conv()).isEqualTo("@alice");
            assertThat(typing.from()).isEqualTo("alice");
            alice.send(new ClientFrame.Join("j", "#dev"));
            alice.frame(ServerFrame.Room.class);
            alice.frame(ServerFrame.History.class);
            bob.send(new ClientFrame.Join("j", "#dev"));
            bob.frame(ServerFrame.Room.class);
            bob.frame(ServerFrame.History.class);
            alice.frame(ServerFrame.MemberJoined.class);
            bob.send(new ClientFrame.Typing(null, "#dev", "active"));
            assertThat(alice.frame(ServerFrame.Typing.class).conv()).isEqualTo("#dev");
        }
    }

    @Test
    void aBlockStopsMessagesBothWaysAndTheMatcherAcrossSessions() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            bob.send(new ClientFrame.Block("b", "alice"));
            assertThat(bob.frame(ServerFrame.Ok.class).message()).contains("you block alice");
            alice.send(new ClientFrame.Say("m", "@bob", "hello?"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("blocked");
            bob.send(new ClientFrame.Say("m", "@alice", "hello?"));
            assertThat(bob.frame(ServerFrame.Error.class).code()).isEqualTo("blocked");
            bob.send(new ClientFrame.Blocks("l"));
            assertThat(bob.frame(ServerFrame.BlockList.class).names()).containsExactly("alice");
        }
        try (TestClient alice = user("alice"); TestClient bob = user("bob");
                TestClient carol = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Queued.class);
            bob.send(new ClientFrame.Next(null, null));
            bob.frame(ServerFrame.Queued.class); // never matched with alice, even in a new session
            carol.send(new ClientFrame.Next(null, null));
            assertThat(carol.frame(ServerFrame.Paired.class)).isNotNull();

            bob.send(new ClientFrame.Unblock("u", "alice"));
            bob.awaitFrame(ServerFrame.Ok.class, ok -> "u".equals(ok.re()));
            bob.send(new ClientFrame.Say("m", "@alice", "sorry"));
            assertThat(alice.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("sorry");
        }
    }

    @Test
    void aStrangerBlockedByHandleIsNotMatchedAgain() {
        server.close();
        server = startServer(config -> config.rematchCooldownMillis(0));
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port());
                TestClient c = TestClient.connect(server.port())) {
            RandomChatTest.pair(a, b);
            a.send("/block " + b.handle());
            assertThat(a.line()).isEqualTo("* You left the chat.");
            assertThat(a.line()).startsWith("* You block " + b.handle());
            b.frame(ServerFrame.PartnerLeft.class);
            a.send(new ClientFrame.Next(null, null));
            a.frame(ServerFrame.Queued.class);
            b.send(new ClientFrame.Next(null, null));
            b.frame(ServerFrame.Queued.class);
            c.send(new ClientFrame.Next(null, null));
            assertThat(c.frame(ServerFrame.Paired.class).partner()).isEqualTo(a.handle());
        }
    }

    @Test
    void aReportKeepsTheLastLinesForTheOperator() {
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port())) {
            RandomChatTest.pair(a, b);
            b.send(new ClientFrame.Say(null, null, "buy cheap watches"));
            a.frame(ServerFrame.Message.class);
            a.send("/report spam");
            assertThat(a.line()).startsWith("* Reported; thank you");
        }
        server.close();
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new ServerMain());
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute("reports", "list", "--db", TestServer.database(tempDir))).isZero();
        assertThat(out.toString()).contains("reason: spam").contains("buy cheap watches").contains("1 report");
        assertThat(commandLine.execute("reports", "resolve", "--db", TestServer.database(tempDir), "1",
                "warned")).isZero();
        out.getBuffer().setLength(0);
        commandLine.execute("reports", "list", "--db", TestServer.database(tempDir));
        assertThat(out.toString()).contains("0 reports");
        server = startServer(config -> config);
    }

    @Test
    void aFloodIsRefusedWithTheWaitAndNothingIsDroppedSilently() {
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port())) {
            RandomChatTest.pair(a, b);
            for (int i = 0; i < ServerConfig.DEFAULT_FLOOD_BURST; i++) {
                a.send(new ClientFrame.Say("s" + i, null, "line " + i));
            }
            a.send(new ClientFrame.Say("over", null, "one too many"));
            for (int i = 0; i < ServerConfig.DEFAULT_FLOOD_BURST; i++) {
                assertThat(b.frame(ServerFrame.Message.class).text()).isEqualTo("line " + i);
            }
            ServerFrame.Error refused = a.awaitFrame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.re()).isEqualTo("over");
            assertThat(refused.retryAfter()).isPositive();
        }
    }

    @Test
    void badRequestsGetClearErrors() {
        try (TestClient alice = user("alice"); TestClient guest = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Say("1", "@nobody-here", "hi"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_user");
            alice.send(new ClientFrame.Say("2", "#not-joined", "hi"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_conversation");
            alice.send(new ClientFrame.Say("3", "@bob", "x".repeat(ServerConfig.DEFAULT_MAX_MESSAGE_CHARS + 1)));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("text_too_long");
            guest.send(new ClientFrame.Say("4", "@alice", "hi"));
            assertThat(guest.frame(ServerFrame.Error.class).code()).isEqualTo("not_logged_in");
            guest.send(new ClientFrame.History("5", "~nothere", null, null));
            assertThat(guest.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_conversation");
        }
    }

    @Test
    void twoRegisteredStrangersWhoBothKeepTheChatCanWriteLater() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob");
                TestClient guest = TestClient.connect(server.port())) {
            String conv = RandomChatTest.pair(alice, bob);
            alice.send(new ClientFrame.Keep("k1", null));
            assertThat(alice.frame(ServerFrame.Ok.class).message()).contains("the stranger is asked");
            assertThat(bob.frame(ServerFrame.KeepRequested.class).conv()).isEqualTo(conv);
            bob.send(new ClientFrame.Keep("k2", null));
            assertThat(bob.frame(ServerFrame.Kept.class).direct()).isEqualTo("@alice");
            assertThat(alice.frame(ServerFrame.Kept.class).direct()).isEqualTo("@bob");
            bob.frame(ServerFrame.Ok.class);
            bob.send("see you in the direct chat");
            assertThat(alice.frame(ServerFrame.Message.class).conv()).isEqualTo("@bob");

            guest.send(new ClientFrame.Next(null, null));
            guest.frame(ServerFrame.Queued.class);
            alice.send(new ClientFrame.Next(null, null));
            alice.awaitFrame(ServerFrame.Paired.class);
            guest.frame(ServerFrame.Paired.class);
            guest.send(new ClientFrame.Keep("k3", null));
            assertThat(guest.frame(ServerFrame.Error.class).code()).isEqualTo("not_logged_in");
        }
    }

    @Test
    void sharedInterestsArePreferredThenAnyoneWillDo() {
        server.close();
        server = startServer(config -> config.interestWaitMillis(400));
        try (TestClient music = TestClient.connect(server.port()); TestClient chess = TestClient.connect(server.port());
                TestClient alsoMusic = TestClient.connect(server.port())) {
            music.send(new ClientFrame.Next(null, null, List.of("music", "films")));
            music.frame(ServerFrame.Queued.class);
            chess.send("/next chess");
            assertThat(chess.line()).startsWith("* Looking for a stranger");
            alsoMusic.send(new ClientFrame.Next(null, null, List.of("Music")));
            ServerFrame.Paired paired = alsoMusic.frame(ServerFrame.Paired.class);
            assertThat(paired.partner()).isEqualTo(music.handle());
            assertThat(paired.interests()).containsExactly("music");
            music.frame(ServerFrame.Paired.class);

            try (TestClient anyone = TestClient.connect(server.port())) {
                anyone.send(new ClientFrame.Next(null, null));
                // chess holds out for a while, then anyone will do
                assertThat(anyone.awaitFrame(ServerFrame.Paired.class).partner()).isEqualTo(chess.handle());
                assertThat(chess.line()).startsWith("* You are now chatting with " + anyone.handle());
            }
        }
    }

    @Test
    void deletingAnAccountDeletesItsDirectChats() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            alice.send(new ClientFrame.Say("m", "@bob", "secret"));
            alice.frame(ServerFrame.Ok.class);
            bob.frame(ServerFrame.Message.class);
            alice.send(new ClientFrame.DeleteAccount("d", "password alice"));
            alice.frame(ServerFrame.Ok.class);
            bob.send(new ClientFrame.Conversations("c"));
            assertThat(bob.frame(ServerFrame.ConversationList.class).conversations()).isEmpty();
        }
    }
}
