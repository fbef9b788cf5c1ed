package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import chat.core.wire.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines sent in one write (pasted, piped into nc, pipelined by a program) take effect and are answered in the order
 * they were sent, whatever each waits for: bcrypt, the store, the file thread. One connection that pipelines
 * thousands of requests neither reorders its own answers nor holds up anyone else.
 */
class RequestOrderTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        // Limits are off where they are not what is tested: order holds for answers and refusals alike.
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).flood(100_000, 100_000)
                .rateLimit("query.connection=off").rateLimit("query.address=off"));
        try (TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(bob, "bob", "password bob");
        }
        try (TestClient alice = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "password alice");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPastedLoginMessageAndWhoamiBehaveAsTyped() {
        try (TestClient bob = login("bob"); TestClient alice = TestClient.connect(server.port())) {
            alice.sendRaw("/login alice password alice\n/msg bob hi from a paste\n/whoami\n"
                    .getBytes(StandardCharsets.UTF_8));
            List<String> lines = restUntil(alice, "* You are ");
            assertThat(lines.get(0)).startsWith("* Logged in as alice");
            assertThat(lines).noneMatch(line -> line.startsWith("!")); // not refused as a guest's message
            assertThat(lines).last().isEqualTo("* You are alice (logged in).");
            ServerFrame.Message atBob = bob.awaitFrame(ServerFrame.Message.class);
            assertThat(atBob.from()).isEqualTo("alice");
            assertThat(atBob.text()).isEqualTo("hi from a paste");
        }
    }

    @Test
    void aJoinFollowedByALineSaysItInTheRoom() {
        try (TestClient watcher = login("bob"); TestClient nc = TestClient.connect(server.port())) {
            watcher.send(new ClientFrame.Join("j", "#alerts"));
            watcher.frame(ServerFrame.Room.class);
            watcher.frame(ServerFrame.History.class);
            nc.sendRaw("/join #alerts\nbuild failed\n/whoami\n".getBytes(StandardCharsets.UTF_8));
            List<String> lines = restUntil(nc, "* You are ");
            assertThat(lines).noneMatch(line -> line.startsWith("!"));
            assertThat(lines.get(0)).startsWith("* You joined #alerts");
            assertThat(watcher.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("build failed");
        }
    }

    @Test
    void jsonAnswersComeInTheOrderOfTheRequests() {
        try (TestClient alice = login("alice")) {
            StringBuilder burst = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                burst.append(FrameCodec.encode(new ClientFrame.Say("say" + i, "@bob", "number " + i))).append('\n');
                burst.append(FrameCodec.encode(new ClientFrame.Ping("ping" + i))).append('\n');
                burst.append(FrameCodec.encode(new ClientFrame.History("history" + i, "@bob", null, 5))).append('\n');
                burst.append(FrameCodec.encode(new ClientFrame.Whois("whois" + i, "bob"))).append('\n');
                expected.addAll(List.of("say" + i, "ping" + i, "history" + i, "whois" + i));
            }
            alice.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            List<String> answered = new ArrayList<>();
            while (answered.size() < expected.size()) {
                String re = replyTo(alice.frame());
                if (re != null) {
                    answered.add(re);
                }
            }
            assertThat(answered).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aRequestRefusedAtOnceDoesNotHoldUpTheNext() {
        try (TestClient guest = TestClient.connect(server.port())) {
            for (int i = 0; i < 3; i++) {
                guest.send(new ClientFrame.Say("s" + i, null, "nobody to hear this"));
                guest.send(new ClientFrame.Say("d" + i, "@bob", "guests cannot write direct messages"));
                guest.send(new ClientFrame.Ping("p" + i));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(guest.frame(ServerFrame.Error.class).re()).isEqualTo("s" + i);
                assertThat(guest.frame(ServerFrame.Error.class).re()).isEqualTo("d" + i);
                assertThat(guest.frame(ServerFrame.Pong.class).re()).isEqualTo("p" + i);
            }
        }
    }

    @Test
    void linesBeforeTheEndOfInputAreAllAnsweredBeforeTheServerCloses() throws IOException {
        try (TestClient bob = login("bob"); TestClient piped = TestClient.connect(server.port())) {
            piped.sendRaw("/login alice password alice\n/msg bob sent from a pipe\n/whoami\n"
                    .getBytes(StandardCharsets.UTF_8));
            piped.socket().shutdownOutput(); // printf ... | nc -N: the input ends right after the lines
            List<String> lines = restUntil(piped, "* You are alice (logged in).");
            assertThat(lines.get(0)).startsWith("* Logged in as alice");
            piped.awaitClosed();
            assertThat(bob.awaitFrame(ServerFrame.Message.class).text()).isEqualTo("sent from a pipe");
        }
    }

    @Test
    void thousandsOfPipelinedRequestsAreAnsweredInOrderWhileOthersGoOn() {
        try (TestClient flooder = login("alice"); TestClient bystander = login("bob")) {
            int count = 3_000;
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < count; i++) {
                burst.append(FrameCodec.encode(new ClientFrame.History("h" + i, "@bob", null, 50))).append('\n');
            }
            byte[] bytes = burst.toString().getBytes(StandardCharsets.UTF_8);
            Thread writer = new Thread(() -> flooder.sendRaw(bytes)); // blocks while the server stops reading
            writer.start();
            bystander.send(new ClientFrame.Say("dm", "@alice", "still here"));
            assertThat(bystander.frame(ServerFrame.Ok.class).re()).isEqualTo("dm");
            bystander.send(new ClientFrame.Ping("p"));
            assertThat(bystander.frame(ServerFrame.Pong.class).re()).isEqualTo("p");
            int next = 0;
            while (next < count) {
                String re = replyTo(flooder.frame()); // a history, or a rate_limited error in its place
                if (re != null) {
                    assertThat(re).isEqualTo("h" + next);
                    next++;
                }
            }
            join(writer);
        }
    }

    @Test
    void aConnectionOverItsLimitIsSlowedDownNotAnsweredAsFastAsItAsks() {
        server.close();
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).rateLimit("query.connection=5/10s"));
        try (TestClient flooder = TestClient.connect(server.port()); TestClient bystander = TestClient.connect(
                server.port())) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 2_000; i++) {
                burst.append(FrameCodec.encode(new ClientFrame.Rooms("r" + i))).append('\n');
            }
            byte[] bytes = burst.toString().getBytes(StandardCharsets.UTF_8);
            Thread writer = new Thread(() -> {
                try {
                    flooder.sendRaw(bytes);
                } catch (RuntimeException e) {
                    // closed at the end of the test while still blocked: the server stopped reading, as it should
                }
            });
            writer.setDaemon(true);
            writer.start();
            long start = System.nanoTime();
            int answered = 0;
            int refused = 0;
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1_500)) {
                ServerFrame frame = flooder.frame();
                answered++;
                if (frame instanceof ServerFrame.Error error) {
                    assertThat(error.code()).isEqualTo("rate_limited");
                    refused++;
                }
            }
            // 5 answered, then one refusal per wait for the next token (at most a second each): a handful, not 2,000.
            assertThat(answered).isLessThan(15);
            assertThat(refused).isBetween(1, 5);
            bystander.send(new ClientFrame.Ping("p"));
            assertThat(bystander.frame(ServerFrame.Pong.class).re()).isEqualTo("p");
        }
    }

    @Test
    void lookUpsFromManyConnectionsAtOnceAreAllAnsweredAndMessagesGoBetweenThem() {
        List<TestClient> readers = new ArrayList<>();
        try (TestClient alice = login("alice"); TestClient bob = login("bob")) {
            for (int i = 0; i < 30; i++) {
                readers.add(login("bob"));
            }
            for (TestClient reader : readers) {
                StringBuilder burst = new StringBuilder();
                for (int j = 0; j < 5; j++) {
                    burst.append(FrameCodec.encode(new ClientFrame.History("h" + j, "@alice", null, 50))).append('\n');
                }
                reader.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            }
            alice.send(new ClientFrame.Say("dm", "@bob", "between the look-ups"));
            assertThat(alice.awaitFrame(ServerFrame.Ok.class).re()).isEqualTo("dm");
            for (TestClient reader : readers) {
                for (int j = 0; j < 5; j++) {
                    assertThat(reader.awaitFrame(ServerFrame.History.class).re()).isEqualTo("h" + j);
                }
            }
        } finally {
            readers.forEach(TestClient::close);
        }
    }

    private TestClient login(String name) {
        TestClient client = TestClient.connect(server.port());
        client.send(new ClientFrame.Login("login", name, "password " + name));
        client.frame(ServerFrame.LoggedIn.class);
        client.frame(ServerFrame.ConversationList.class);
        return client;
    }

    /** The lines up to and including the first that starts with {@code last}. */
    private static List<String> restUntil(TestClient client, String last) {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = client.line();
            lines.add(line);
            if (line.startsWith(last)) {
                return lines;
            }
        }
    }

    private static String replyTo(ServerFrame frame) {
        if (frame instanceof ServerFrame.Ok ok) {
            return ok.re();
        } else if (frame instanceof ServerFrame.Pong pong) {
            return pong.re();
        } else if (frame instanceof ServerFrame.History history) {
            return history.re();
        } else if (frame instanceof ServerFrame.Presence presence) {
            return presence.re();
        } else if (frame instanceof ServerFrame.Error error) {
            assertThat(error.code()).isEqualTo("rate_limited"); // refused in its turn is answered in its turn
            return error.re();
        }
        return null;
    }

    private static void join(Thread thread) {
        try {
            thread.join(TestClient.TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            throw new UncheckedIOException(new IOException(e));
        }
        assertThat(thread.isAlive()).isFalse();
    }
}
