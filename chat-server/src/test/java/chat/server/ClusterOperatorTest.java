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
 * Operator commands given to one node's admin socket reach every node of the cluster: a kick or a ban closes the
 * connections it names wherever they are, an address ban is refused at every node's door from then on, and
 * {@code who} lists every node's connections. Two nodes in this JVM, real PostgreSQL and Redis, the real command.
 */
class ClusterOperatorTest {

    @TempDir
    Path tempA;
    @TempDir
    Path tempB;

    private TestRedis redis;
    private String database;
    private ChatServer nodeA;
    private ChatServer nodeB;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        redis = TestRedis.start();
        database = TestPostgres.shared().newDatabase();
        ClusterConfig cluster = new ClusterConfig(database, redis.url());
        nodeA = TestServer.start(tempA, config -> config.bcryptCost(4).cluster(cluster));
        nodeB = TestServer.start(tempB, config -> config.bcryptCost(4).cluster(cluster));
    }

    @AfterEach
    void stopCluster() {
        clients.forEach(TestClient::close);
        nodeA.close();
        nodeB.close();
        redis.close();
    }

    @Test
    void aKickOnOneNodeClosesTheAccountsConnectionsOnEveryNode() {
        TestClient laptop = keep(TestClient.connect(nodeA.port()).logInOrRegister("alice"));
        TestClient phone = keep(TestClient.connect(nodeB.port()).logInOrRegister("alice"));
        TestClient bob = keep(TestClient.connect(nodeB.port()).logInOrRegister("bob"));

        Operator.Result kicked = operatorOf(tempA).run("kick", "alice", "enough");
        assertThat(kicked.status()).as(kicked.err()).isZero();
        assertThat(kicked.out()).contains("Kicked alice: 2 connections closed.");
        assertThat(laptop.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("kicked");
        assertThat(phone.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("kicked");
        phone.awaitClosed();
        bob.send(new ClientFrame.Ping("still-here"));
        assertThat(bob.awaitFrame(ServerFrame.Pong.class).re()).isEqualTo("still-here");

        Operator.Result nobody = operatorOf(tempB).run("kick", "alice");
        assertThat(nobody.status()).isEqualTo(1);
        assertThat(nobody.err()).contains("nobody called alice is connected");
    }

    @Test
    void whoListsTheConnectionsOfEveryNode() {
        keep(TestClient.connect(nodeA.port()).logInOrRegister("alice"));
        keep(TestClient.connect(nodeB.port()).logInOrRegister("bob"));
        keep(TestClient.connect(nodeB.port()));

        Operator.Result who = operatorOf(tempA).run("who");
        assertThat(who.status()).as(who.err()).isZero();
        assertThat(who.out()).startsWith("NODE").contains(" alice ").contains(" bob ").contains("guest-")
                .contains("3 connections");
    }

    @Test
    void banningAnAddressOnOneNodeClosesItsConnectionsAndShutsItOutOnEveryNode() {
        TestClient banned = keep(TestClient.connectFrom("127.0.0.2", nodeB.port()));
        TestClient bystander = keep(TestClient.connect(nodeB.port()));

        Operator.Result ban = operatorOf(tempA).run("ban", "127.0.0.2", "2h", "spamming");
        assertThat(ban.status()).as(ban.err()).isZero();
        assertThat(ban.out()).contains("1 connection closed");
        assertThat(banned.line()).startsWith("* Bye: an operator banned you until ").endsWith(": spamming");
        banned.awaitClosed();
        assertThat(TestClient.connectFrom("127.0.0.2", nodeB.port()).greeting()).startsWith("! banned: ");
        bystander.send(new ClientFrame.Ping("still-here"));
        assertThat(bystander.awaitFrame(ServerFrame.Pong.class).re()).isEqualTo("still-here");

        assertThat(operatorOf(tempA).run("unban", "127.0.0.2").status()).isZero();
        assertThat(keep(TestClient.connectFrom("127.0.0.2", nodeB.port())).greeting()).startsWith("* Welcome");
    }

    @Test
    void banningANameOnOneNodeEndsItsLoginsOnEveryNode() {
        TestClient mallory = keep(TestClient.connect(nodeB.port()).logInOrRegister("mallory"));

        Operator.Result ban = operatorOf(tempA).run("ban", "mallory", "1d");
        assertThat(ban.status()).as(ban.err()).isZero();
        assertThat(ban.out()).contains("1 connection closed");
        assertThat(mallory.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("banned");
    }

    @Test
    void anAddressBanStoredWithoutTheBusHoldsOnEveryNodeWithinSeconds() {
        // as when Redis was away while the operator banned: the ban reaches the store only
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine command = new picocli.CommandLine(new ServerMain());
        command.setOut(new java.io.PrintWriter(out, true));
        assertThat(command.execute("ban", "--db", database, "127.0.0.4", "1h")).isZero();
        assertThat(out.toString()).contains("No server is running");

        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            TestClient probe = keep(TestClient.connectFrom("127.0.0.4", nodeB.port()));
            if (probe.greeting().startsWith("! banned: ")) {
                break;
            }
            assertThat(System.nanoTime()).as("node B refuses 127.0.0.4 within 15 s").isLessThan(deadline);
            probe.close();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000); // polling the node's door, to a deadline
        }
    }

    @Test
    void withRedisAwayAKickActsOnItsOwnNodeAndSaysTheOthersWereNotTold() {
        TestClient laptop = keep(TestClient.connect(nodeA.port()).logInOrRegister("alice"));
        keep(TestClient.connect(nodeB.port()).logInOrRegister("alice"));
        redis.stop();

        Operator.Result kicked = operatorOf(tempA).run("kick", "alice");
        assertThat(kicked.status()).isEqualTo(1);
        assertThat(kicked.err()).contains("done on this node, but the other nodes could not be told");
        assertThat(laptop.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("kicked");
    }

    private TestClient keep(TestClient client) {
        clients.add(client);
        return client;
    }

    private static Operator operatorOf(Path node) {
        return new Operator(node.resolve("chat.db"));
    }
}
