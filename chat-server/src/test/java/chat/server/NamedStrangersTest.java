package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A logged-in user meets strangers as its account name unless it chose {@code anon} (stored with the account, shared
 * by its devices, taken at the next chat) or is hidden; guests keep their handle. Blocks and reports of a named
 * stranger work by the name; nothing about an anonymous one tells its account (StrangerAnonymityTest has the rest of
 * that). Real server, real sockets.
 */
class NamedStrangersTest {

    @TempDir
    Path tempDir;

    private ChatServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).rematchCooldownMillis(0)
                .rateLimit("all=off"));
    }

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        server.close();
    }

    @Test
    void aLoggedInUserMeetsStrangersAsItsAccountNameAndAGuestAsItsHandle() {
        TestClient guest = guest();
        TestClient alice = guest();
        assertThat(AccountsTest.register(alice, "alice", "password alice").anon()).isFalse();

        List<ServerFrame.Paired> paired = pair(guest, alice);
        ServerFrame.Paired guestSees = paired.get(0);
        ServerFrame.Paired aliceSees = paired.get(1);
        assertThat(guestSees.partner()).isEqualTo("alice");
        assertThat(guestSees.you()).isEqualTo(guest.handle());
        assertThat(aliceSees.partner()).isEqualTo(guest.handle());
        assertThat(aliceSees.you()).isEqualTo("alice");

        alice.send(new ClientFrame.Typing(null, null, "active"));
        assertThat(guest.frame(ServerFrame.Typing.class).from()).isEqualTo("alice");
        alice.send(new ClientFrame.Say(null, null, "hi, I am alice"));
        assertThat(guest.frame(ServerFrame.Message.class).from()).isEqualTo("alice");
        alice.send(new ClientFrame.Leave(null, null));
        alice.frame(ServerFrame.Left.class);
        assertThat(guest.frame(ServerFrame.PartnerLeft.class).partner()).isEqualTo("alice");

        alice.send("/anon");
        assertThat(alice.line()).isEqualTo("* Strangers see your account name, alice (/anon on hides it).");
        guest.send("/anon");
        assertThat(guest.line()).isEqualTo("* Strangers see your guest handle, " + guest.handle()
                + "; log in to meet them as your account name.");
        guest.send("/anon on");
        assertThat(guest.line()).startsWith("! log in first").endsWith("(not_logged_in)");
    }

    @Test
    void anonTakesEffectFromTheNextChatIsStoredAndRevealsNothing() {
        TestClient alice = user("alice");
        TestClient bob = user("bob");
        pair(bob, alice);

        alice.send(new ClientFrame.Anon("a", true));
        assertThat(alice.frame(ServerFrame.Ok.class).message()).isEqualTo("from your next random chat, strangers"
                + " see a handle that does not tell who you are (/anon off shows your account name); your current"
                + " chat keeps the name it began with");
        alice.send(new ClientFrame.Say(null, null, "still alice here"));
        assertThat(bob.frame(ServerFrame.Message.class).from()).isEqualTo("alice");
        alice.close();

        TestClient again = guest();
        assertThat(AccountsTest.login(again, "alice", "password alice").anon()).isTrue(); // stored
        bob.awaitFrame(ServerFrame.PartnerLeft.class);
        TestClient carol = user("carol");
        String handle = pair(carol, again).get(0).partner();
        assertThat(handle).startsWith("guest-").isNotEqualTo(again.handle());
        again.send(new ClientFrame.Say(null, null, "guess who"));
        assertThat(carol.frame(ServerFrame.Message.class).from()).isEqualTo(handle);

        // Nothing carol can ask names the account behind the handle.
        carol.send(new ClientFrame.Whois("w", handle));
        assertThat(carol.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_user");
        carol.send(new ClientFrame.Block("b1", "alice")); // a block by name leaves the anonymous chat alone
        assertThat(carol.frame(ServerFrame.Ok.class).message()).startsWith("you block alice");
        again.send(new ClientFrame.Say(null, null, "still here"));
        assertThat(carol.frame(ServerFrame.Message.class).text()).isEqualTo("still here");
        carol.send(new ClientFrame.Report("r", null, handle, "curious"));
        assertThat(carol.frame(ServerFrame.Ok.class).message()).startsWith("reported");
        carol.send(new ClientFrame.Keep("k", null));
        assertThat(carol.frame(ServerFrame.Ok.class).message()).startsWith("the stranger is asked");
        again.awaitFrame(ServerFrame.KeepRequested.class);
        carol.send(new ClientFrame.Block("b2", handle));
        carol.frame(ServerFrame.Left.class);
        assertThat(carol.frame(ServerFrame.Ok.class).message())
                .isEqualTo("you block " + handle + ": you will not be matched again");
        carol.send(new ClientFrame.Blocks("l"));
        assertThat(carol.frame(ServerFrame.BlockList.class).names()).containsExactly("alice", handle);
    }

    @Test
    void twoDevicesOfAnAccountShareTheSetting() {
        TestClient laptop = user("alice");
        TestClient phone = user("alice");

        phone.send(new ClientFrame.Anon("a", true));
        phone.frame(ServerFrame.Ok.class);
        assertThat(laptop.awaitFrame(ServerFrame.Anon.class).anon()).isTrue();
        TestClient stranger = guest();
        assertThat(pair(stranger, laptop).get(0).partner()).startsWith("guest-");

        laptop.send("/anon off");
        assertThat(laptop.line()).isEqualTo("* From your next random chat, strangers see your account name, alice"
                + " (/anon on hides it); your current chat keeps the name it began with.");
        assertThat(phone.frame(ServerFrame.Anon.class).anon()).isFalse();
        assertThat(pair(guest(), phone).get(0).partner()).isEqualTo("alice");
    }

    @Test
    void aStrangerBlocksANamedPartnerByNameAndOnlyTheChatThatShowedTheNameEnds() {
        TestClient bob = user("bob");
        TestClient carol = user("carol");
        pair(carol, bob);
        carol.send(new ClientFrame.Block("b", "bob"));
        carol.frame(ServerFrame.Left.class);
        assertThat(carol.frame(ServerFrame.Ok.class).message())
                .isEqualTo("you block bob: no messages either way, and you will not be matched again");
        assertThat(bob.awaitFrame(ServerFrame.PartnerLeft.class).partner()).isEqualTo("carol");
        carol.send(new ClientFrame.Say("dm", "@bob", "hello?"));
        assertThat(carol.frame(ServerFrame.Error.class).code()).isEqualTo("blocked");

        TestClient guest = guest();
        pair(guest, bob);
        guest.send("/block bob");
        assertThat(guest.line()).isEqualTo("* You left the chat.");
        assertThat(guest.line()).startsWith("* You block bob");
        bob.awaitFrame(ServerFrame.PartnerLeft.class);
    }

    @Test
    void aBlockByTheNameSeenInAnEarlierChatLeavesTheSameAccountUnderAHandleAlone() {
        TestClient alice = user("alice");
        TestClient carol = guest();
        assertThat(pair(carol, alice).get(0).partner()).isEqualTo("alice");
        alice.send(new ClientFrame.Anon("a", true));
        alice.frame(ServerFrame.Ok.class);
        alice.send(new ClientFrame.Next(null, null)); // skips carol, and meets her again under a handle
        carol.awaitFrame(ServerFrame.PartnerLeft.class);
        carol.send(new ClientFrame.Next(null, null));
        String handle = carol.awaitFrame(ServerFrame.Paired.class).partner();
        assertThat(handle).startsWith("guest-");

        carol.send(new ClientFrame.Block("b", "alice"));
        assertThat(carol.frame(ServerFrame.Ok.class).message()).startsWith("you block alice");
        alice.send(new ClientFrame.Say(null, null, "still here"));
        assertThat(carol.frame(ServerFrame.Message.class).from()).isEqualTo(handle);
    }

    @Test
    void aNamedPartnerIsReportedByTheNameItShowed() {
        TestClient bob = user("bob");
        TestClient carol = guest();
        pair(carol, bob);
        bob.send(new ClientFrame.Say(null, null, "rude words"));
        carol.frame(ServerFrame.Message.class);
        carol.send(new ClientFrame.Report("r1", null, "bob", "rude"));
        assertThat(carol.frame(ServerFrame.Ok.class).message()).startsWith("reported");
        carol.send(new ClientFrame.Report("r2", null, "dave", "never met"));
        assertThat(carol.frame(ServerFrame.Error.class).code()).isEqualTo("bad_field");
    }

    @Test
    void aHiddenAccountMeetsStrangersUnderAHandle() {
        TestClient alice = user("alice");
        alice.send(new ClientFrame.Visibility("v", false));
        alice.frame(ServerFrame.Ok.class);
        alice.send(new ClientFrame.Anon("q", null));
        assertThat(alice.frame(ServerFrame.Ok.class).message()).contains("since you are hidden");
        assertThat(pair(guest(), alice).get(0).partner()).startsWith("guest-");
    }

    @Test
    void aSettingChangedWhileAnotherDeviceLogsInHoldsOnThatDeviceToo() {
        server.close();
        server = TestServer.start(tempDir, config -> config.bcryptCost(10).rateLimit("all=off"));
        TestClient laptop = user("alice");
        TestClient phone = guest();
        phone.send(new ClientFrame.Login("login", "alice", "password alice"));
        laptop.send(new ClientFrame.Anon("a", true)); // stored while the phone's password is being checked
        laptop.frame(ServerFrame.Ok.class);
        assertThat(phone.loggedIn().anon()).isTrue();
        assertThat(pair(guest(), phone).get(0).partner()).startsWith("guest-");
    }

    /** Pairs two people; answers the {@code paired} each was told: the first's, then the second's. */
    private static List<ServerFrame.Paired> pair(TestClient first, TestClient second) {
        first.send(new ClientFrame.Next(null, null));
        first.awaitFrame(ServerFrame.Queued.class);
        second.send(new ClientFrame.Next(null, null));
        return List.of(first.awaitFrame(ServerFrame.Paired.class), second.awaitFrame(ServerFrame.Paired.class));
    }

    private TestClient guest() {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        return client;
    }

    /** A connection logged in as {@code name}, registering the account on first use. */
    private TestClient user(String name) {
        return guest().logInOrRegister(name);
    }
}
