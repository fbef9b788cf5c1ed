package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tiny floods against real servers (one each, started the way the flood's servers are configured), so the flood
 * scenario keeps working as the server changes; what is checked is that every figure is printed, not its value.
 */
class FloodSmokeTest {

    @TempDir
    Path tempDir;

    @Test
    void twoFloodsPrintTheBystandersFiguresRefusalsAndOneTable() throws Exception {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        int failed = new FloodSeries(8, new FloodScenario.Windows(0.2, 0.5, 0.2, 1)).run(List.of(new FloodSeries.Run(FloodKind.HISTORY, 2),
                new FloodSeries.Run(FloodKind.LOGINS, 2)), this::server, out);

        String printed = text.toString();
        assertThat(failed).as(printed).isZero();
        for (String kind : List.of("history", "logins")) {
            assertThat(printed).contains("RESULT {\"scenario\":\"flood\",\"kind\":\"" + kind + "\",\"attackers\":2,");
        }
        String figures = " +\\d+ +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+";
        for (String window : List.of("baseline", "flood")) {
            for (String measure : List.of("ping", "dm ok", "dm delivered", "login")) {
                assertThat(printed).containsPattern("(?m)^" + window + " +" + measure + figures + "\\s*$");
            }
        }
        assertThat(printed).containsPattern("attack: \\d+ requests sent, \\d+ answered, \\d+ reconnects; refused: ")
                .contains("bystander refused: ")
                .containsPattern("(?m)^baseline +server cpu -?\\d+%, rss max -?\\d+ MB; generator cpu \\d+%; waited")
                .containsPattern("(?m)^flood +server cpu -?\\d+%, rss max -?\\d+ MB; generator cpu \\d+%; waited")
                .containsPattern("(?m)^flood +conns +ping p99")
                .containsPattern("(?m)^historyx2 +2" + " +[\\d.]+".repeat(6))
                .containsPattern("(?m)^logins +2" + " +[\\d.]+".repeat(6))
                .contains("logins: a fresh login every second, p99 ");
    }

    /** A server as the flood's: every safety on but the per-address limits, and room for the bystander's DMs. */
    private FloodSeries.Running server(String name) throws Exception {
        Path directory = Files.createDirectories(tempDir.resolve(name));
        ServerConfig.Builder config = ServerConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                directory.resolve("chat.db"))
                .maxConnectionsPerAddress(100_000).connectsPerSecondPerAddress(100_000).registrationsPerHour(100_000)
                .bcryptCost(4);
        FloodSeries.BYSTANDER_LIMITS.forEach(config::rateLimit);
        ChatServer server = ChatServer.start(config.build());
        return new FloodSeries.Running() {
            @Override
            public InetSocketAddress address() {
                return server.address();
            }

            @Override
            public ServerProcess process() {
                return null; // the server shares this process with the test: its CPU would be everybody's
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
