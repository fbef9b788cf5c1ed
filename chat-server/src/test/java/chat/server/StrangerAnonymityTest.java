package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Random chats stay anonymous against someone who asks, for guests and for accounts that chose {@code anon}: a handle
 * names only the asker's own recent partners, and nothing a stranger can do with it (block, unblock, list, report,
 * keep) tells whether an account is behind it, or which. The logged-in users here are anonymous; NamedStrangersTest
 * has those who meet strangers as their account name. Real server, real sockets.
 */
class StrangerAnonymityTest {

    @TempDir
    Path tempDir;

    private ChatServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, StrangerAnonymityTest::settings);
    }

    /** No rematch cool-down, and no request limits: the tests stand for many people asking a little each. */
    private static ServerConfig.Builder settings(ServerConfig.Builder config) {
        return config.bcryptCost(4).rematchCooldownMillis(0).rateLimit("all=off");
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        server.close();
    }

    @Test
    void aHandleNamesOnlyYourOwnRecentPartnersAndTheRefusalTellsNothing() {
        TestClient victim = user("victim");
        TestClient carol = guest();
        String victimsHandle = pair(victim, carol).get(1); // what carol saw, and might pass on
        TestClient mallory = user("mallory");

        List<String> refusals = new ArrayList<>();
        for (String handle : List.of(victimsHandle, victim.handle(), carol.handle(), "guest-99999999")) {
            mallory.send(new ClientFrame.Block("b", handle));
            ServerFrame.Error error = mallory.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo("unknown_user");
            refusals.add(error.message().replace(handle, "HANDLE"));
            mallory.send(new ClientFrame.Report("r", null, handle, "curious"));
            error = mallory.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo("unknown_user");
            refusals.add(error.message().replace(handle, "HANDLE"));
        }
        assertThat(refusals).containsOnly(refusals.get(0));
        mallory.send(new ClientFrame.Blocks("list"));
        assertThat(mallory.frame(ServerFrame.BlockList.class).names()).isEmpty();

        victim.send(new ClientFrame.Leave(null, null));
        victim.frame(ServerFrame.Left.class);
        assertThat(pair(victim, mallory)).hasSize(2); // nothing keeps them apart
    }

    @Test
    void aStrangerBlockedByHandleIsListedByTheHandleAndStaysApartAcrossSessions() {
        String bobsHandle;
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            bobsHandle = pair(alice, bob).get(0);
            alice.send(new ClientFrame.Block("b", bobsHandle));
            alice.frame(ServerFrame.Left.class);
            ServerFrame.Ok blocked = alice.frame(ServerFrame.Ok.class);
            assertThat(blocked.message()).contains(bobsHandle).doesNotContain("bob ");
            bob.frame(ServerFrame.PartnerLeft.class);

            alice.send(new ClientFrame.Blocks("list"));
            assertThat(alice.frame(ServerFrame.BlockList.class).names()).containsExactly(bobsHandle);
            // A refused direct message would tell alice that the stranger was bob.
            alice.send(new ClientFrame.Say("dm", "@bob", "hello, bob"));
            assertThat(alice.frame(ServerFrame.Ok.class).re()).isEqualTo("dm");
        }
        try (TestClient alice = user("alice"); TestClient bob = user("bob"); TestClient carol = guest()) {
            alice.send(new ClientFrame.Next(null, null));
            alice.frame(ServerFrame.Queued.class);
            bob.send(new ClientFrame.Next(null, null));
            bob.frame(ServerFrame.Queued.class); // never matched with alice, even in new sessions
            carol.send(new ClientFrame.Next(null, null));
            assertThat(carol.frame(ServerFrame.Paired.class)).isNotNull();

            ServerFrame.Paired pairedWithCarol = alice.awaitFrame(ServerFrame.Paired.class);
            alice.send(new ClientFrame.Unblock("u", bobsHandle));
            assertThat(alice.awaitFrame(ServerFrame.Ok.class, ok -> "u".equals(ok.re())).message())
                    .isEqualTo("you no longer block " + bobsHandle);
            alice.send(new ClientFrame.Next(null, null)); // leaves carol; bob still waits
            assertThat(alice.awaitFrame(ServerFrame.Paired.class).conv()).isNotEqualTo(pairedWithCarol.conv());
            assertThat(bob.awaitFrame(ServerFrame.Paired.class)).isNotNull();
        }
    }

    @Test
    void blockingAGuestAndBlockingAnAccountReadTheSame() {
        TestClient alice = user("alice");
        TestClient guest = guest();
        TestClient bob = user("bob");

        String guestsHandle = pair(alice, guest).get(0);
        alice.send(new ClientFrame.Block("b1", guestsHandle));
        alice.frame(ServerFrame.Left.class);
        String first = alice.frame(ServerFrame.Ok.class).message().replace(guestsHandle, "HANDLE");

        String bobsHandle = pair(alice, bob).get(0);
        alice.send(new ClientFrame.Block("b2", bobsHandle));
        alice.frame(ServerFrame.Left.class);
        String second = alice.frame(ServerFrame.Ok.class).message().replace(bobsHandle, "HANDLE");

        assertThat(second).isEqualTo(first);
        alice.send(new ClientFrame.Blocks("list"));
        assertThat(alice.frame(ServerFrame.BlockList.class).names())
                .containsExactlyInAnyOrder(guestsHandle, bobsHandle);
    }

    @Test
    void keepSaysTheSameWhetherTheStrangerIsAGuestOrNot() {
        TestClient alice = user("alice");
        TestClient guest = guest();
        TestClient bob = user("bob");

        pair(alice, guest);
        alice.send(new ClientFrame.Keep("k1", null));
        String toGuest = alice.frame(ServerFrame.Ok.class).message();
        guest.frame(ServerFrame.KeepRequested.class);
        alice.send(new ClientFrame.Leave(null, null));
        alice.frame(ServerFrame.Left.class);

        pair(alice, bob);
        alice.send(new ClientFrame.Keep("k2", null));
        assertThat(alice.frame(ServerFrame.Ok.class).message()).isEqualTo(toGuest);
    }

    @Test
    void aLoggedInUsersStrangerHandleIsNotTheGuestHandleOthersSawElsewhere() {
        TestClient xavier = guest();
        String guestHandle = xavier.handle();
        AccountsTest.register(xavier, "xavier", "xavier password");
        anon(xavier);
        TestClient stranger = guest();
        String seenAs = pair(xavier, stranger).get(1);
        assertThat(seenAs).startsWith("guest-").isNotEqualTo(guestHandle);

        xavier.send(new ClientFrame.Logout("out", null));
        assertThat(xavier.awaitFrame(ServerFrame.LoggedOut.class).handle()).isEqualTo(guestHandle);
        xavier.send(new ClientFrame.Leave(null, null));
        xavier.awaitFrame(ServerFrame.Left.class);
        stranger.awaitFrame(ServerFrame.PartnerLeft.class);
        assertThat(pair(xavier, guest()).get(1)).isEqualTo(guestHandle); // a guest again, with its guest name
    }

    @Test
    void aBlockByNameDoesNotEndARandomChatItWouldOtherwiseGiveAway() {
        TestClient laptop = user("alice");
        TestClient phone = user("alice");
        TestClient bob = user("bob");
        pair(laptop, bob);

        phone.send(new ClientFrame.Block("b", "bob"));
        assertThat(phone.frame(ServerFrame.Ok.class).message()).contains("you block bob");
        laptop.send(new ClientFrame.Say(null, null, "still there?"));
        assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("still there?");
    }

    @Test
    void aRecentStrangerIsReportedByHandleOrAsTheLastChatAfterTheChatEnded() {
        TestClient reporter = guest();
        TestClient spammer = user("spammer");
        String spammersHandle = pair(reporter, spammer).get(0);
        spammer.send(new ClientFrame.Say(null, null, "buy cheap watches"));
        reporter.frame(ServerFrame.Message.class);
        spammer.send(new ClientFrame.Leave(null, null));
        reporter.frame(ServerFrame.PartnerLeft.class);

        reporter.send("/report spam");
        assertThat(reporter.line()).startsWith("* Reported; thank you");
        reporter.send("/report " + spammersHandle + " scam");
        assertThat(reporter.line()).startsWith("* Reported; thank you");
        reporter.send(new ClientFrame.Report("r", null, spammersHandle, null));
        assertThat(reporter.frame(ServerFrame.Ok.class).message()).startsWith("reported");

        server.close();
        StringWriter out = new StringWriter();
        CommandLine operator = new CommandLine(new ServerMain());
        operator.setOut(new PrintWriter(out, true));
        assertThat(operator.execute("reports", "list", "--db", tempDir.resolve("chat.db").toString())).isZero();
        assertThat(out.toString()).contains("3 reports").contains("reason: spam").contains("reason: scam")
                .contains("buy cheap watches").contains(spammersHandle + " (account spammer)");
        server = TestServer.start(tempDir, StrangerAnonymityTest::settings);
    }

    /** Pairs two people; answers the handle each sees for the other: first's partner, then second's. */
    private static List<String> pair(TestClient first, TestClient second) {
        first.send(new ClientFrame.Next(null, null));
        first.awaitFrame(ServerFrame.Queued.class);
        second.send(new ClientFrame.Next(null, null));
        ServerFrame.Paired secondSees = second.awaitFrame(ServerFrame.Paired.class);
        ServerFrame.Paired firstSees = first.awaitFrame(ServerFrame.Paired.class);
        return List.of(firstSees.partner(), secondSees.partner());
    }

    private TestClient guest() {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        return client;
    }

    /**
     * A connection logged in as {@code name}, registering the account on first use; the account meets strangers
     * under a handle.
     */
    private TestClient user(String name) {
        TestClient client = guest().logInOrRegister(name);
        anon(client);
        return client;
    }

    /** Makes the client's account meet strangers under a handle. */
    static void anon(TestClient client) {
        client.send(new ClientFrame.Anon("anon", true));
        assertThat(client.frame(ServerFrame.Ok.class).message()).contains("strangers see a handle");
    }
}
