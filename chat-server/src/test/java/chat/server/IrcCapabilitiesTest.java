package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.irc.IrcMessage;
import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.net.ServerCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IRCv3 pieces and the limits of the IRC front door over real sockets: labelled answers, away-notify, WHO and
 * NAMES of a room bigger than a page, a flood held back (fake lag) instead of refused, lines too long or not UTF-8,
 * and IRC inside TLS on the shared port.
 */
class IrcCapabilitiesTest {

    @TempDir
    Path dir;
    private ChatServer server;

    private int start(UnaryOperator<ServerConfig.Builder> adjust) {
        server = TestServer.start(dir, c -> adjust.apply(c.greetingWait(250).bcryptCost(4).plainPasswords(true)));
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String nickOf(List<IrcMessage> welcome) {
        return welcome.stream().filter(m -> m.command().equals("001")).findFirst().orElseThrow().param(0);
    }

    @Test
    void labelledRequestsAreAnsweredWithTheirLabelOneLineABatchOrAnAck() {
        int port = start(c -> c);
        try (IrcClient irc = new IrcClient(port)) {
            irc.register("x", "labeled-response", "batch", "echo-message", "message-tags");
            irc.send("@label=one PING tok");
            IrcMessage pong = irc.await("PONG");
            assertThat(pong.tags()).containsEntry("label", "one");

            irc.send("@label=two JOIN #lobby");
            IrcMessage start = irc.message();
            assertThat(start.command()).isEqualTo("BATCH");
            assertThat(start.tags()).containsEntry("label", "two");
            assertThat(start.param(1)).isEqualTo("labeled-response");
            String batch = start.param(0).substring(1);
            List<IrcMessage> inside = irc.until(m -> m.command().equals("BATCH"));
            assertThat(inside.get(inside.size() - 1).param(0)).isEqualTo("-" + batch);
            List<IrcMessage> body = inside.subList(0, inside.size() - 1);
            assertThat(body).extracting(IrcMessage::command).contains("JOIN", "353", "366");
            assertThat(body).allMatch(m -> batch.equals(m.tags().get("batch")));

            irc.send("@label=three PRIVMSG #lobby :hello");
            IrcMessage echo = irc.await("PRIVMSG");
            assertThat(echo.tags()).containsEntry("label", "three").containsKey("msgid");

            irc.send("@label=four PONG whatever");
            IrcMessage ack = irc.message();
            assertThat(ack.command()).isEqualTo("ACK");
            assertThat(ack.tags()).containsEntry("label", "four");

            // without the cap, a label is ignored
            irc.send("CAP REQ :-labeled-response");
            irc.await("CAP");
            irc.send("@label=five PING tok");
            assertThat(irc.await("PONG").tags()).doesNotContainKey("label");
        }
    }

    @Test
    void aLabelledCommandOnSeveralTargetsIsOneAnswer() {
        int port = start(c -> c);
        try (IrcClient irc = new IrcClient(port)) {
            irc.register("x", "labeled-response", "batch");
            irc.send("@label=multi JOIN #one,#two");
            IrcMessage start = irc.message();
            assertThat(start.command()).isEqualTo("BATCH");
            assertThat(start.tags()).containsEntry("label", "multi");
            List<IrcMessage> inside = irc.until(m -> m.command().equals("BATCH"));
            assertThat(inside.stream().filter(m -> m.command().equals("JOIN")).map(m -> m.param(0)))
                    .containsExactly("#one", "#two");
            irc.send("PING after");
            assertThat(irc.message().command()).isEqualTo("PONG"); // nothing of the JOINs came after the batch
        }
    }

    @Test
    void awayNotifyTellsTheRoomWhenSomeoneGoesAwayAndComesBack() {
        int port = start(c -> c);
        try (TestClient bob = TestClient.connect(port); TestClient carol = TestClient.connect(port)) {
            AccountsTest.register(bob, "bobby", "password bobby");
            AccountsTest.register(carol, "carol", "password carol");
            new AccountsSetup(port).account("alice", "password alice");
            try (IrcClient irc = new IrcClient(port)) {
                irc.registerWithSasl("alice", "password alice", "away-notify");
                for (TestClient json : List.of(bob, carol)) {
                    json.send(new ClientFrame.Join("j", "#lobby"));
                    json.awaitFrame(ServerFrame.History.class);
                }
                bob.send(new ClientFrame.Join("j2", "#other"));
                bob.awaitFrame(ServerFrame.History.class);
                irc.send("JOIN #lobby,#other");
                irc.until(m -> m.command().equals("366") && m.param(1).equals("#other"));

                bob.send(new ClientFrame.Away("a", true, "lunch"));
                bob.awaitFrame(ServerFrame.Ok.class);
                IrcMessage away = irc.await("AWAY");
                assertThat(away.source()).startsWith("bobby!");
                assertThat(away.params()).containsExactly("lunch");
                ServerFrame.Presence seen = carol.awaitFrame(ServerFrame.Presence.class);
                assertThat(seen.user().name()).isEqualTo("bobby");
                assertThat(seen.user().status()).isEqualTo("away");

                bob.send(new ClientFrame.Away("b", false, null));
                bob.awaitFrame(ServerFrame.Ok.class);
                IrcMessage back = irc.await("AWAY");
                assertThat(back.params()).isEmpty();
                // once per change, though the two share two rooms
                assertThat(irc.sync()).noneMatch(m -> m.command().equals("AWAY"));

                irc.send("AWAY :gone fishing");
                irc.await("306");
                assertThat(bob.awaitFrame(ServerFrame.Presence.class).user().message()).isEqualTo("gone fishing");

                // someone away who joins is shown away right after the JOIN
                carol.send(new ClientFrame.Away("c", true, "meeting"));
                carol.awaitFrame(ServerFrame.Ok.class);
                assertThat(irc.await("AWAY").source()).startsWith("carol!");
                carol.send(new ClientFrame.Part("p", "#lobby"));
                assertThat(irc.await("PART").source()).startsWith("carol!");
                carol.send(new ClientFrame.Join("j3", "#lobby"));
                assertThat(irc.await("JOIN").source()).startsWith("carol!");
                IrcMessage joinedAway = irc.message();
                assertThat(joinedAway.command()).isEqualTo("AWAY");
                assertThat(joinedAway.params()).containsExactly("meeting");
            }
        }
    }

    @Test
    void whoAndNamesOfARoomBiggerThanAPageListEveryoneOnce() {
        int port = start(c -> c.maxOutboundBytes(4096).rateLimit("all=off").maxConnectionsPerAddress(100));
        List<TestClient> crowd = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            TestClient member = TestClient.connect(port);
            crowd.add(member);
            member.send(new ClientFrame.Join("j", "#big"));
            member.awaitFrame(ServerFrame.History.class);
        }
        try (IrcClient irc = new IrcClient(port)) {
            String nick = nickOf(irc.register("x"));
            irc.send("JOIN #big");
            irc.await("366");
            irc.send("WHO #big");
            List<IrcMessage> who = irc.until(m -> m.command().equals("315"));
            List<String> listed = who.stream().filter(m -> m.command().equals("352")).map(m -> m.param(5)).toList();
            assertThat(listed).doesNotHaveDuplicates().hasSize(41).contains(nick);
            assertThat(who.stream().filter(m -> m.command().equals("315"))).hasSize(1);

            irc.send("NAMES #big");
            List<IrcMessage> names = irc.until(m -> m.command().equals("366"));
            List<String> named = names.stream().filter(m -> m.command().equals("353"))
                    .flatMap(m -> List.of(m.param(3).split(" ")).stream()).toList();
            assertThat(named).doesNotHaveDuplicates().hasSize(41);
        } finally {
            crowd.forEach(TestClient::close);
        }
    }

