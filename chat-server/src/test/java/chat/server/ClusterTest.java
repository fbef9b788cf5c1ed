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
 * Two nodes in one JVM on one PostgreSQL database and one Redis, each with its own port: what one node's user says
 * reaches a user on the other node, for direct messages and rooms, and survives a Redis restart.
 */
class ClusterTest {

    @TempDir
    Path tempA;
    @TempDir
    Path tempB;

    private TestRedis redis;
    private ChatServer nodeA;
    private ChatServer nodeB;

    @BeforeEach
    void startCluster() {
        redis = TestRedis.start();
        ClusterConfig cluster = new ClusterConfig(TestPostgres.shared().newDatabase(), redis.url());
        // Flood control raised: the Redis restart test says a message every 300 ms until delivery resumes.
        nodeA = TestServer.start(tempA, config -> config.bcryptCost(4).flood(1_000, 1_000).cluster(cluster));
        nodeB = TestServer.start(tempB, config -> config.bcryptCost(4).flood(1_000, 1_000).cluster(cluster));
    }

    @AfterEach
    void stopCluster() {
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Test
    void aDirectMessageReachesTheRecipientOnAnotherNodeAndTheSendersOtherDevice() {
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob");
                TestClient alicePhone = TestClient.connect(nodeB.port()).logInOrRegister("alice")) {
            redis.awaitSubscribers("chat:account:1", 2);
            redis.awaitSubscribers("chat:account:2", 1);
            alice.send(new ClientFrame.Say("m1", "@bob", "hello from A"));
            assertThat(alice.awaitFrame(ServerFrame.Ok.class).re()).isEqualTo("m1");
            ServerFrame.Message got = bob.awaitFrame(ServerFrame.Message.class);
            assertThat(got.text()).isEqualTo("hello from A");
            assertThat(got.conv()).isEqualTo("@alice");
            assertThat(alicePhone.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hello from A");

            bob.send(new ClientFrame.Say("m2", "@alice", "hello from B"));
            assertThat(alice.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hello from B");
        }
    }

    @Test
    void aRoomMessageReachesMembersOnEveryNodeWhoeverJoinedFirst() {
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob")) {
            redis.awaitSubscribers("chat:account:1", 1);
            redis.awaitSubscribers("chat:account:2", 1);
            join(alice, "#lobby"); // A caches the room before bob is a member: B must tell it
            join(bob, "#lobby");
            assertThat(alice.awaitFrame(ServerFrame.MemberJoined.class).handle()).isEqualTo("bob");

            alice.send(new ClientFrame.Say("r1", "#lobby", "hi from A"));
            assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hi from A");
            bob.send(new ClientFrame.Say("r2", "#lobby", "hi from B"));
            assertThat(alice.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("hi from B");
        }
    }

    @Test
    void aLoginWhileRedisIsDownIsReachedOnceRedisIsBack() {
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bobFirst = TestClient.connect(nodeB.port()).logInOrRegister("bob")) {
            bobFirst.send(new ClientFrame.Logout("o", false));
            bobFirst.awaitFrame(ServerFrame.LoggedOut.class);
        }
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice")) {
            redis.stop();
            // bob logs in while node B cannot subscribe to his channel; the subscription must come back with Redis
            try (TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob")) {
                redis.restart();
                redis.awaitSubscribers("chat:account:2", 1);
                alice.send(new ClientFrame.Say("d", "@bob", "after the outage"));
                alice.awaitFrame(ServerFrame.Ok.class, ok -> "d".equals(ok.re()));
                assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("after the outage");
            }
        }
    }

