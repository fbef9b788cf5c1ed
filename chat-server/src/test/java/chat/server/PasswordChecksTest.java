package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bcrypt is the server's dearest work: nothing is hashed for a name or a code that does not exist, one address
 * flooding the password checks waits behind its own jobs and not another's login, and guesses sent in parallel are
 * counted as they start. Other loopback addresses (127.0.0.2, ...) stand for other machines.
 */
class PasswordChecksTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path tempDir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(UnaryOperator<ServerConfig.Builder> adjust) {
        server = TestServer.start(tempDir, config -> adjust.apply(config.rateLimit("all=off")
                .maxConnectionsPerAddress(500).connectsPerSecondPerAddress(10_000).registrationsPerHour(10_000)));
    }

    @Test
    void resetsForNamesThatDoNotExistCostNoHashAndDelayNoLogin() {
        start(config -> config); // real bcrypt cost
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            AccountsTest.register(owner, "alice", PASSWORD);
        }
        List<TestClient> attackers = new ArrayList<>();
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            for (int i = 0; i < 100; i++) {
                attackers.add(TestClient.connectFrom("127.0.0.2", server.port()));
            }
            for (int i = 0; i < attackers.size(); i++) {
                attackers.get(i).send(new ClientFrame.ResetPassword("r", "nobody" + i, "aaaa-bbbb-cccc-dddd",
                        "new password " + i));
            }
            long started = System.nanoTime();
            owner.send(new ClientFrame.Login("l", "alice", PASSWORD));
            owner.loggedIn();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            for (TestClient attacker : attackers) {
                assertThat(attacker.frame(ServerFrame.Error.class).code()).isIn("invalid_code", "too_many_attempts");
            }
            assertThat(tookMillis).as("the owner's login, ms").isLessThan(1_000);
        } finally {
            attackers.forEach(TestClient::close);
        }
    }

    @Test
    void oneAddressFloodingPasswordChecksWaitsBehindItselfNotAnotherAddress() {
        start(config -> config); // real bcrypt cost
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            AccountsTest.register(owner, "alice", PASSWORD);
        }
        List<TestClient> attackers = new ArrayList<>();
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            for (int i = 0; i < 60; i++) {
                attackers.add(TestClient.connectFrom("127.0.0.2", server.port()));
            }
            for (int i = 0; i < attackers.size(); i++) {
                attackers.get(i).send(new ClientFrame.Register("r", "mallory" + i, PASSWORD));
            }
            long started = System.nanoTime();
            owner.send(new ClientFrame.Login("l", "alice", PASSWORD));
            owner.loggedIn();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            int busy = 0;
            for (TestClient attacker : attackers) {
                ServerFrame answer = attacker.frame();
                if (answer instanceof ServerFrame.Error error) {
                    assertThat(error.code()).isEqualTo("busy");
                    busy++;
                } else {
                    assertThat(answer).isInstanceOf(ServerFrame.LoggedIn.class);
                }
            }
            assertThat(busy).as("registrations refused at once, past the address's share of the queue").isPositive();
            assertThat(tookMillis).as("the owner's login, ms").isLessThan(1_000);
        } finally {
            attackers.forEach(TestClient::close);
        }
    }

    @Test
    void parallelGuessesAreCountedAsTheyStartAndDoNotLockTheOwnerOutOfTheirAddress() {
        start(config -> config.bcryptCost(4));
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            AccountsTest.register(owner, "alice", PASSWORD);
        }
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            AccountsTest.login(owner, "alice", PASSWORD); // the owner's usual address
        }
        List<TestClient> guessers = new ArrayList<>();
        try {
            for (int i = 0; i < 45; i++) {
                guessers.add(TestClient.connectFrom("127.0.0.2", server.port()));
            }
            for (int i = 0; i < guessers.size(); i++) {
                guessers.get(i).send(new ClientFrame.Login("g", "alice", "guess number " + i));
            }
            int checked = 0;
            for (TestClient guesser : guessers) {
                ServerFrame.Error error = guesser.frame(ServerFrame.Error.class);
                if (error.code().equals("wrong_password")) {
                    checked++;
                } else {
                    assertThat(error.code()).isEqualTo("too_many_attempts");
                    assertThat(error.retryAfter()).isPositive();
                }
            }
            assertThat(checked).as("guesses whose password was checked").isBetween(1, 5);

            try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
                assertThat(AccountsTest.login(owner, "alice", PASSWORD).name()).isEqualTo("alice");
            }
        } finally {
            guessers.forEach(TestClient::close);
        }
    }

    @Test
    void theOwnerLoggingInFromAKnownPlaceGoesAheadOfGuessesFromManyAddresses() throws Exception {
        start(config -> config.bcryptCost(10));
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            AccountsTest.register(owner, "alice", PASSWORD);
        }
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            AccountsTest.login(owner, "alice", PASSWORD); // where the owner logs in from
        }
        List<TestClient> guessers = new ArrayList<>();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newCachedThreadPool();
        try (TestClient owner = TestClient.connectFrom("127.0.0.3", server.port())) {
            for (int i = 0; i < 40; i++) {
                guessers.add(TestClient.connectFrom("127.0.0." + (10 + i), server.port()));
            }
            List<java.util.concurrent.Future<Long>> answeredAt = new ArrayList<>();
            for (int i = 0; i < guessers.size(); i++) {
                TestClient guesser = guessers.get(i);
                guesser.send(new ClientFrame.Login("g", "someone" + i, "guess number " + i));
                answeredAt.add(readers.submit(() -> {
                    guesser.frame(ServerFrame.Error.class);
                    return System.nanoTime();
                }));
            }
            owner.send(new ClientFrame.Login("l", "alice", PASSWORD));
            owner.loggedIn();
            long ownerAnswered = System.nanoTime();
            int before = 0;
            for (java.util.concurrent.Future<Long> answer : answeredAt) {
                if (answer.get() < ownerAnswered) {
                    before++;
                }
            }
            // Without the lane the owner's check waits for one guess of each of the 40 addresses; with it, only for
            // those already running or done before its request reached the server (a few on a busy machine).
            assertThat(before).as("guesses checked before the owner's login").isLessThanOrEqualTo(10);
        } finally {
            readers.shutdownNow();
            guessers.forEach(TestClient::close);
        }
    }
}
