package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tiny runs of the IRC mode and of the comparison, so they keep working; not measurements. chat-server runs as its
 * own process (a fresh one per run, as in a real comparison); InspIRCd only where it is installed.
 */
class CompareSmokeTest {

    @Test
    void theIrcModePairsChannelsAnswersPingsAndCountsEchoesAsAcks() throws Exception {
        try (TinyIrcServer irc = new TinyIrcServer()) {
            StringWriter out = new StringWriter();
            PairsScenario.Result result = new PairsScenario(irc.address(), 20, 1, 400, 0, 1, null)
                    .protocol(new IrcPairs(true)).run(new PrintWriter(out));
            assertThat(result.lost()).isZero();
            assertThat(result.unacked()).isZero();
            assertThat(result.latency().count()).isBetween(350L, 450L);
            assertThat(irc.pongs()).isEqualTo(20);
            assertThat(out.toString()).contains("RESULT {\"scenario\":\"pairs-irc\",\"connections\":20,");
        }
    }

    @Test
    void aComparisonWithChatServerAloneMeasuresFreshServersAndPrintsItsTable() throws Exception {
        StringWriter out = new StringWriter();
        CompareScenario.Outcome outcome = new CompareScenario(List.of(chatServer()), new double[] {300, 600}, 1, 20,
                1, 0, 1, true).idle(20, 0).run(new PrintWriter(out));
        assertThat(outcome.runs()).hasSize(2);
        for (CompareScenario.Run run : outcome.runs()) {
            assertThat(run.result().lost()).isZero();
            assertThat(run.result().unacked()).isZero();
            assertThat(run.result().serverMicrosPerMessage()).isPositive();
            assertThat(run.result().serverResidentBytes()).isPositive();
        }
        assertThat(outcome.idleRuns()).singleElement().satisfies(idle -> assertThat(idle.heldBytes()).isPositive());
        assertThat(out.toString()).contains("rate/s  server").containsPattern("600  chat-server +\\d+")
                .contains("idle: 20 paired connections").doesNotContain("inspircd");
    }

    @Test
    void aComparisonWithInspircdMeasuresBothInTurn() throws Exception {
        Path inspircd = InspircdContender.find();
        assumeTrue(inspircd != null, "inspircd is not installed (apt-get install inspircd): the comparison with"
                + " InspIRCd is not tested here");
        StringWriter out = new StringWriter();
        CompareScenario.Outcome outcome = new CompareScenario(List.of(chatServer(),
                new InspircdContender(inspircd)), new double[] {400}, 2, 20, 1, 0, 1, true).run(new PrintWriter(out));
        assertThat(outcome.runs()).extracting(CompareScenario.Run::server)
                .containsExactly("chat-server", "inspircd", "inspircd", "chat-server");
        for (CompareScenario.Run run : outcome.runs()) {
            assertThat(run.result().lost()).isZero();
            assertThat(run.result().unacked()).isZero();
        }
        assertThat(out.toString()).contains("at 400/s, chat-server / inspircd: CPU per delivered message");
    }

    /** chat-server from this test's class path, in a process of its own, with the limits scripts/bench gives it. */
    private static Contender chatServer() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "chat.server.ServerMain"));
        command.addAll(List.of("--bcrypt-cost", "4", "--connects-per-second", "1000000", "--flood-rate", "100000",
                "--flood-burst", "100000", "--limit", "message.address=100000000/1s", "--limit",
                "next.address=100000000/1s"));
        return new ChatServerContender(command);
    }
}
