package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nobody learns which account names exist faster than by trying to register them: a login answers the same, in about
 * the same time, for an unknown name and a wrong password, and look-ups of new names are throttled per connection.
 * Over real sockets.
 */
class EnumerationTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        // bcrypt at cost 8 takes milliseconds, far above what a lookup of a missing row costs
        server = TestServer.start(tempDir, config -> config.bcryptCost(8).loginThrottle(10_000, 1_000)
                .rateLimit("account.connection=off").rateLimit("account.address=off"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aLoginForAnUnknownNameLooksAndTakesLikeAWrongPassword() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient probe = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "password alice");
            List<Long> unknown = new ArrayList<>();
            List<Long> wrong = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                unknown.add(timeLogin(probe, "nobody" + i, "password " + i, "wrong_password"));
                wrong.add(timeLogin(probe, "alice", "password " + i, "wrong_password"));
            }
            probe.send(new ClientFrame.Login("u", "nobody-here", "some password"));
            ServerFrame.Error forUnknown = probe.frame(ServerFrame.Error.class);
            probe.send(new ClientFrame.Login("w", "alice", "some password"));
            ServerFrame.Error forWrong = probe.frame(ServerFrame.Error.class);
            assertThat(forUnknown.message()).isEqualTo(forWrong.message());
            assertThat(forUnknown.code()).isEqualTo(forWrong.code());
            assertThat(median(unknown)).as("unknown %s, wrong %s", unknown, wrong)
                    .isGreaterThan(median(wrong) / 2);
        }
    }

    @Test
    void lookingUpNewNamesIsThrottledPerConnectionButKnownOnesStayFree() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(bob, "bob", "password bob");
            AccountsTest.register(alice, "alice", "password alice");
            alice.send(new ClientFrame.Whois("w", "bob"));
            alice.frame(ServerFrame.Presence.class);
            for (int i = 1; i < 20; i++) {
                alice.send(new ClientFrame.Whois("w" + i, "maybe" + i));
                assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_user");
            }
            alice.send(new ClientFrame.Whois("over", "maybe20"));
            ServerFrame.Error refused = alice.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.retryAfter()).isPositive();
            alice.send(new ClientFrame.History("h", "@carol", null, null)); // messaging and history count too
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("rate_limited");
            alice.send(new ClientFrame.Block("b", "dave"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("rate_limited");

            alice.send(new ClientFrame.Say("m", "@bob", "names I looked up stay free"));
            alice.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Whois("again", "maybe3"));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_user");
        }
    }

    private static long timeLogin(TestClient client, String name, String password, String expectedCode) {
        long start = System.nanoTime();
        client.send(new ClientFrame.Login("l", name, password));
        assertThat(client.frame(ServerFrame.Error.class).code()).isEqualTo(expectedCode);
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