    @Test
    void aFloodIsHeldBackAndDeliveredInOrderNotRefused() {
        int port = start(c -> c.rateLimit("message.connection=3/600ms").rateLimit("topic.connection=1/1h"));
        try (TestClient json = TestClient.connect(port); IrcClient irc = new IrcClient(port)) {
            json.send(new ClientFrame.Join("j", "#lobby"));
            json.awaitFrame(ServerFrame.History.class);
            irc.register("x");
            irc.send("JOIN #lobby");
            irc.await("366");
            long started = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                irc.send("PRIVMSG #lobby :line " + i);
            }
            for (int i = 0; i < 8; i++) {
                int n = i;
                assertThat(json.awaitFrame(ServerFrame.Message.class, m -> true).text()).isEqualTo("line " + n);
            }
            // three at once, then one each 200 ms: five waited
            assertThat(System.nanoTime() - started).isGreaterThan(800_000_000L);
            assertThat(irc.sync()).noneMatch(m -> m.command().equals("400") || m.command().equals("NOTICE"));

            // a limit that would hold the connection for long is refused at once, as before
            irc.send("TOPIC #lobby :one");
            irc.await("TOPIC");
            irc.send("TOPIC #lobby :two");
            IrcMessage refused = irc.await("400");
            assertThat(refused.params().get(refused.params().size() - 1)).contains("rate_limited");
        }
    }

    @Test
    void linesTooLongOrNotUtf8AreAnsweredAsIrcAndTheConnectionGoesOn() {
        int port = start(c -> c);
        try (IrcClient irc = new IrcClient(port)) {
            irc.register("x");
            irc.send("PRIVMSG #x :" + "a".repeat(600)); // a body past 512 bytes
            assertThat(irc.await("417").params()).last().isEqualTo("Input line was too long");
            irc.send("@+x=" + "t".repeat(4093) + " PING :tags past the 4094 bytes a client may send");
            assertThat(irc.await("417")).isNotNull();
            irc.send("PRIVMSG #x :" + "b".repeat(70_000)); // past the framing's limit (64 KiB)
            assertThat(irc.await("417")).isNotNull();
            irc.sendBytes("PRIVMSG #x :caf\u00e9 \u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1));
            IrcMessage fail = irc.await("FAIL");
            assertThat(fail.params()).startsWith("*", "INVALID_UTF8");
            // tags up to 4094 bytes and a body up to 510 bytes are taken
            irc.send("@+x=" + "t".repeat(4091) + " PING :" + "p".repeat(400));
            assertThat(irc.await("PONG").params()).last().isEqualTo("p".repeat(400));
            irc.send("PING :still here");
            assertThat(irc.await("PONG").params()).last().isEqualTo("still here");
        }
    }

    @Test
    void anAccountThatReconnectsOverIrcIsNotTakenForAResendOfItsOldMessages() {
        int port = start(c -> c);
        try (TestClient bob = TestClient.connect(port)) {
            AccountsTest.register(bob, "bobby", "password bobby");
            new AccountsSetup(port).account("alice", "password alice");
            for (int connection = 0; connection < 2; connection++) {
                try (IrcClient irc = new IrcClient(port)) {
                    irc.registerWithSasl("alice", "password alice");
                    irc.send("PRIVMSG bobby :ok");
                    ServerFrame.Message heard = bob.awaitFrame(ServerFrame.Message.class);
                    assertThat(heard.from()).isEqualTo("alice");
                    assertThat(heard.text()).isEqualTo("ok");
                }
            }
        }
    }

    @Test
    void namesShowMasksWithUserhostInNamesAndSmallAnswersAreAsIrcServersGiveThem() {
        int port = start(c -> c);
        try (IrcClient irc = new IrcClient(port)) {
            String nick = nickOf(irc.register("x", "multi-prefix", "userhost-in-names"));
            irc.send("JOIN #lobby");
            assertThat(irc.await("353").param(3)).isEqualTo(nick + "!" + nick + "@chat");
            irc.await("366");
            irc.send("PING");
            assertThat(irc.await("461").param(1)).isEqualTo("PING");
            try (TestClient json = TestClient.connect(port)) {
                AccountsTest.register(json, "carol", "password carol");
                irc.send("WHO *");
                List<IrcMessage> everyone = irc.until(m -> m.command().equals("315"));
                assertThat(everyone).anyMatch(m -> m.command().equals("352") && m.param(5).equals("carol"));
                assertThat(everyone.get(everyone.size() - 1).param(1)).isEqualTo("*");
            }
            irc.send("WHO nobody-here");
            assertThat(irc.until(m -> m.command().equals("315"))).extracting(IrcMessage::command)
                    .containsExactly("315"); // an empty list, no 401
            irc.send("@label=x NO_SUCH_COMMAND");
            assertThat(irc.await("421").param(1)).isEqualTo("NO_SUCH_COMMAND");
        }
    }

    @Test
    void aNickNoIrcServerWouldTakeIsRefusedAtRegistration() {
        int port = start(c -> c);
        try (IrcClient irc = new IrcClient(port)) {
            for (String nick : List.of("*", "a,b", "#x", "1st", "x!y@z")) {
                irc.send("NICK " + nick);
                assertThat(irc.await("432").param(1)).isEqualTo(nick);
            }
            List<IrcMessage> welcome = irc.register("fine");
            assertThat(nickOf(welcome)).startsWith("guest-");
        }
    }

    @Test
    void aLineCutAtEveryByteIsOneCommand() {
        int port = start(c -> c);
        try (IrcClient irc = new IrcClient(port)) {
            irc.register("x", "message-tags");
            byte[] line = "@+typing=active PING :caf\u00e9 \u00fcber\r\n".getBytes(StandardCharsets.UTF_8);
            for (int cut = 1; cut < line.length; cut++) {
                irc.sendBytes(java.util.Arrays.copyOfRange(line, 0, cut));
                irc.sendBytes(java.util.Arrays.copyOfRange(line, cut, line.length));
                assertThat(irc.await("PONG").params()).last().isEqualTo("caf\u00e9 \u00fcber");
            }
        }
    }

    @Test
    void ircSpeaksInsideTlsOnTheSharedPortWithSasl() throws IOException {
        Path keystore = TestCertificates.selfSigned(dir, "irc");
        ServerCertificate certificate = ServerCertificate.load(keystore, TestCertificates.PASSWORD.toCharArray());
        int port = start(c -> c.plainPasswords(false).tls(certificate.context(), 200, false));
        try (TestClient json = TestClient.connect(port)) {
            AccountsTest.register(json, "alice", "password alice");
            json.send(new ClientFrame.Join("j", "#lobby"));
            json.awaitFrame(ServerFrame.History.class);
            new AccountsSetup(port).account("bobby", "password bobby");
            SSLSocket socket = (SSLSocket) TestCertificates.trusting(keystore).getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TestClient.TIMEOUT.toMillis());
            socket.startHandshake();
            try (IrcClient irc = new IrcClient(socket)) {
                List<IrcMessage> welcome = irc.registerWithSasl("bobby", "password bobby", "server-time");
                assertThat(nickOf(welcome)).isEqualTo("bobby");
                assertThat(irc.received).noneMatch(l -> l.startsWith("*"));
                irc.send("JOIN #lobby");
                irc.await("366");
                json.send(new ClientFrame.Say(null, "#lobby", "over tls?"));
                IrcMessage heard = irc.await("PRIVMSG");
                assertThat(heard.params()).containsExactly("#lobby", "over tls?");
                irc.send("PRIVMSG #lobby :yes, over TLS");
                assertThat(json.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("yes, over TLS");
            }
        }
    }

    /** Makes accounts over the JSON front door, as chat-tui would. */
    private record AccountsSetup(int port) {
        void account(String name, String password) {
            try (TestClient client = TestClient.connect(port)) {
                AccountsTest.register(client, name, password);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException("could not register " + name, e));
            }
        }
    }
}
