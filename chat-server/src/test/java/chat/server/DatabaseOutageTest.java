package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose PostgreSQL goes away for a while: requests that need the store answer {@code unavailable} with a
 * retry time, random chat between guests goes on, and the node recovers by itself when the database is back.
 */
class DatabaseOutageTest {

    @TempDir
    Path tempDir;

    private TestPostgres postgres;
    private ChatServer server;

    @BeforeEach
    void start() {
        postgres = TestPostgres.startNew(); // a server of its own: this test stops it
        ClusterConfig cluster = new ClusterConfig(postgres.newDatabase(), null);
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).cluster(cluster));
    }

    @AfterEach
    void stop() {
        server.close();
        postgres.stopAndDelete();
    }

    @Test
    void storeRequestsAnswerUnavailableGuestsChatOnAndTheNodeRecovers() {
        try (TestClient alice = TestClient.connect(server.port()).logInOrRegister("alice");
                TestClient bob = TestClient.connect(server.port()).logInOrRegister("bob");
                TestClient guest1 = TestClient.connect(server.port());
                TestClient guest2 = TestClient.connect(server.port())) {
            postgres.stop();

            alice.send(new ClientFrame.Say("m1", "@bob", "are you there?"));
            ServerFrame.Error refused = alice.awaitFrame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("unavailable");
            assertThat(refused.re()).isEqualTo("m1");
            assertThat(refused.retryAfter()).isPositive();

            RandomChatTest.pair(guest1, guest2);
            guest1.send(new ClientFrame.Say(null, null, "still here"));
            assertThat(guest2.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("still here");

            postgres.start();
            // A connection the pool held from before may fail once more; the node then reconnects by itself.
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (int n = 2; ; n++) {
                String id = "m" + n;
                alice.send(new ClientFrame.Say(id, "@bob", "are you there now?"));
                ServerFrame answer = alice.awaitFrame(ServerFrame.class, frame -> frame instanceof ServerFrame.Ok ok
                        && id.equals(ok.re()) || frame instanceof ServerFrame.Error error && id.equals(error.re()));
                if (answer instanceof ServerFrame.Ok) {
                    break;
                }
                assertThat(((ServerFrame.Error) answer).code()).isEqualTo("unavailable");
                assertThat(System.nanoTime()).as("the node recovered within 30 s").isLessThan(deadline);
            }
            assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("are you there now?");
        }
    }
}
