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
 * Random chat across the nodes of a cluster: three nodes in one JVM on one PostgreSQL database and one Redis, each
 * with its own port. Strangers on different nodes meet through the one queue, chat, type, keep, skip and leave as
 * on one node.
 */
class ClusterStrangersTest {

    /** Long enough that a test never sees a cool-down or an interest wait end unless it waits for one. */
    private static final long LONG_MILLIS = 60_000;

    @TempDir
    Path tempA;
    @TempDir
    Path tempB;
    @TempDir
    Path tempC;

    private TestRedis redis;
    private ClusterConfig cluster;
    private ChatServer nodeA;
    private ChatServer nodeB;
    private ChatServer nodeC;

    @BeforeEach
    void startRedis() {
        redis = TestRedis.start();
        cluster = new ClusterConfig(TestPostgres.shared().newDatabase(), redis.url());
    }

    @AfterEach
    void stopCluster() {
        for (ChatServer node : new ChatServer[] {nodeA, nodeB, nodeC}) {
            if (node != null) {
                node.close();
            }
        }
        redis.close();
    }

    /** Starts the three nodes with the given cool-down after a parting and wait for shared interests. */
    private void startNodes(long rematchCooldownMillis, long interestWaitMillis) {
        nodeA = node(tempA, rematchCooldownMillis, interestWaitMillis);
        nodeB = node(tempB, rematchCooldownMillis, interestWaitMillis);
        nodeC = node(tempC, rematchCooldownMillis, interestWaitMillis);
    }

    private ChatServer node(Path temp, long rematchCooldownMillis, long interestWaitMillis) {
        return TestServer.start(temp, config -> config.bcryptCost(4).cluster(cluster)
                .rematchCooldownMillis(rematchCooldownMillis).interestWaitMillis(interestWaitMillis));
    }

