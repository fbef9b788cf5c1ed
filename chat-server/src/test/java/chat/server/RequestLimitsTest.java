package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.limits.Rate;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that store something or reach others are rate-limited per connection and per address (reports, rooms
 * created, typing, topics, joins and parts, presence), and refused with {@code rate_limited} and a wait; nothing
 * past the limit reaches the disk or the other members.
 */
class RequestLimitsTest {

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
        server = TestServer.start(tempDir, config -> adjust.apply(config.bcryptCost(4)));
    }

    @Test
    void reportsAreCappedInLengthAndRatePerConnectionAndAddress() throws SQLException {
        start(config -> config.rateLimit("report.address=4/1h"));
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port())) {
            RandomChatTest.pair(a, b);
            a.send(new ClientFrame.Report("long", null, "x".repeat(501)));
            assertThat(a.frame(ServerFrame.Error.class).code()).isEqualTo("text_too_long");
            for (int i = 1; i < 3; i++) { // the refused one counted too: three reports a connection
                a.send(new ClientFrame.Report("r" + i, null, "spam " + i));
                assertThat(a.frame(ServerFrame.Ok.class).re()).isEqualTo("r" + i);
            }
            a.send(new ClientFrame.Report("r3", null, "x".repeat(500)));
            ServerFrame.Error refused = a.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.message()).contains("reports");
            assertThat(refused.retryAfter()).isPositive();
        }
        // A fresh connection from the same address has the address's allowance left, not a new one.
        try (TestClient c = TestClient.connect(server.port()); TestClient d = TestClient.connect(server.port())) {
            RandomChatTest.pair(c, d);
            c.send(new ClientFrame.Report("c1", null, "again"));
            c.frame(ServerFrame.Ok.class);
            c.send(new ClientFrame.Report("c2", null, "and again"));
            assertThat(c.frame(ServerFrame.Error.class).code()).isEqualTo("rate_limited");
        }
        assertThat(count("SELECT COUNT(*) FROM reports")).isEqualTo(3);
    }

    @Test
    void roomsCreatedAreCappedPerConnectionAndAddressButStoredRoomsStayOpen() throws SQLException {
        start(config -> config.rateLimit("room-create.address=7/1h"));
        try (TestClient first = TestClient.connect(server.port())) {
            for (int i = 0; i < 5; i++) {
                first.send(new ClientFrame.Join("j" + i, "#made-" + i));
                first.frame(ServerFrame.Room.class);
                first.frame(ServerFrame.History.class);
            }
            first.send(new ClientFrame.Join("j5", "#made-5"));
            ServerFrame.Error refused = first.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.message()).contains("new rooms");
            assertThat(refused.retryAfter()).isGreaterThan(60);
        }
        try (TestClient second = TestClient.connect(server.port())) {
            for (int i = 5; i < 7; i++) {
                second.send(new ClientFrame.Join("j" + i, "#made-" + i));
                second.frame(ServerFrame.Room.class);
                second.frame(ServerFrame.History.class);
            }
            second.send(new ClientFrame.Join("j7", "#made-7"));
            assertThat(second.frame(ServerFrame.Error.class).code()).isEqualTo("rate_limited");
            // Nobody is in #made-0 any more, but it is stored: joining it creates nothing and is allowed.
            second.send(new ClientFrame.Join("again", "#made-0"));
            assertThat(second.frame(ServerFrame.Room.class).conv()).isEqualTo("#made-0");
        }
        assertThat(count("SELECT COUNT(*) FROM conversations WHERE kind = 'room'")).isEqualTo(7);
    }

    @Test
    void withABurstOfOneTheFirstMessageGoesAndTheSecondWaits() {
        start(config -> config.flood(1, 1));
        try (TestClient alice = TestClient.connect(server.port())) {
            join(alice, "#one");
            alice.send(new ClientFrame.Say("s1", "#one", "first"));
            alice.send(new ClientFrame.Say("s2", "#one", "second"));
            assertThat(alice.frame(ServerFrame.Ok.class).re()).isEqualTo("s1");
            ServerFrame.Error refused = alice.frame(ServerFrame.Error.class);
            assertThat(refused.re()).isEqualTo("s2");
            assertThat(refused.code()).isEqualTo("rate_limited");
        }
    }

    @Test
    void aRoomPassesOnABoundedNumberOfTypingIndicatorsWhoeverSendsThem() {
        start(config -> config.rateLimit("all=off"));
        List<TestClient> typists = new java.util.ArrayList<>();
        try (TestClient listener = TestClient.connect(server.port())) {
            join(listener, "#crowd");
            for (int i = 0; i < 40; i++) {
                TestClient typist = TestClient.connect(server.port());
                typists.add(typist);
                join(typist, "#crowd");
            }
            for (TestClient typist : typists) {
                for (int i = 0; i < 5; i++) {
                    typist.send(new ClientFrame.Typing(null, "#crowd", i % 2 == 0 ? "paused" : "done"));
                }
            }
            typists.get(0).send(new ClientFrame.Say("marker", "#crowd", "marker"));
            int typings = 0;
            while (true) {
                ServerFrame frame = listener.frame();
                if (frame instanceof ServerFrame.Message message && message.text().equals("marker")) {
                    break;
                }
                typings += frame instanceof ServerFrame.Typing ? 1 : 0;
            }
            // 200 indicators sent within a moment; the room's burst (20) and rate (10 a second) let few through.
            assertThat(typings).isBetween(1, 40);
        } finally {
            typists.forEach(TestClient::close);
        }
    }

    @Test
    void typingOfEveryStateIsLimitedBeforeItFansOut() {
        start(config -> config);
        try (TestClient typist = TestClient.connect(server.port());
                TestClient listener = TestClient.connect(server.port())) {
            join(listener, "#busy");
            join(typist, "#busy");
            listener.frame(ServerFrame.MemberJoined.class);
            for (int i = 0; i < 200; i++) {
                typist.send(new ClientFrame.Typing(null, "#busy", i % 2 == 0 ? "paused" : "done"));
            }
            typist.send(new ClientFrame.Say("marker", "#busy", "marker"));
            int typings = 0;
            while (true) {
                ServerFrame frame = listener.frame();
                if (frame instanceof ServerFrame.Message message) {
                    assertThat(message.text()).isEqualTo("marker");
                    break;
                }
                assertThat(frame).isInstanceOf(ServerFrame.Typing.class);
                typings++;
            }
            assertThat(typings).isBetween(1, 11);
            // Quietly dropped: the typist heard nothing but the message's acknowledgement.
            assertThat(typist.frame(ServerFrame.Ok.class).re()).isEqualTo("marker");
            typist.send(new ClientFrame.Typing("asked", "#busy", "done"));
            assertThat(typist.frame(ServerFrame.Error.class).code()).isEqualTo("rate_limited");
        }
    }

    @Test
    void topicsJoinsPartsAndPresenceChangesAreLimited() {
        start(config -> config);
        try (TestClient alice = TestClient.connect(server.port());
                TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "password alice");
            join(bob, "#churn");
            join(alice, "#churn");
            for (int i = 0; i < 3; i++) {
                alice.send(new ClientFrame.Topic("t" + i, "#churn", "topic " + i));
                alice.awaitFrame(ServerFrame.Ok.class);
            }
            alice.send(new ClientFrame.Topic("t3", "#churn", "one too many"));
            assertThat(alice.awaitFrame(ServerFrame.Error.class).code()).isEqualTo("rate_limited");

            int parts = 0;
            ServerFrame.Error churnRefused = null;
            while (churnRefused == null && parts < 20) {
                alice.send(new ClientFrame.Part("p" + parts, "#churn"));
                ServerFrame answer = alice.awaitFrame(ServerFrame.class, frame -> frame instanceof ServerFrame.Ok
                        || frame instanceof ServerFrame.Error);
                if (answer instanceof ServerFrame.Error error) {
                    churnRefused = error;
                } else {
                    parts++;
                    alice.send(new ClientFrame.Join("j" + parts, "#churn"));
                    ServerFrame joined = alice.awaitFrame(ServerFrame.class, frame -> frame instanceof ServerFrame.Room
                            || frame instanceof ServerFrame.Error);
                    if (joined instanceof ServerFrame.Error error) {
                        churnRefused = error;
                    }
                }
            }
            assertThat(churnRefused).isNotNull();
            assertThat(churnRefused.code()).isEqualTo("rate_limited");
            assertThat(churnRefused.message()).contains("joins and parts");
            assertThat(parts).isLessThan(10);

            ServerFrame.Error awayRefused = null;
            for (int i = 0; i < 20 && awayRefused == null; i++) {
                alice.send(new ClientFrame.Away("a" + i, i % 2 == 0, "lunch"));
                ServerFrame answer = alice.awaitFrame(ServerFrame.class, frame -> frame instanceof ServerFrame.Ok
                        || frame instanceof ServerFrame.Error);
                awayRefused = answer instanceof ServerFrame.Error error ? error : null;
            }
            assertThat(awayRefused).isNotNull();
            assertThat(awayRefused.code()).isEqualTo("rate_limited");
        }
    }

    @Test
    void rateLimitSettingsAreCheckedAndCanBeLifted() {
        ServerConfig.Builder builder = ServerConfig.builder(new InetSocketAddress(0), tempDir.resolve("x.db"));
        assertThatThrownBy(() -> builder.rateLimit("reports.adress=1/1h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no rate limit is called");
        assertThatThrownBy(() -> builder.rateLimit("report.address=many")).isInstanceOf(
                IllegalArgumentException.class);
        ServerConfig config = builder.rateLimit("report.address=off").rateLimit("typing.connection=5/2s")
                .flood(4, 20).build();
        assertThat(config.rateLimits()).doesNotContainKey("report.address")
                .containsEntry("typing.connection", new Rate(5, 2000))
                .containsEntry("message.connection", new Rate(20, 5000));
        assertThat(Rate.parse("20/1h")).hasToString("20/1h");
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join(null, room));
        client.frame(ServerFrame.Room.class);
        client.frame(ServerFrame.History.class);
    }

    private int count(String sql) throws SQLException {
        return server.store().call(c -> {
            try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }
}
