package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.irc.IrcMessage;
import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRC clients on the shared port, over real sockets: detection by the first line, registration, rooms as channels,
 * direct messages as queries, SASL, random chat as {@code &stranger}, and bad input answered as IRC servers do,
 * always next to JSON and netcat clients in the same chats.
 */
class IrcFrontDoorTest {

    @TempDir
    java.nio.file.Path dir;
    private ChatServer server;

    private int start() {
        server = TestServer.start(dir, c -> c.greetingWait(250).bcryptCost(4).plainPasswords(true));
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIrcClientRegistersAsItsGuestHandleAndNeverSeesTheTextGreeting() {
        int port = start();
        try (IrcClient irc = new IrcClient(port)) {
            List<IrcMessage> welcome = irc.register("alice", "server-time", "echo-message", "message-tags");
            assertThat(irc.received).noneMatch(line -> line.startsWith("*"));
            assertThat(welcome.get(0).command()).isEqualTo("CAP");
            assertThat(welcome.get(0).params()).contains("LS");
            assertThat(welcome).anyMatch(m -> m.command().equals("CAP") && m.params().contains("ACK"));
            IrcMessage first = welcome.stream().filter(m -> m.command().equals("001")).findFirst().orElseThrow();
            assertThat(first.param(0)).startsWith("guest-");
            assertThat(welcome).anyMatch(m -> m.command().equals("005"));
            irc.send("PING :tok en");
            IrcMessage pong = irc.await("PONG");
            assertThat(pong.params()).last().isEqualTo("tok en");
            irc.send("WHATEVER x");
            assertThat(irc.await("421").param(1)).isEqualTo("WHATEVER");
        }
    }

    @Test
    void netcatIsStillGreetedAndJsonClientsThatSpeakFirstToo() {
        int port = start();
        try (TestClient netcat = TestClient.connect(port)) {
            assertThat(netcat.greeting()).startsWith("* Welcome to chat-server");
        }
        try (IrcClient raw = new IrcClient(port)) {
            raw.send("{\"type\":\"ping\",\"id\":\"p\"}");
            // not IRC: the greeting comes first, then the JSON answer; read both as raw lines
            assertThat(readLine(raw)).startsWith("* Welcome");
            assertThat(readLine(raw)).contains("\"pong\"");
        }
    }

    private static String readLine(IrcClient raw) {
        return raw.rawLine();
    }

    @Test
    void anIrcUserAndAJsonUserShareARoom() {
        int port = start();
        try (TestClient json = TestClient.connect(port); IrcClient irc = new IrcClient(port)) {
            json.send(new ClientFrame.Join("j", "#lobby"));
            json.awaitFrame(ServerFrame.History.class);
            String nick = irc.register("x", "echo-message", "server-time").stream()
                    .filter(m -> m.command().equals("001")).findFirst().orElseThrow().param(0);
            irc.send("JOIN #lobby");
            assertThat(irc.await("JOIN").param(0)).isEqualTo("#lobby");
            IrcMessage names = irc.await("353");
            assertThat(names.param(3).split(" ")).contains(nick, json.handle());
            irc.await("366");
            json.awaitFrame(ServerFrame.MemberJoined.class, j -> j.handle().equals(nick));

            json.send(new ClientFrame.Say(null, "#lobby", "hi from json"));
            IrcMessage heard = irc.await("PRIVMSG");
            assertThat(heard.source()).startsWith(json.handle() + "!");
            assertThat(heard.params()).containsExactly("#lobby", "hi from json");
            assertThat(heard.tags()).containsKey("time");

            irc.send("PRIVMSG #lobby :\u0002hello\u0002 from irc");
            IrcMessage echo = irc.await("PRIVMSG");
            assertThat(echo.source()).startsWith(nick + "!");
            assertThat(echo.params()).containsExactly("#lobby", "hello from irc");
            ServerFrame.Message m = json.awaitFrame(ServerFrame.Message.class);
            assertThat(m.from()).isEqualTo(nick);
            assertThat(m.text()).isEqualTo("hello from irc");

            irc.send("PRIVMSG #lobby :\u0001ACTION waves\u0001");
            assertThat(json.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("/me waves");
            json.send(new ClientFrame.Say(null, "#lobby", "/me bows"));
            irc.until(p -> p.command().equals("PRIVMSG") && p.param(1).contains("bows"));

            irc.send("TOPIC #lobby :new topic");
            assertThat(irc.await("TOPIC").params()).containsExactly("#lobby", "new topic");
            assertThat(json.awaitFrame(ServerFrame.TopicChanged.class).topic()).isEqualTo("new topic");

            irc.send("PRIVMSG #nowhere :x");
            assertThat(irc.await("404").param(1)).isEqualTo("#nowhere");
            irc.send("LIST");
            IrcMessage listed = irc.await("322");
            assertThat(listed.param(1)).isEqualTo("#lobby");
            irc.await("323");
            irc.send("PART #lobby");
            assertThat(irc.await("PART").param(0)).isEqualTo("#lobby");
            json.awaitFrame(ServerFrame.MemberLeft.class, l -> l.handle().equals(nick));
        }
    }

    @Test
    void aFileSharedInARoomReachesAnIrcUserAsALineThatSaysHowToFetchIt() throws Exception {
        int port = start();
        try (TestClient json = TestClient.connect(port); IrcClient irc = new IrcClient(port)) {
            json.send(new ClientFrame.Join("j", "#files"));
            json.awaitFrame(ServerFrame.History.class);
            String nick = irc.register("x").stream().filter(m -> m.command().equals("001")).findFirst()
                    .orElseThrow().param(0);
            irc.send("JOIN #files");
            irc.await("366");
            json.awaitFrame(ServerFrame.MemberJoined.class, j -> j.handle().equals(nick));

            TransfersTest.upload(json, "#files", "notes.txt",
                    "meeting at noon\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            IrcMessage line = irc.await("PRIVMSG");
            assertThat(line.params()).first().isEqualTo("#files");
            assertThat(line.param(1)).matches("shared a file: notes\\.txt \\(16 bytes, text/plain\\) \\[(f[0-9a-f]+)\\]; fetch it"
                    + " with chat-tui \\(/save \\1\\)");
        }
    }

    @Test
    void theModeQueriesClientsSendOnJoinAreEachAnswered() {
        int port = start();
        try (IrcClient irc = new IrcClient(port)) {
            String nick = irc.register("x").stream().filter(m -> m.command().equals("001")).findFirst()
                    .orElseThrow().param(0);
            irc.send("JOIN #modes");
            irc.await("366");
            // what irssi and WeeChat ask right after a join; a query left unanswered keeps the client "syncing"
            for (String query : List.of("MODE #modes", "MODE #modes b", "MODE #modes e", "MODE #modes I",
                    "MODE " + nick)) {
                irc.send(query);
            }
            assertThat(irc.await("324").param(2)).isEqualTo("+t");
            assertThat(irc.await("368").param(1)).isEqualTo("#modes");
            assertThat(irc.await("349").param(1)).isEqualTo("#modes");
            assertThat(irc.await("347").param(1)).isEqualTo("#modes");
            assertThat(irc.await("221").param(1)).isEqualTo("+i");
        }
    }

    @Test
    void saslLogsIntoAnAccountAndOfflineDirectMessagesArePlayedBack() {
        int port = start();
        try (TestClient alice = TestClient.connect(port)) {
            AccountsTest.register(alice, "alice", "password alice");
            try (TestClient bob = TestClient.connect(port)) {
                AccountsTest.register(bob, "bobby", "password bobby");
            }
            alice.send(new ClientFrame.Say("s", "@bobby", "are you there?"));
            alice.awaitFrame(ServerFrame.Ok.class);
            try (IrcClient irc = new IrcClient(port)) {
                irc.send("CAP LS 302");
                irc.send("NICK bob");
                irc.send("USER u 0 * :Bob");
                irc.send("CAP REQ :sasl server-time batch");
                irc.await("CAP");
                irc.send("AUTHENTICATE PLAIN");
                assertThat(irc.await("AUTHENTICATE").param(0)).isEqualTo("+");
                irc.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                        "\0bobby\0password bobby".getBytes(StandardCharsets.UTF_8)));
                assertThat(irc.await("900").param(2)).isEqualTo("bobby");
                irc.await("903");
                irc.send("CAP END");
                assertThat(irc.await("001").param(0)).isEqualTo("bobby");
                IrcMessage dm = irc.await("PRIVMSG");
                assertThat(dm.source()).startsWith("alice!");
                assertThat(dm.params()).containsExactly("bobby", "are you there?");
                assertThat(dm.tags()).containsKeys("time", "batch");

                irc.send("PRIVMSG alice :yes!");
                ServerFrame.Message live = alice.awaitFrame(ServerFrame.Message.class);
                assertThat(live.from()).isEqualTo("bobby");
                assertThat(live.text()).isEqualTo("yes!");
                alice.send(new ClientFrame.Say(null, "@bobby", "great"));
                IrcMessage back = irc.await("PRIVMSG");
                assertThat(back.params()).containsExactly("bobby", "great");
            }
            try (IrcClient wrong = new IrcClient(port)) {
                wrong.send("PASS bobby:not the password");
                wrong.send("NICK bob");
                wrong.send("USER u 0 * :Bob");
                assertThat(wrong.await("464").param(1)).contains("wrong_password");
                wrong.await("ERROR");
            }
        }
    }

    @Test
    void strangersMeetInTheStrangerChannel() {
        int port = start();
        try (TestClient json = TestClient.connect(port); IrcClient irc = new IrcClient(port)) {
            String nick = irc.register("x").stream().filter(m -> m.command().equals("001")).findFirst()
                    .orElseThrow().param(0);
            irc.send("JOIN &stranger");
            assertThat(irc.await("JOIN").param(0)).isEqualTo("&stranger");
            irc.await("366");
            json.send(new ClientFrame.Next(null, null, null));
            ServerFrame.Paired paired = json.awaitFrame(ServerFrame.Paired.class);
            assertThat(paired.partner()).isEqualTo(nick);
            IrcMessage stranger = irc.await("JOIN");
            assertThat(stranger.source()).startsWith(json.handle() + "!");
            json.send(new ClientFrame.Say(null, null, "hi stranger"));
            IrcMessage heard = irc.await("PRIVMSG");
            assertThat(heard.params()).containsExactly("&stranger", "hi stranger");
            irc.send("PRIVMSG &stranger :hello you");
            assertThat(json.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hello you");
            irc.send("NEXT");
            assertThat(irc.await("PART").source()).startsWith(json.handle() + "!");
            json.awaitFrame(ServerFrame.PartnerLeft.class);
            irc.send("PART &stranger");
            assertThat(irc.await("PART").source()).startsWith(nick + "!");
        }
    }

    @Test
    void badLinesAreAnsweredAsIrcServersDoAndTheConnectionGoesOn() {
        int port = start();
        try (IrcClient irc = new IrcClient(port)) {
            irc.send("CAP LS 302");
            TestClient json = TestClient.connect(port);
            irc.send("PRIVMSG #a :before registration");
            assertThat(irc.await("451")).isNotNull();
            irc.register("x", "message-tags");
            json.send(new ClientFrame.Join("j", "#lobby"));
            json.awaitFrame(ServerFrame.History.class);
            irc.send("JOIN #lobby");
            irc.await("366");
            json.awaitFrame(ServerFrame.MemberJoined.class);
            for (String bad : List.of("@=x PRIVMSG #lobby :bad tag", ":onlysource", "12 x", "PRIVMSG #lobby :a\u0000b",
                    "X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "@a " + "PRIVMSG #lobby :" + "x".repeat(600),
                    "PRIVMSG #lobby :\u001b[2Jclear", "PRIVMSG #lobby :" + "y".repeat(5000), "JOIN #a b c!",
                    "PRIVMSG", "JOIN")) {
                irc.send(bad);
            }
            List<IrcMessage> answers = irc.sync();
            assertThat(answers).extracting(IrcMessage::command).contains("417", "461", "400");
            json.send(new ClientFrame.Ping("p"));
            // nothing of it reached the room: the next frame the JSON user gets is its pong
            assertThat(json.frame()).isInstanceOf(ServerFrame.Pong.class);
            json.close();
        }
    }
}
