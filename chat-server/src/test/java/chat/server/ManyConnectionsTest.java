package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thousand connections at once: all are greeted, paired, and hear their partner. */
class ManyConnectionsTest {

    private static final int CLIENTS = 1_000;

    @TempDir
    Path tempDir;

    @Test
    void anAddressOverItsLimitIsRefusedWithALineAndOthersGoOn() throws Exception {
        try (ChatServer server = TestServer.start(tempDir, config -> config.maxConnectionsPerAddress(3))) {
            TestClient first = TestClient.connect(server.port());
            try (TestClient second = TestClient.connect(server.port());
                    TestClient third = TestClient.connect(server.port());
                    java.net.Socket fourth = new java.net.Socket("127.0.0.1", server.port())) {
                String refusal = new String(fourth.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(refusal).isEqualTo("! too_many_connections: too many connections from your address\n");
                first.close();
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                String greeting = null;
                while (greeting == null && System.nanoTime() < deadline) {
                    try (java.net.Socket again = new java.net.Socket("127.0.0.1", server.port())) {
                        String line = new java.io.BufferedReader(new java.io.InputStreamReader(again.getInputStream(),
                                java.nio.charset.StandardCharsets.UTF_8)).readLine();
                        if (line != null && line.startsWith("* Welcome")) {
                            greeting = line; // the closed one's place was given back
                        }
                    }
                }
                assertThat(greeting).isNotNull();
                second.send(new ClientFrame.Ping("p"));
                assertThat(second.frame(ServerFrame.Pong.class).re()).isEqualTo("p");
            }
        }
    }

    @Test
    void connectingTooFastFromOneAddressIsRefusedWithALine() throws Exception {
        try (ChatServer server = TestServer.start(tempDir, config -> config.connectsPerSecondPerAddress(2));
                TestClient first = TestClient.connect(server.port());
                TestClient second = TestClient.connect(server.port());
                java.net.Socket third = new java.net.Socket("127.0.0.1", server.port())) {
            assertThat(new String(third.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("! too_many_connects: connecting too fast from your address; wait a moment\n");
            first.send(new ClientFrame.Ping("p"));
            assertThat(first.frame(ServerFrame.Pong.class).re()).isEqualTo("p");
        }
    }

    @Test
    void aThousandConnectionsPairUpAndEachGetsOneMessage() throws InterruptedException {
        List<TestClient> clients = new ArrayList<>(CLIENTS);
        try (ChatServer server = TestServer.start(tempDir, config -> config.maxConnectionsPerAddress(CLIENTS)
                .connectsPerSecondPerAddress(CLIENTS).rateLimit("next.address=off")
                .rateLimit("message.address=off"))) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(TestClient.connect(server.port()));
            }
            Set<String> handles = new HashSet<>();
            for (TestClient client : clients) {
                handles.add(client.handle());
                client.send(new ClientFrame.Next(null, null));
            }
            assertThat(handles).hasSize(CLIENTS);

            Map<String, String> partnerOf = new HashMap<>();
            for (TestClient client : clients) {
                ServerFrame frame = client.frame();
                if (frame instanceof ServerFrame.Queued) {
                    frame = client.frame();
                }
                assertThat(frame).isInstanceOf(ServerFrame.Paired.class);
                partnerOf.put(client.handle(), ((ServerFrame.Paired) frame).partner());
            }
            for (Map.Entry<String, String> pair : partnerOf.entrySet()) {
                assertThat(partnerOf.get(pair.getValue())).isEqualTo(pair.getKey());
            }

            for (TestClient client : clients) {
                client.send(new ClientFrame.Say(null, null, "hello from " + client.handle()));
            }
            for (TestClient client : clients) {
                ServerFrame.Message message = client.frame(ServerFrame.Message.class);
                assertThat(message.from()).isEqualTo(partnerOf.get(client.handle()));
                assertThat(message.text()).isEqualTo("hello from " + message.from());
            }
        } finally {
            clients.forEach(TestClient::close);
        }
    }
}