    @Test
    void deliveryResumesByItselfAfterRedisRestarts() {
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob")) {
            redis.restart(); // empty again: subscriptions and presence are rebuilt by the nodes
            long deadline = System.nanoTime() + 20_000_000_000L;
            int n = 0;
            while (true) {
                String id = "t" + ++n;
                alice.send(new ClientFrame.Say(id, "@bob", "try " + n));
                alice.awaitFrame(ServerFrame.Ok.class, ok -> id.equals(ok.re()));
                if (bob.inputWithin(300)) {
                    assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("try " + n);
                    break;
                }
                assertThat(System.nanoTime()).as("delivery resumed within 20 s").isLessThan(deadline);
            }
            // what did not travel meanwhile was stored, and history catches up
            bob.send(new ClientFrame.History("h", "@alice", null, 100));
            assertThat(bob.awaitFrame(ServerFrame.History.class).messages()).hasSize(n);
        }
    }

    @Test
    void whoWhoisDeliveredAndTypingSeeAccountsOnOtherNodesAndHiddenOnesStayHidden() {
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob");
                TestClient carol = TestClient.connect(nodeB.port()).logInOrRegister("carol")) {
            carol.send(new ClientFrame.Visibility("v", false));
            carol.frame(ServerFrame.Ok.class);
            // carol hid a moment after logging in: the other nodes learn it with the next beat; never is she shown
            // again (if hidden users were shown, this would wait in vain)
            List<String> seenByAlice = awaitWho(alice, users -> users.contains("bob") && !users.contains("carol"));
            assertThat(seenByAlice).containsExactly("alice", "bob");
            assertThat(awaitWho(bob, users -> users.contains("alice"))).containsExactly("alice", "bob");

            bob.send(new ClientFrame.Whois("w1", "alice"));
            assertThat(bob.awaitFrame(ServerFrame.Presence.class).user().status()).isEqualTo("online");
            alice.send(new ClientFrame.Away("a", true, "lunch"));
            alice.awaitFrame(ServerFrame.Ok.class, ok -> "a".equals(ok.re()));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) { // the other nodes learn of it with the next heart-beat
                bob.send(new ClientFrame.Whois("w2", "alice"));
                ServerFrame.UserInfo info = bob.awaitFrame(ServerFrame.Presence.class).user();
                if (info.status().equals("away")) {
                    assertThat(info.message()).isEqualTo("lunch");
                    break;
                }
                assertThat(System.nanoTime()).as("away shows on the other node within 10 s").isLessThan(deadline);
                bob.inputWithin(100);
            }
            alice.send(new ClientFrame.Whois("w3", "carol"));
            ServerFrame.UserInfo hidden = alice.awaitFrame(ServerFrame.Presence.class).user();
            assertThat(hidden.status()).isEqualTo("offline");
            assertThat(hidden.lastSeen()).isNull();

            alice.send(new ClientFrame.Say("m1", "@bob", "you are on B"));
            assertThat(alice.awaitFrame(ServerFrame.Ok.class, ok -> "m1".equals(ok.re())).delivered()).isTrue();
            alice.send(new ClientFrame.Say("m2", "@carol", "you are hidden on B"));
            assertThat(alice.awaitFrame(ServerFrame.Ok.class, ok -> "m2".equals(ok.re())).delivered()).isFalse();
            bob.send(new ClientFrame.Typing(null, "@alice", "active"));
            assertThat(alice.awaitFrame(ServerFrame.Typing.class).from()).isEqualTo("bob");
        }
    }

    @Test
    void hidingOrGoingAwayOnOneNodeShowsOnTheAccountsDevicesOnOtherNodes() {
        try (TestClient laptop = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient phone = TestClient.connect(nodeB.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob")) {
            redis.awaitSubscribers("chat:account:1", 2);
            awaitWho(bob, users -> users.contains("alice"));
            laptop.send(new ClientFrame.Visibility("v", false));
            laptop.awaitFrame(ServerFrame.Ok.class, ok -> "v".equals(ok.re()));
            // the phone, on bob's node, hides her too (else she would show through it, there and everywhere)
            assertThat(awaitWho(bob, users -> !users.contains("alice"))).containsExactly("bob");

            laptop.send(new ClientFrame.Visibility("v2", true));
            laptop.awaitFrame(ServerFrame.Ok.class, ok -> "v2".equals(ok.re()));
            laptop.send(new ClientFrame.Away("a", true, "lunch"));
            laptop.awaitFrame(ServerFrame.Ok.class, ok -> "a".equals(ok.re()));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                bob.send(new ClientFrame.Whois("w", "alice"));
                ServerFrame.UserInfo info = bob.awaitFrame(ServerFrame.Presence.class).user();
                if ("away".equals(info.status())) {
                    assertThat(info.message()).isEqualTo("lunch");
                    break;
                }
                assertThat(System.nanoTime()).as("alice shows away on bob's node within 10 s").isLessThan(deadline);
                bob.inputWithin(100);
            }
        }
    }

    /** Asks {@code who} until the names listed pass {@code condition} (presence reaches other nodes with a beat). */
    private static List<String> awaitWho(TestClient client, java.util.function.Predicate<List<String>> condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            client.send(new ClientFrame.Who("who", null, null));
            List<String> names = client.awaitFrame(ServerFrame.WhoList.class).users().stream()
                    .map(ServerFrame.UserInfo::name).toList();
            if (condition.test(names)) {
                return names;
            }
            assertThat(System.nanoTime()).as("who lists " + names + " after 10 s").isLessThan(deadline);
            client.inputWithin(100);
        }
    }

    @Test
    void aRoomsMemberListNamesMembersOnlineOnOtherNodes() {
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob")) {
            join(alice, "#hall");
            awaitOnlineElsewhere(nodeB, "alice");
            bob.send(new ClientFrame.Join("j", "#hall"));
            ServerFrame.Room room = bob.awaitFrame(ServerFrame.Room.class, r -> "j".equals(r.re()));
            assertThat(room.members()).containsExactlyInAnyOrder("alice", "bob");
            bob.awaitFrame(ServerFrame.History.class);
            bob.send(new ClientFrame.Who("w", "#hall", null));
            assertThat(bob.awaitFrame(ServerFrame.WhoList.class).users())
                    .extracting(ServerFrame.UserInfo::name).containsExactlyInAnyOrder("alice", "bob");
        }
    }

    /** Asks for the room's members until {@code handle} is among them (the other node's beats come every second). */
    private static void awaitInMemberList(TestClient asker, String room, String handle) {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (true) {
            asker.send(new ClientFrame.Who("w", room, null));
            ServerFrame.WhoList list = asker.awaitFrame(ServerFrame.WhoList.class);
            if (list.users().stream().anyMatch(user -> user.name().equals(handle))) {
                return;
            }
            assertThat(System.nanoTime()).as(handle + " in " + room + "'s member list").isLessThan(deadline);
            asker.inputWithin(300);
        }
    }

    /** Waits until {@code node}'s mirror of the other nodes counts {@code name} online (its next heart-beat). */
    private static void awaitOnlineElsewhere(ChatServer node, String name) {
        try (TestClient asker = TestClient.connect(node.port())) {
            long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
            while (true) {
                asker.send(new ClientFrame.Whois("i", name));
                ServerFrame frame = asker.frame();
                if (frame instanceof ServerFrame.Presence p && p.user().status() != null
                        && !p.user().status().equals("offline")) {
                    return;
                }
                assertThat(System.nanoTime()).as(name + " online on the other node").isLessThan(deadline);
                asker.inputWithin(300); // the mirror refreshes every second
            }
        }
    }

    @Test
    void guestsInARoomOnDifferentNodesHearEachOther() {
        try (TestClient onA = TestClient.connect(nodeA.port()); TestClient onB = TestClient.connect(nodeB.port())) {
            join(onA, "#porch");
            join(onB, "#porch");
            redis.awaitSubscribers("chat:room:#porch", 2);
            assertThat(onA.awaitFrame(ServerFrame.MemberJoined.class).handle()).isEqualTo(onB.handle());

            awaitInMemberList(onB, "#porch", onA.handle()); // listed on B once B's beat has seen A alive

            onB.send(new ClientFrame.Typing(null, "#porch", "active"));
            assertThat(onA.awaitFrame(ServerFrame.Typing.class).from()).isEqualTo(onB.handle());
            onB.send(new ClientFrame.Say("s", "#porch", "a guest on B"));
            ServerFrame.Message heard = onA.awaitFrame(ServerFrame.Message.class);
            assertThat(heard.text()).isEqualTo("a guest on B");
            assertThat(heard.from()).isEqualTo(onB.handle());
            onA.send(new ClientFrame.Say("t", "#porch", "a guest on A"));
            assertThat(onB.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("a guest on A");
            onA.send(new ClientFrame.Part("p", "#porch"));
            assertThat(onB.awaitFrame(ServerFrame.MemberLeft.class).handle()).isEqualTo(onA.handle());
        }
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join("j", room));
        client.awaitFrame(ServerFrame.Room.class, r -> "j".equals(r.re()));
        client.awaitFrame(ServerFrame.History.class);
    }
}