    @Test
    void guestsOnTwoNodesMeetChatTypeAndHearWhenThePartnerLeaves() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()); TestClient bob = TestClient.connect(nodeB.port())) {
            alice.send(new ClientFrame.Next("n1", null, null));
            assertThat(alice.frame(ServerFrame.Queued.class).size()).isEqualTo(2);
            assertThat(alice.frame(ServerFrame.Ok.class).re()).isEqualTo("n1");

            bob.send(new ClientFrame.Next("n2", null, null));
            ServerFrame.Paired bobPaired = bob.frame(ServerFrame.Paired.class);
            assertThat(bob.frame(ServerFrame.Ok.class).re()).isEqualTo("n2");
            ServerFrame.Paired alicePaired = alice.frame(ServerFrame.Paired.class);
            assertThat(bobPaired.partner()).isEqualTo(alice.handle());
            assertThat(alicePaired.partner()).isEqualTo(bob.handle());
            assertThat(alicePaired.you()).isEqualTo(alice.handle());
            assertThat(alicePaired.conv()).isEqualTo(bobPaired.conv()).startsWith("~");

            alice.send(new ClientFrame.Say("m1", null, "hello from A"));
            ServerFrame.Message got = bob.frame(ServerFrame.Message.class);
            assertThat(got.text()).isEqualTo("hello from A");
            assertThat(got.from()).isEqualTo(alice.handle());
            assertThat(got.conv()).isEqualTo(bobPaired.conv());
            assertThat(alice.frame(ServerFrame.Ok.class).id()).isEqualTo(got.id());

            bob.send(new ClientFrame.Typing(null, null, "active"));
            ServerFrame.Typing typing = alice.frame(ServerFrame.Typing.class);
            assertThat(typing.from()).isEqualTo(bob.handle());
            assertThat(typing.state()).isEqualTo("active");
            bob.send(new ClientFrame.Say(null, null, "hello from B"));
            assertThat(alice.frame(ServerFrame.Message.class).text()).isEqualTo("hello from B");

            bob.vanish();
            ServerFrame.PartnerLeft left = alice.frame(ServerFrame.PartnerLeft.class);
            assertThat(left.partner()).isEqualTo(bob.handle());
            assertThat(left.ended()).isTrue();
            alice.send(new ClientFrame.Say("m2", null, "anyone?"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("no_conversation");
        }
    }

    @Test
    void strangersOnTwoNodesWhoBothKeepTheChatGoOnInADirectChat() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeB.port()).logInOrRegister("bob");
                TestClient carol = TestClient.connect(nodeA.port()).logInOrRegister("carol");
                TestClient dave = TestClient.connect(nodeC.port()).logInOrRegister("dave")) {
            String conv = pair(alice, bob);
            alice.send(new ClientFrame.Keep("k1", conv));
            assertThat(alice.frame(ServerFrame.Ok.class).re()).isEqualTo("k1");
            assertThat(bob.frame(ServerFrame.KeepRequested.class).conv()).isEqualTo(conv);
            bob.send(new ClientFrame.Keep("k2", conv));
            assertThat(bob.awaitFrame(ServerFrame.Kept.class).direct()).isEqualTo("@alice");
            assertThat(alice.awaitFrame(ServerFrame.Kept.class).direct()).isEqualTo("@bob");
            redis.awaitSubscribers("chat:account:1", 1);
            bob.send(new ClientFrame.Say("d1", "@alice", "kept across nodes"));
            assertThat(alice.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("kept across nodes");

            // Both ask at the same moment, before either hears the other: one of the two nodes completes it.
            String second = pair(carol, dave);
            carol.send(new ClientFrame.Keep(null, second));
            dave.send(new ClientFrame.Keep(null, second));
            assertThat(carol.awaitFrame(ServerFrame.Kept.class).direct()).isEqualTo("@dave");
            assertThat(dave.awaitFrame(ServerFrame.Kept.class).direct()).isEqualTo("@carol");
        }
    }

    @Test
    void anAnonymousAccountOnAnotherNodeShowsOnlyItsHandleAndAReportNamesItToTheOperatorOnly() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient xavier = TestClient.connect(nodeA.port()).logInOrRegister("xavier");
                TestClient guest = TestClient.connect(nodeB.port())) {
            StrangerAnonymityTest.anon(xavier);
            xavier.send(new ClientFrame.Next(null, null, null));
            xavier.awaitFrame(ServerFrame.Queued.class);
            guest.send(new ClientFrame.Next(null, null, null));
            ServerFrame.Paired paired = guest.awaitFrame(ServerFrame.Paired.class);
            assertThat(paired.partner()).startsWith("guest-").isNotEqualTo(guest.handle());
            assertThat(xavier.awaitFrame(ServerFrame.Paired.class).you()).isEqualTo(paired.partner());
            xavier.send(new ClientFrame.Say(null, null, "buy cheap watches"));
            assertThat(guest.awaitFrame(ServerFrame.Message.class).from()).isEqualTo(paired.partner());
            guest.send(new ClientFrame.Report("r", null, paired.partner(), "spam"));
            assertThat(guest.awaitFrame(ServerFrame.Ok.class, ok -> "r".equals(ok.re())).message())
                    .doesNotContain("xavier");
        }
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine commandLine = new picocli.CommandLine(new ServerMain());
        commandLine.setOut(new java.io.PrintWriter(out, true));
        assertThat(commandLine.execute("reports", "list", "--db", cluster.postgresUrl())).isZero();
        assertThat(out.toString()).contains("(account xavier)").contains("buy cheap watches").contains("reason: spam");
    }

    @Test
    void aGroupOfThreeSpansThreeNodes() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient a = TestClient.connect(nodeA.port()); TestClient b = TestClient.connect(nodeB.port());
                TestClient c = TestClient.connect(nodeC.port())) {
            a.send(new ClientFrame.Next(null, 3, null));
            a.frame(ServerFrame.Queued.class);
            b.send(new ClientFrame.Next(null, 3, null));
            b.frame(ServerFrame.Queued.class);
            c.send(new ClientFrame.Next(null, 3, null));
            ServerFrame.Paired cPaired = c.frame(ServerFrame.Paired.class);
            ServerFrame.Paired aPaired = a.frame(ServerFrame.Paired.class);
            ServerFrame.Paired bPaired = b.frame(ServerFrame.Paired.class);
            assertThat(cPaired.size()).isEqualTo(3);
            assertThat(cPaired.partners()).containsExactly(a.handle(), b.handle());
            assertThat(aPaired.partners()).containsExactlyInAnyOrder(b.handle(), c.handle());
            assertThat(bPaired.conv()).isEqualTo(aPaired.conv()).isEqualTo(cPaired.conv());

            b.send(new ClientFrame.Say(null, null, "three nodes, one chat"));
            assertThat(a.frame(ServerFrame.Message.class).from()).isEqualTo(b.handle());
            assertThat(c.frame(ServerFrame.Message.class).text()).isEqualTo("three nodes, one chat");

            c.vanish();
            ServerFrame.PartnerLeft aHeard = a.frame(ServerFrame.PartnerLeft.class);
            assertThat(aHeard.partner()).isEqualTo(c.handle());
            assertThat(aHeard.ended()).isFalse();
            assertThat(b.frame(ServerFrame.PartnerLeft.class).ended()).isFalse();
            a.send(new ClientFrame.Say(null, null, "two left"));
            assertThat(b.frame(ServerFrame.Message.class).text()).isEqualTo("two left");

            b.send(new ClientFrame.Leave("l", null));
            assertThat(b.frame(ServerFrame.Left.class).conv()).isEqualTo(aPaired.conv());
            ServerFrame.PartnerLeft last = a.frame(ServerFrame.PartnerLeft.class);
            assertThat(last.partner()).isEqualTo(b.handle());
            assertThat(last.ended()).isTrue();
        }
    }

    @Test
    void aGroupWithTwoMembersOnOneNodeAndOneOnAnother() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient a1 = TestClient.connect(nodeA.port()); TestClient a2 = TestClient.connect(nodeA.port());
                TestClient b = TestClient.connect(nodeB.port())) {
            a1.send(new ClientFrame.Next(null, 3, null));
            a1.frame(ServerFrame.Queued.class);
            b.send(new ClientFrame.Next(null, 3, null));
            b.frame(ServerFrame.Queued.class);
            a2.send(new ClientFrame.Next(null, 3, null)); // node A forms the group, and tells node B
            String conv = a2.frame(ServerFrame.Paired.class).conv();
            assertThat(a1.frame(ServerFrame.Paired.class).conv()).isEqualTo(conv);
            assertThat(b.frame(ServerFrame.Paired.class).partners()).containsExactly(a1.handle(), a2.handle());

            b.send(new ClientFrame.Say(null, null, "from B to both"));
            assertThat(a1.frame(ServerFrame.Message.class).text()).isEqualTo("from B to both");
            assertThat(a2.frame(ServerFrame.Message.class).text()).isEqualTo("from B to both");
            a1.send(new ClientFrame.Say(null, null, "from A"));
            assertThat(a2.frame(ServerFrame.Message.class).from()).isEqualTo(a1.handle());
            assertThat(b.frame(ServerFrame.Message.class).from()).isEqualTo(a1.handle());

            a2.vanish();
            assertThat(a1.frame(ServerFrame.PartnerLeft.class).ended()).isFalse();
            assertThat(b.frame(ServerFrame.PartnerLeft.class).partner()).isEqualTo(a2.handle());
            b.vanish(); // the two nodes each hear their own side: a1 is left alone
            ServerFrame.PartnerLeft last = a1.frame(ServerFrame.PartnerLeft.class);
            assertThat(last.partner()).isEqualTo(b.handle());
            assertThat(last.ended()).isTrue();
        }
    }

    @Test
    void interestsMatchAcrossNodesAndAWaiterWhoseInterestWaitPassedMeetsAnyone() {
        startNodes(LONG_MILLIS, 1_500);
        try (TestClient chess = TestClient.connect(nodeA.port()); TestClient music = TestClient.connect(nodeB.port());
                TestClient chessToo = TestClient.connect(nodeC.port());
                TestClient anyone = TestClient.connect(nodeA.port())) {
            chess.send(new ClientFrame.Next(null, null, List.of("chess")));
            chess.frame(ServerFrame.Queued.class);
            music.send(new ClientFrame.Next(null, null, List.of("music")));
            music.frame(ServerFrame.Queued.class);
            chessToo.send(new ClientFrame.Next(null, null, List.of("cats", "Chess")));
            ServerFrame.Paired paired = chessToo.frame(ServerFrame.Paired.class);
            assertThat(paired.partner()).isEqualTo(chess.handle());
            assertThat(paired.interests()).containsExactly("chess");
            assertThat(chess.frame(ServerFrame.Paired.class).interests()).containsExactly("chess");

            long asked = System.nanoTime();
            anyone.send(new ClientFrame.Next(null, null, null));
            anyone.frame(ServerFrame.Queued.class); // music holds out for its interest a while yet
            assertThat(anyone.frame(ServerFrame.Paired.class).partner()).isEqualTo(music.handle());
            assertThat(music.frame(ServerFrame.Paired.class).interests()).isNull();
            assertThat(System.nanoTime() - asked).as("met once music's interest wait passed")
                    .isGreaterThan(500_000_000L);
        }
    }

    @Test
    void strangersWhoPartedOrBlockedAreNotPairedAgainAcrossNodes() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()); TestClient bob = TestClient.connect(nodeB.port());
                TestClient carol = TestClient.connect(nodeC.port())) {
            pair(alice, bob);
            alice.send(new ClientFrame.Next(null, null, null)); // skips bob, and waits again
            alice.awaitFrame(ServerFrame.Queued.class);
            assertThat(bob.frame(ServerFrame.PartnerLeft.class).partner()).isEqualTo(alice.handle());
            bob.send(new ClientFrame.Next(null, null, null));
            bob.frame(ServerFrame.Queued.class); // not alice again
            carol.send(new ClientFrame.Next(null, null, null));
            assertThat(carol.frame(ServerFrame.Paired.class).partner()).isEqualTo(alice.handle());
            bob.send(new ClientFrame.Leave("l", null));
            assertThat(bob.awaitFrame(ServerFrame.Left.class).conv()).as("bob still waited").isNull();
        }
    }

    @Test
    void aStrangerBlockedByItsHandleIsNotPairedAgainOnceTheCoolDownIsOver() {
        startNodes(200, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()); TestClient bob = TestClient.connect(nodeB.port());
                TestClient carol = TestClient.connect(nodeC.port())) {
            pair(alice, bob);
            bob.send(new ClientFrame.Block("b", alice.handle()));
            assertThat(alice.awaitFrame(ServerFrame.PartnerLeft.class).ended()).isTrue();
            bob.awaitFrame(ServerFrame.Ok.class, ok -> "b".equals(ok.re()));
            alice.send(new ClientFrame.Next(null, null, null));
            alice.awaitFrame(ServerFrame.Queued.class);
            bob.send(new ClientFrame.Next(null, null, null));
            bob.awaitFrame(ServerFrame.Queued.class);
            assertThat(alice.inputWithin(1_000)).as("the cool-down ended, the block holds").isFalse();
            carol.send(new ClientFrame.Next(null, null, null));
            assertThat(carol.frame(ServerFrame.Paired.class).partner()).isEqualTo(alice.handle());
        }
    }

    @Test
    void aBlockMadeWhileWaitingKeepsTheTwoApartAcrossNodesOnceTheCoolDownIsOver() {
        startNodes(300, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()); TestClient bob = TestClient.connect(nodeB.port());
                TestClient carol = TestClient.connect(nodeC.port())) {
            pair(alice, bob);
            bob.send(new ClientFrame.Next(null, null, null)); // skips alice, and waits
            bob.awaitFrame(ServerFrame.Queued.class);
            alice.awaitFrame(ServerFrame.PartnerLeft.class);
            bob.send(new ClientFrame.Block("b", alice.handle()));
            bob.awaitFrame(ServerFrame.Ok.class, ok -> "b".equals(ok.re()));
            alice.send(new ClientFrame.Next(null, null, null));
            alice.awaitFrame(ServerFrame.Queued.class);
            assertThat(alice.inputWithin(1_500)).as("the cool-down ended, the block holds").isFalse();
            carol.send(new ClientFrame.Next(null, null, null));
            assertThat(carol.frame(ServerFrame.Paired.class).partner()).isEqualTo(bob.handle());
            alice.send(new ClientFrame.Leave("l", null));
            assertThat(alice.awaitFrame(ServerFrame.Left.class).conv()).as("alice still waited").isNull();
        }
    }

    @Test
    void aBlockByNameKeepsApartTheBlockersAndTheBlockedsDevicesOnEveryNode() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient laptop = TestClient.connect(nodeA.port()).logInOrRegister("alice");
                TestClient phone = TestClient.connect(nodeB.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(nodeC.port()).logInOrRegister("bob");
                TestClient carol = TestClient.connect(nodeA.port())) {
            redis.awaitSubscribers("chat:account:1", 2);
            redis.awaitSubscribers("chat:account:2", 1);
            bob.send(new ClientFrame.Next(null, null, null));
            bob.awaitFrame(ServerFrame.Queued.class);
            laptop.send(new ClientFrame.Block("b", "bob"));
            laptop.awaitFrame(ServerFrame.Ok.class, ok -> "b".equals(ok.re()));
            // bob's node (C) hears of the block made on node A, and what the queue holds about bob follows
            awaitWaiter("bob", waiter -> waiter.get("ba").contains(",1,"));
            phone.send(new ClientFrame.Next(null, null, null)); // node B: bob waits longest, but is blocked
            assertThat(phone.frame()).as("alice's phone is not paired with bob").isInstanceOf(ServerFrame.Queued.class);
            carol.send(new ClientFrame.Next(null, null, null));
            assertThat(carol.frame(ServerFrame.Paired.class).partner()).isEqualTo("bob");
            phone.send(new ClientFrame.Leave("l", null));
            assertThat(phone.awaitFrame(ServerFrame.Left.class).conv()).as("the phone still waited").isNull();
        }
    }

    /** Polls the queue in Redis until the waiter shown as {@code display} is there and passes {@code condition}. */
    private void awaitWaiter(String display, java.util.function.Predicate<java.util.Map<String, String>> condition) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                for (String key : connection.sync().keys("chat:pair:w:*")) {
                    java.util.Map<String, String> waiter = connection.sync().hgetall(key);
                    if (display.equals(waiter.get("display")) && condition.test(waiter)) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as(display + "'s wait as expected within 10 s").isLessThan(deadline);
                Thread.onSpinWait();
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aStrangerHearsItsPartnerLeftWhenThePartnersNodeStops() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()); TestClient bob = TestClient.connect(nodeB.port())) {
            pair(alice, bob);
            nodeB.close();
            nodeB = null;
            ServerFrame.PartnerLeft left = alice.awaitFrame(ServerFrame.PartnerLeft.class);
            assertThat(left.partner()).isEqualTo(bob.handle());
            assertThat(left.ended()).isTrue();
        }
    }

    @Test
    void aStrangerHearsItsPartnerLeftWithinTheHeartBeatsTimeToLiveWhenThePartnersNodeIsKilled() throws Exception {
        nodeA = node(tempA, LONG_MILLIS, LONG_MILLIS);
        Path log = tempB.resolve("node.log");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(), "--bind", "127.0.0.1",
                "--port", "0", "--db", cluster.postgresUrl(), "--redis", cluster.redisUrl(), "--bcrypt-cost", "4")
                .directory(tempB.toFile()).redirectError(log.toFile());
        child.environment().put("XDG_DATA_HOME", tempB.resolve("xdg-data").toString()); // never the real home
        child.environment().put("HOME", tempB.resolve("home").toString());
        Process killed = child.start();
        try (TestClient alice = TestClient.connect(nodeA.port());
                TestClient bob = TestClient.connect(listeningPort(killed, log))) {
            pair(alice, bob);
            killed.destroyForcibly(); // SIGKILL: no goodbye to anyone
            long killedAt = System.nanoTime();
            long deadline = killedAt + 30_000_000_000L;
            while (!alice.inputWithin(500)) {
                assertThat(System.nanoTime()).as("partner_left within 30 s").isLessThan(deadline);
            }
            ServerFrame.PartnerLeft left = alice.frame(ServerFrame.PartnerLeft.class);
            assertThat(left.partner()).isEqualTo(bob.handle());
            assertThat(left.ended()).isTrue();
            // the heart-beat's time to live, the 3 s a node may be missing (a Redis restart ends no chat), two beats
            long bound = chat.server.cluster.ClusterPresence.TTL_MILLIS + 3_000
                    + 2 * chat.server.cluster.ClusterPresence.BEAT_MILLIS;
            assertThat((System.nanoTime() - killedAt) / 1_000_000).isLessThan(bound);
        } finally {
            killed.destroyForcibly();
        }
    }

    /** Polls a child node's log until it says where it listens. */
    private static int listeningPort(Process process, Path log) throws java.io.IOException {
        java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log)
                    : List.<String>of()) {
                java.util.regex.Matcher matcher = listening.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            assertThat(process.isAlive()).as("the node runs").isTrue();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("the node did not listen within 60 s");
    }

    @Test
    void whoWaitedWhenRedisRestartedEmptyIsQueuedAgainAndMeetsTheNextStranger() {
        startNodes(LONG_MILLIS, LONG_MILLIS);
        try (TestClient alice = TestClient.connect(nodeA.port()); TestClient bob = TestClient.connect(nodeB.port())) {
            alice.send(new ClientFrame.Next(null, null, null));
            alice.frame(ServerFrame.Queued.class);
            redis.restart(); // the queue is gone with everything else
            long deadline = System.nanoTime() + 20_000_000_000L;
            ServerFrame answer;
            while (true) {
                bob.send(new ClientFrame.Next("n", null, null));
                answer = bob.frame();
                if (!(answer instanceof ServerFrame.Error error)) {
                    break; // queued, or paired at once if alice's node queued her again first
                }
                assertThat(error.code()).isEqualTo("unavailable"); // Redis is still coming back
                assertThat(System.nanoTime()).as("the queue answers within 20 s").isLessThan(deadline);
                bob.inputWithin(200);
            }
            while (!alice.inputWithin(500)) { // once alice's node is back on Redis and sees it emptied
                assertThat(System.nanoTime()).as("alice meets bob within 30 s").isLessThan(deadline + 10_000_000_000L);
            }
            assertThat(alice.frame(ServerFrame.Paired.class).partner()).isEqualTo(bob.handle());
            ServerFrame.Paired bobPaired = answer instanceof ServerFrame.Paired paired ? paired
                    : bob.awaitFrame(ServerFrame.Paired.class);
            assertThat(bobPaired.partner()).isEqualTo(alice.handle());
        }
    }

    /** Pairs two who wait for nobody else; returns their conversation. */
    static String pair(TestClient first, TestClient second) {
        first.send(new ClientFrame.Next(null, null, null));
        first.awaitFrame(ServerFrame.Queued.class);
        second.send(new ClientFrame.Next(null, null, null));
        String conv = second.awaitFrame(ServerFrame.Paired.class).conv();
        assertThat(first.awaitFrame(ServerFrame.Paired.class).conv()).isEqualTo(conv);
        return conv;
    }
}
