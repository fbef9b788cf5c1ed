package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import chat.server.TestCertificates;
import chat.server.net.ServerCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny run of the benchmark against a real server, so the generator keeps working; not a measurement. */
class BenchSmokeTest {

    @TempDir
    Path tempDir;

    @Test
    void aSmallPairsRunDeliversEverythingAndPrintsItsResultLine() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.builder(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tempDir.resolve("chat.db"))
                .rateLimit("all=off").connectsPerSecondPerAddress(1_000_000).build())) {
            StringWriter out = new StringWriter();
            PairsScenario.Result result = new PairsScenario(server.address(), 20, 1, 400, 0, 1, null)
                    .run(new PrintWriter(out));
            assertThat(result.lost()).isZero();
            assertThat(result.latency().count()).isBetween(350L, 450L);
            assertThat(result.deliveredPerSecond()).isBetween(350.0, 450.0);
            assertThat(out.toString()).contains("RESULT {\"scenario\":\"pairs\",\"connections\":20,");
        }
    }

    @Test
    void aSmallPairsRunOverTlsDeliversEverything() throws Exception {
        ServerCertificate certificate = ServerCertificate.load(TestCertificates.selfSigned(tempDir, "bench"),
                TestCertificates.PASSWORD.toCharArray());
        try (ChatServer server = ChatServer.start(ServerConfig.builder(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tempDir.resolve("chat.db"))
                .rateLimit("all=off").connectsPerSecondPerAddress(1_000_000)
                // A detection window of 2 ms: most ClientHellos come after it, so the server greets those in plain
                // text first; the generator drops that line and the connection goes on in TLS.
                .tls(certificate.context(), 2, false).build())) {
            StringWriter out = new StringWriter();
            PairsScenario.Result result = new PairsScenario(server.address(), 20, 1, 400, 0, 1, null).tls(true)
                    .run(new PrintWriter(out));
            assertThat(result.lost()).isZero();
            assertThat(result.latency().count()).isBetween(350L, 450L);
            assertThat(out.toString()).contains("RESULT {\"scenario\":\"pairs-tls\",\"connections\":20,");
        }
    }

    @Test
    void stalledClientsAreCutOffAndTheOthersStillGetTheirMessages() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.builder(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tempDir.resolve("chat.db"))
                .rateLimit("all=off").connectsPerSecondPerAddress(1_000_000).maxOutboundBytes(64 * 1024)
                .build())) {
            StringWriter out = new StringWriter();
            PairsScenario.Result result = new PairsScenario(server.address(), 20, 1, 400, 0, 1, null)
                    .slowConsumers(1).timeline(true).run(new PrintWriter(out));
            assertThat(out.toString()).contains("rehearsal: 1 of 1 stalled clients cut off").contains("timeline from");
            // Lost: what the stalled client in the window was sent, and what the two stalled clients' partners said
            // once alone (20 messages each at this rate); every other pair got everything.
            assertThat(result.lost()).isBetween(1L, 3L * 20 + 5);
            assertThat(result.disconnected()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theFloorRelayCarriesTheSameScenario() throws Exception {
        try (FloorRelay relay = new FloorRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread loop = new Thread(() -> {
                try {
                    relay.run();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "floor-relay");
            loop.start();
            StringWriter out = new StringWriter();
            PairsScenario.Result result = new PairsScenario(relay.address(), 20, 1, 400, 0, 1, null)
                    .run(new PrintWriter(out));
            assertThat(result.lost()).isZero();
            assertThat(result.latency().count()).isBetween(350L, 450L);
        }
    }

    @Test
    void aSmallFanoutRunReachesEveryMember() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.builder(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), tempDir.resolve("chat.db"))
                .rateLimit("all=off").connectsPerSecondPerAddress(1_000_000).build())) {
            StringWriter out = new StringWriter();
            PairsScenario.Result result = new FanoutScenario(server.address(), 10, 1, 20, 0, 1, null)
                    .run(new PrintWriter(out));
            assertThat(result.lost()).isZero();
            assertThat(result.latency().count()).isBetween(9L * 18, 9L * 22);
            assertThat(out.toString()).contains("RESULT {\"scenario\":\"fanout\",\"connections\":10,");
        }
    }

    @Test
    void theHistogramReportsPercentiles() {
        Histogram histogram = new Histogram();
        for (int i = 1; i <= 1000; i++) {
            histogram.record(i * 10L);
        }
        assertThat(histogram.count()).isEqualTo(1000);
        assertThat(histogram.percentile(50)).isBetween(4_900L, 5_100L);
        assertThat(histogram.percentile(99)).isBetween(9_750L, 10_000L);
        assertThat(histogram.max()).isEqualTo(10_000);
    }
}
