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
 * Rooms belong to the account: joined once, joined on every device, kept across reconnects and restarts until the
 * account parts; a person on two devices is one member. Guests' rooms stay with their connection.
 */
class RoomMembershipTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatServer startServer() {
        return TestServer.start(tempDir, config -> config.bcryptCost(4));
    }

    @Test
    void joinOnOneDeviceIsAJoinOnEveryDevice() {
        try (TestClient laptop = user("alice"); TestClient phone = user("alice"); TestClient bob = user("bob")) {
            join(bob, "#lobby");
            join(laptop, "#lobby");
            assertThat(bob.awaitFrame(ServerFrame.MemberJoined.class).handle()).isEqualTo("alice");
            ServerFrame.Room onPhone = phone.awaitFrame(ServerFrame.Room.class);
            assertThat(onPhone.conv()).isEqualTo("#lobby");

            bob.send(new ClientFrame.Say("b1", "#lobby", "hi alice"));
            assertThat(phone.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hi alice");
            assertThat(laptop.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hi alice");

            phone.send(new ClientFrame.Say("p1", "#lobby", "from my phone"));
            assertThat(phone.awaitFrame(ServerFrame.Ok.class).re()).isEqualTo("p1");
            ServerFrame.Message own = laptop.awaitFrame(ServerFrame.Message.class);
            assertThat(own.text()).isEqualTo("from my phone");
            assertThat(own.from()).isEqualTo("alice");
            assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("from my phone");
        }
    }

    @Test
    void aSecondDeviceIsNoNewMemberAndWhoListsThePersonOnce() {
        try (TestClient bob = user("bob"); TestClient laptop = user("alice")) {
            join(bob, "#lobby");
            join(laptop, "#lobby");
            bob.awaitFrame(ServerFrame.MemberJoined.class);
            try (TestClient phone = user("alice")) {
                phone.send(new ClientFrame.Who("w", "#lobby"));
                List<ServerFrame.UserInfo> users = phone.awaitFrame(ServerFrame.WhoList.class).users();
                assertThat(users).extracting(ServerFrame.UserInfo::name).containsExactlyInAnyOrder("alice", "bob");
            }
            bob.send(new ClientFrame.Who("w", "#lobby"));
            ServerFrame frame = bob.frame();
            assertThat(frame).isInstanceOf(ServerFrame.WhoList.class); // no member_joined or member_left on the way
            assertThat(((ServerFrame.WhoList) frame).users()).extracting(ServerFrame.UserInfo::name)
                    .containsExactlyInAnyOrder("alice", "bob");
        }
    }

    @Test
    void aRoomStaysJoinedAcrossARestartAndCountsWhatWasMissed() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            join(alice, "#lobby");
            join(bob, "#lobby");
        }
        server.close();
        server = startServer();
        try (TestClient bob = user("bob")) {
            bob.send(new ClientFrame.Say("b1", "#lobby", "anyone after the restart?"));
            assertThat(bob.awaitFrame(ServerFrame.Ok.class).re()).isEqualTo("b1");
        }
        try (TestClient alice = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Login("l", "alice", "password alice"));
            alice.frame(ServerFrame.LoggedIn.class);
            ServerFrame.ConversationList list = alice.frame(ServerFrame.ConversationList.class);
            assertThat(list.conversations()).anySatisfy(conversation -> {
                assertThat(conversation.conv()).isEqualTo("#lobby");
                assertThat(conversation.unread()).isEqualTo(1);
                assertThat(conversation.last().text()).isEqualTo("anyone after the restart?");
            });
            String welcomeId;
            try (TestClient bob = user("bob")) {
                bob.send(new ClientFrame.Say("b2", "#lobby", "welcome back"));
                ServerFrame.Message welcome = alice.awaitFrame(ServerFrame.Message.class);
                assertThat(welcome.text()).isEqualTo("welcome back");
                welcomeId = welcome.id();
            }
            alice.send(new ClientFrame.Read("r", "#lobby", welcomeId));
            alice.awaitFrame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Conversations("c"));
            assertThat(alice.awaitFrame(ServerFrame.ConversationList.class).conversations()).anySatisfy(
                    conversation -> assertThat(conversation.unread()).isZero());
        }
    }

    @Test
    void partingLeavesOnEveryDeviceAndOnlyThen() {
        try (TestClient laptop = user("alice"); TestClient phone = user("alice"); TestClient bob = user("bob")) {
            join(bob, "#lobby");
            join(laptop, "#lobby");
            phone.awaitFrame(ServerFrame.Room.class);
            bob.awaitFrame(ServerFrame.MemberJoined.class);
            laptop.close(); // a device going away is not a part
            phone.send(new ClientFrame.Part("p", "#lobby"));
            assertThat(phone.awaitFrame(ServerFrame.Left.class).conv()).isEqualTo("#lobby");
            ServerFrame.MemberLeft left = bob.awaitFrame(ServerFrame.MemberLeft.class);
            assertThat(left.handle()).isEqualTo("alice");
            bob.send(new ClientFrame.Say("b", "#lobby", "gone?"));
            bob.awaitFrame(ServerFrame.Ok.class);
            phone.send(new ClientFrame.Ping("p2"));
            assertThat(phone.awaitFrame(ServerFrame.Pong.class).re()).isEqualTo("p2"); // no message in between
        }
        try (TestClient alice = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Login("l", "alice", "password alice"));
            alice.frame(ServerFrame.LoggedIn.class);
            assertThat(alice.frame(ServerFrame.ConversationList.class).conversations())
                    .noneMatch(conversation -> conversation.conv().equals("#lobby"));
        }
    }

    @Test
    void aGuestsRoomsEndWithItsConnectionAndBecomeTheAccountsAtLogin() {
        try (TestClient bob = user("bob")) {
            join(bob, "#lobby");
            try (TestClient guest = TestClient.connect(server.port())) {
                join(guest, "#lobby");
                assertThat(bob.awaitFrame(ServerFrame.MemberJoined.class).guest()).isTrue();
            }
            assertThat(bob.awaitFrame(ServerFrame.MemberLeft.class).conv()).isEqualTo("#lobby");

            try (TestClient carol = TestClient.connect(server.port())) {
                AccountsTest.register(carol, "carol", "password carol"); // register first: an account to log into
            }
            try (TestClient guest = TestClient.connect(server.port())) {
                join(guest, "#lobby");
                bob.awaitFrame(ServerFrame.MemberJoined.class);
                guest.send(new ClientFrame.Login("l", "carol", "password carol"));
                guest.awaitFrame(ServerFrame.LoggedIn.class);
                assertThat(guest.awaitFrame(ServerFrame.ConversationList.class).conversations())
                        .extracting(ServerFrame.ConversationSummary::conv).contains("#lobby");
                assertThat(bob.awaitFrame(ServerFrame.MemberJoined.class).handle()).isEqualTo("carol");
            }
            try (TestClient carol = user("carol")) {
                bob.send(new ClientFrame.Say("b", "#lobby", "carol is a member now"));
                assertThat(carol.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("carol is a member now");
            }
        }
    }

    @Test
    void onNetcatTheRoomsAreNamedAndEveryChatIsListed() {
        try (TestClient bob = user("bob"); TestClient nc = TestClient.connect(server.port())) {
            join(bob, "#lobby");
            nc.sendRaw(("/register alice password alice\n/join #lobby\n/part\n/topic hi\n/inbox\n/history #lobby\n"
                    + "/msg carol are you there?\n/whoami\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            List<String> lines = new java.util.ArrayList<>();
            String line;
            do {
                line = nc.line();
                lines.add(line);
            } while (!line.startsWith("* You are alice"));
            assertThat(lines).contains("* You left #lobby.");
            assertThat(lines).contains("! you are not in a room; /join #room first (no_conversation)");
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("* No chats yet"));
            assertThat(lines).noneMatch(l -> l.contains("null"));
        }
    }

    @Test
    void onNetcatJoiningARoomYouAreInSaysSoOnceAndMakesItCurrent() {
        try (TestClient bob = user("bob"); TestClient nc = TestClient.connect(server.port())) {
            join(bob, "#lobby");
            nc.send("/join #lobby");
            assertThat(nc.line()).startsWith("* You joined #lobby");
            assertThat(nc.line()).isEqualTo("* No messages in #lobby yet.");
            nc.send("/join #other");
            assertThat(nc.line()).startsWith("* You joined #other");
            assertThat(nc.line()).isEqualTo("* No messages in #other yet.");
            nc.send("/join #lobby");
            assertThat(nc.line()).isEqualTo("* You are in #lobby already; what you type goes there (/history shows"
                    + " its last lines, /who #lobby who is in it).");
            nc.send("here again");
            assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("here again");
        }
    }

    @Test
    void aTopicForADirectChatSaysItIsNoRoom() {
        try (TestClient alice = user("alice")) {
            user("bob").close();
            alice.send(new ClientFrame.Topic("t", "@bob", "hi"));
            ServerFrame.Error error = alice.awaitFrame(ServerFrame.Error.class);
            assertThat(error.message()).isEqualTo("@bob is not a room; /join #room first");
        }
    }

    @Test
    void roomsListsStoredRoomsNobodyIsInNowMostMembersFirst() {
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            join(alice, "#quiet");
            join(alice, "#busy");
            join(bob, "#busy");
        }
        try (TestClient nc = TestClient.connect(server.port()); TestClient carol = user("carol")) {
            join(carol, "#quiet");
            nc.send("/rooms");
            assertThat(nc.line()).isEqualTo("* Rooms:");
            assertThat(nc.line()).isEqualTo("*   #busy (2 members, 0 online)");
            assertThat(nc.line()).isEqualTo("*   #quiet (2 members, 1 online)");
            carol.send(new ClientFrame.Rooms("r"));
            assertThat(carol.awaitFrame(ServerFrame.RoomList.class).rooms()).containsExactly(
                    new ServerFrame.RoomSummary("#busy", 2, 0, ""), new ServerFrame.RoomSummary("#quiet", 2, 1, ""));
        }
    }

    @Test
    void whatNetcatShowedAsItCameIsReadOnEveryDevice() {
        try (TestClient bob = user("bob"); TestClient nc = TestClient.connect(server.port())) {
            user("alice").close();
            nc.send("/login alice password alice");
            assertThat(nc.line()).isEqualTo("* Logged in as alice.");
            nc.send("/join #lobby");
            assertThat(nc.line()).startsWith("* You joined #lobby");
            join(bob, "#lobby");
            for (int i = 1; i <= 5; i++) {
                bob.send(new ClientFrame.Say("r" + i, "#lobby", "room line " + i));
                bob.send(new ClientFrame.Say("d" + i, "@alice", "direct line " + i));
            }
            String line;
            do {
                line = nc.line();
            } while (!line.endsWith("direct line 5"));
            java.util.Map<String, Integer> unread = java.util.Map.of();
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                try (TestClient phone = TestClient.connect(server.port())) {
                    phone.send(new ClientFrame.Login("l", "alice", "password alice"));
                    phone.frame(ServerFrame.LoggedIn.class);
                    unread = phone.frame(ServerFrame.ConversationList.class).conversations().stream().collect(
                            java.util.stream.Collectors.toMap(ServerFrame.ConversationSummary::conv,
                                    ServerFrame.ConversationSummary::unread));
                }
                if (unread.values().stream().allMatch(count -> count == 0)) {
                    break; // the marks are written after they are shown, without an answer to wait for
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            assertThat(unread).containsEntry("#lobby", 0).containsEntry("@bob", 0);
        }
    }

    private TestClient user(String name) {
        return TestClient.connect(server.port()).logInOrRegister(name);
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join("j", room));
        client.awaitFrame(ServerFrame.Room.class, r -> "j".equals(r.re()));
        client.awaitFrame(ServerFrame.History.class);
    }
}
