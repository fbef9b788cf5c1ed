package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Random stranger chat, end to end over loopback sockets, as JSON clients and as people on netcat. */
class RandomChatTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(tempDir);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.close();
    }

    @Test
    void twoJsonClientsArePairedAndChat() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Next("n1", null));
            assertThat(alice.frame(ServerFrame.Queued.class).size()).isEqualTo(2);
            assertThat(alice.frame(ServerFrame.Ok.class).re()).isEqualTo("n1");

            bob.send(new ClientFrame.Next(null, null));
            ServerFrame.Paired bobPaired = bob.frame(ServerFrame.Paired.class);
            ServerFrame.Paired alicePaired = alice.frame(ServerFrame.Paired.class);
            assertThat(bobPaired.partner()).isEqualTo(alice.handle());
            assertThat(alicePaired.partner()).isEqualTo(bob.handle());
            assertThat(alicePaired.conv()).isEqualTo(bobPaired.conv()).startsWith("~");
            assertThat(alicePaired.size()).isEqualTo(2);

            long before = System.currentTimeMillis();
            alice.send(new ClientFrame.Say("m1", null, "hello there"));
            ServerFrame.Message received = bob.frame(ServerFrame.Message.class);
            assertThat(received.text()).isEqualTo("hello there");
            assertThat(received.from()).isEqualTo(alice.handle());
            assertThat(received.conv()).isEqualTo(alicePaired.conv());
            assertThat(received.ts()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
            ServerFrame.Ok ack = alice.frame(ServerFrame.Ok.class);
            assertThat(ack.re()).isEqualTo("m1");
            assertThat(ack.id()).isEqualTo(received.id()).isNotBlank();
            assertThat(ack.ts()).isEqualTo(received.ts());

            bob.send(new ClientFrame.Say(null, bobPaired.conv(), "hi alice"));
            assertThat(alice.frame(ServerFrame.Message.class).text()).isEqualTo("hi alice");
        }
    }

    @Test
    void twoPeopleOnNetcatArePairedAndChat() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            assertThat(alice.greeting()).startsWith("* Welcome to chat-server").contains("/next").contains("/help");
            assertThat(alice.handle()).matches("guest-\\d{4,}");
            assertThat(alice.handle()).isNotEqualTo(bob.handle());

            alice.send("/next music,chess");
            assertThat(alice.line()).isEqualTo("* Looking for a stranger... (/leave to stop waiting)");
            alice.send("/keep");
            assertThat(alice.line()).startsWith("! you are still waiting for a stranger").endsWith("(no_conversation)");
            bob.send("/next chess,cats");
            assertThat(bob.line()).startsWith("* You are now chatting with " + alice.handle() + ".");
            assertThat(bob.line()).isEqualTo("* You both like: chess.");
            assertThat(alice.line()).startsWith("* You are now chatting with " + bob.handle() + ".");
            assertThat(alice.line()).isEqualTo("* You both like: chess.");

            alice.send("hi, 你好 😀");
            assertThat(bob.line()).matches(Pattern.quote("[") + "\\d\\d:\\d\\d" + Pattern.quote("] <"
                    + alice.handle() + "> hi, 你好 😀"));
            bob.send("//slash is said");
            assertThat(alice.line()).endsWith("<" + bob.handle() + "> /slash is said");

            alice.send("/leave");
            assertThat(alice.line()).isEqualTo("* You left the chat.");
            assertThat(bob.line()).isEqualTo("* " + alice.handle() + " left the chat. /next meets someone new.");
            bob.send("still here?");
            assertThat(bob.line()).startsWith("! you are not in a chat").endsWith("(no_conversation)");

            alice.send("/next");
            assertThat(alice.line()).startsWith("* Looking for a stranger");
            bob.send("/next"); // only alice waits, and they just parted: a status line says why bob waits
            assertThat(bob.line()).startsWith("* Looking for a stranger");
            assertThat(bob.line()).startsWith("* Waiting: the others waiting now met you a moment ago");
        }
    }

    @Test
    void groupOfThreeIsMatchedAndEveryoneHearsEveryone() {
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port());
                TestClient c = TestClient.connect(server.port()); TestClient pairSeeker =
                        TestClient.connect(server.port())) {
            a.send(new ClientFrame.Next(null, 3));
            a.frame(ServerFrame.Queued.class);
            pairSeeker.send(new ClientFrame.Next(null, 2)); // another line: never mixed with groups of three
            pairSeeker.frame(ServerFrame.Queued.class);
            b.send("/next 3");
            assertThat(b.line()).isEqualTo("* Looking for 2 strangers for a group of 3... (/leave to stop waiting)");
            c.send(new ClientFrame.Next(null, 3));

            ServerFrame.Paired cPaired = c.frame(ServerFrame.Paired.class);
            assertThat(cPaired.size()).isEqualTo(3);
            assertThat(cPaired.partners()).containsExactlyInAnyOrder(a.handle(), b.handle());
            assertThat(a.frame(ServerFrame.Paired.class).partners()).containsExactlyInAnyOrder(b.handle(),
                    c.handle());
            assertThat(b.line()).startsWith("* You are now in a group of 3 with ");

            c.send(new ClientFrame.Say(null, null, "hello group"));
            assertThat(a.frame(ServerFrame.Message.class).text()).isEqualTo("hello group");
            assertThat(b.line()).endsWith("<" + c.handle() + "> hello group");

            a.send(new ClientFrame.Leave(null, null));
            a.frame(ServerFrame.Left.class);
            ServerFrame.PartnerLeft cSees = c.frame(ServerFrame.PartnerLeft.class);
            assertThat(cSees.partner()).isEqualTo(a.handle());
            assertThat(cSees.ended()).isFalse();
            assertThat(b.line()).isEqualTo("* " + a.handle() + " left the chat.");

            b.send("still two of us");
            assertThat(c.frame(ServerFrame.Message.class).text()).isEqualTo("still two of us");
            c.send(new ClientFrame.Leave(null, cPaired.conv()));
            assertThat(b.line()).isEqualTo("* " + c.handle() + " left the chat. /next meets someone new.");
        }
    }

    @Test
    void skippingEndsTheChatForThePartnerAndTheyAreNotRematchedRightAway() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port());
                TestClient carol = TestClient.connect(server.port())) {
            pair(alice, bob);

            alice.send(new ClientFrame.Next(null, null)); // skip bob
            String conv = alice.frame(ServerFrame.Left.class).conv();
            alice.frame(ServerFrame.Queued.class);
            ServerFrame.PartnerLeft left = bob.frame(ServerFrame.PartnerLeft.class);
            assertThat(left.conv()).isEqualTo(conv);
            assertThat(left.partner()).isEqualTo(alice.handle());
            assertThat(left.ended()).isTrue();

            bob.send(new ClientFrame.Next(null, null)); // only alice waits, and she just skipped bob
            bob.frame(ServerFrame.Queued.class);
            // both hear why they wait, and not who
            String why = "Waiting: the others waiting now met you a moment ago, and strangers who just parted meet"
                    + " again only after 30 s; someone new meets you at once";
            assertThat(bob.frame(ServerFrame.Notice.class).text()).isEqualTo(why);
            assertThat(alice.frame(ServerFrame.Notice.class).text()).isEqualTo(why);

            carol.send(new ClientFrame.Next(null, null)); // the longest waiter, alice, gets carol
            assertThat(carol.frame(ServerFrame.Paired.class).partner()).isEqualTo(alice.handle());
            assertThat(alice.frame(ServerFrame.Paired.class).partner()).isEqualTo(carol.handle());
        }
    }

    @Test
    void aGroupThatWaitsOnlyBecauseTwoOfItsStrangersJustPartedSaysSoToAll() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port());
                TestClient carol = TestClient.connect(server.port())) {
            pair(alice, bob);
            alice.send(new ClientFrame.Next(null, 3)); // leaves bob, looks for a group of three
            alice.frame(ServerFrame.Left.class);
            alice.frame(ServerFrame.Queued.class);
            bob.frame(ServerFrame.PartnerLeft.class);
            bob.send(new ClientFrame.Next(null, 3)); // two are not a group yet: nothing to explain
            bob.frame(ServerFrame.Queued.class);
            carol.send(new ClientFrame.Next(null, 3)); // three, kept apart only by alice and bob's parting
            carol.frame(ServerFrame.Queued.class);
            assertThat(carol.frame(ServerFrame.Notice.class).text()).isEqualTo("Waiting: some of the others waiting"
                    + " for this group parted a moment ago, and strangers who just parted meet again only after 30 s;"
                    + " the group starts then, or at once when someone new comes");
            assertThat(alice.frame(ServerFrame.Notice.class).text()).startsWith("Waiting: the others waiting now met");
            assertThat(bob.frame(ServerFrame.Notice.class).text()).startsWith("Waiting: the others waiting now met");
        }
    }

    @Test
    void partedStrangersMeetAgainAfterTheCooldown() throws InterruptedException {
        server.close();
        server = TestServer.start(tempDir, config -> config.rematchCooldownMillis(300));
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            pair(alice, bob);
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Left.class);
            alice.frame(ServerFrame.Queued.class);
            bob.frame(ServerFrame.PartnerLeft.class);
            bob.send(new ClientFrame.Next(null, null));
            bob.frame(ServerFrame.Queued.class);
            bob.frame(ServerFrame.Notice.class);
            alice.frame(ServerFrame.Notice.class);
            // Nobody else comes: once the cool-down passes, the two are matched again.
            assertThat(bob.frame(ServerFrame.Paired.class).partner()).isEqualTo(alice.handle());
            assertThat(alice.frame(ServerFrame.Paired.class).partner()).isEqualTo(bob.handle());
        }
    }

    @Test
    void aPartnerWhoDisconnectsOrVanishesIsReportedAsLeft() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port());
                TestClient carol = TestClient.connect(server.port());
                TestClient dave = TestClient.connect(server.port())) {
            pair(alice, bob);
            alice.close();
            assertThat(bob.frame(ServerFrame.PartnerLeft.class).partner()).isEqualTo(alice.handle());

            pair(carol, dave);
            carol.vanish();
            ServerFrame.PartnerLeft left = dave.frame(ServerFrame.PartnerLeft.class);
            assertThat(left.partner()).isEqualTo(carol.handle());
            assertThat(left.ended()).isTrue();
        }
    }

    @Test
    void leavingTheQueueStopsTheWait() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Queued.class);
            alice.send(new ClientFrame.Leave("l1", null));
            assertThat(alice.frame(ServerFrame.Left.class).conv()).isNull();
            alice.frame(ServerFrame.Ok.class);

            bob.send(new ClientFrame.Next(null, null));
            bob.frame(ServerFrame.Queued.class); // alice is no longer waiting
            alice.send(new ClientFrame.Leave("l2", null));
            ServerFrame.Error error = alice.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo(ErrorCode.NO_CONVERSATION.wireName());
            assertThat(error.re()).isEqualTo("l2");
        }
    }

    @Test
    void typingIsPassedOnAtMostOncePerIntervalAndClearedStatesAlways() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            String conv = pair(alice, bob);
            alice.send(new ClientFrame.Typing(null, null, null));
            alice.send(new ClientFrame.Typing(null, null, "active")); // within 3 s: not passed on
            alice.send(new ClientFrame.Typing(null, conv, "paused"));
            alice.send(new ClientFrame.Say(null, null, "done typing"));

            ServerFrame.Typing first = bob.frame(ServerFrame.Typing.class);
            assertThat(first.from()).isEqualTo(alice.handle());
            assertThat(first.state()).isEqualTo("active");
            assertThat(first.conv()).isEqualTo(conv);
            assertThat(bob.frame(ServerFrame.Typing.class).state()).isEqualTo("paused");
            assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("done typing");

            alice.send(new ClientFrame.Typing(null, null, "active")); // after a message: passed on at once
            assertThat(bob.frame(ServerFrame.Typing.class).state()).isEqualTo("active");
        }
    }

    @Test
    void nobodyIsPairedWithThemselvesAndAskingTwiceKeepsOnePlace() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Queued.class);
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Queued.class);
            bob.send(new ClientFrame.Next(null, null));
            assertThat(bob.frame(ServerFrame.Paired.class).partners()).containsExactly(alice.handle());
            assertThat(alice.frame(ServerFrame.Paired.class).partners()).containsExactly(bob.handle());
        }
    }

    @Test
    void helloAndPingAndHelpAnswer() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send(new ClientFrame.Hello("h1", "test"));
            ServerFrame.Welcome welcome = client.frame(ServerFrame.Welcome.class);
            assertThat(welcome.re()).isEqualTo("h1");
            assertThat(welcome.handle()).isEqualTo(client.handle());
            assertThat(welcome.maxLineBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_LINE_BYTES);
            client.send(new ClientFrame.Ping("p1"));
            assertThat(client.frame(ServerFrame.Pong.class).re()).isEqualTo("p1");
            client.send("/ping");
            assertThat(client.line()).isEqualTo("* pong");
            client.send("/help");
            assertThat(client.line()).isEqualTo("Commands:");
            List<String> lines = List.of(client.line(), client.line(), client.line(), client.line(), client.line());
            assertThat(lines).anyMatch(line -> line.contains("/next [N]"));
        }
    }

    @Test
    void quitSaysGoodbyeAndCloses() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            pair(alice, bob);
            alice.send("/quit");
            assertThat(alice.line()).isEqualTo("* Bye: see you");
            alice.awaitClosed();
            assertThat(bob.frame(ServerFrame.PartnerLeft.class).partner()).isEqualTo(alice.handle());
        }
    }

    /** Pairs two JSON clients and returns the conversation id. */
    static String pair(TestClient first, TestClient second) {
        first.send(new ClientFrame.Next(null, null));
        first.frame(ServerFrame.Queued.class);
        second.send(new ClientFrame.Next(null, null));
        String conv = second.frame(ServerFrame.Paired.class).conv();
        assertThat(first.frame(ServerFrame.Paired.class).conv()).isEqualTo(conv);
        return conv;
    }
}
