package chat.bench;

import chat.bench.Bystander.Measure;
import chat.bench.Bystander.Phase;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Floods run one after the other, each against a fresh server, and one table of them all at the end. The servers
 * keep every safety they have by default but three per-address limits (connections, connects a second, registrations
 * an hour), which would otherwise be all a flood from a few addresses measures, and the per-connection message limit,
 * raised for the bystander's 50 direct messages a second ({@link #SERVER_OPTIONS}): no flood sends messages.
 */
final class FloodSeries {

    /** Starts a fresh server for one run. */
    @FunctionalInterface
    interface Servers {
        Running start(String name) throws Exception;
    }

    /** A running server: where it listens, and its process when known (for CPU and memory). */
    interface Running extends AutoCloseable {
        InetSocketAddress address();

        ServerProcess process();
    }

    /** One flood of a series. */
    record Run(FloodKind kind, int connections) {
        String label() {
            return kind == FloodKind.HISTORY ? kind.wireName() + "x" + connections : kind.wireName();
        }
    }

    /**
     * The request rate limits the flood servers change, as {@code --limit} values: room for the bystander's DMs,
     * with a burst that covers the DMs piled up behind a stall of many seconds (they arrive at once after it).
     */
    static final List<String> BYSTANDER_LIMITS = List.of("message.connection=1000/1s", "message.address=1000/1s");

    /** The flood servers' options besides address, port and database. */
    static final List<String> SERVER_OPTIONS = serverOptions();

    private static List<String> serverOptions() {
        List<String> options = new ArrayList<>(List.of("--max-connections-per-address", "100000",
                "--connects-per-second", "100000", "--registrations-per-hour", "100000"));
        for (String limit : BYSTANDER_LIMITS) {
            options.addAll(List.of("--limit", limit));
        }
        return List.copyOf(options);
    }

    /** What {@code flood all} runs: every kind, the history flood from one connection and from a hundred. */
    static List<Run> all() {
        List<Run> runs = new ArrayList<>();
        runs.add(new Run(FloodKind.HISTORY, 1));
        for (FloodKind kind : FloodKind.values()) {
            runs.add(new Run(kind, kind.defaultConnections()));
        }
        return runs;
    }

    private final int addresses;
    private final FloodScenario.Windows windows;

    FloodSeries(int addresses, FloodScenario.Windows windows) {
        this.addresses = addresses;
        this.windows = windows;
    }

    /**
     * Runs each flood against a server of its own, printing each, then (for more than one) the table.
     *
     * @return how many runs failed
     */
    int run(List<Run> runs, Servers servers, PrintWriter out) throws InterruptedException {
        List<FloodScenario.Result> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Run run : runs) {
            try (Running server = servers.start(run.label())) {
                results.add(new FloodScenario(run.kind(), run.connections(), addresses, windows)
                        .run(server.address(), server.process(), out));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed.add(run.label());
                out.printf("flood %s failed: %s%n", run.label(), e);
            }
            out.println();
            out.flush();
        }
        if (runs.size() > 1) {
            printTable(results, failed, out);
        }
        return failed.size();
    }

    private static void printTable(List<FloodScenario.Result> results, List<String> failed, PrintWriter out) {
        out.printf(Locale.ROOT, "%-12s %5s %9s %9s %9s %9s %9s %9s %5s %7s %7s %9s  %s%n", "flood", "conns",
                "ping p99", "ping p99", "dm p99", "dm p99", "ping max", "dm max", "lost", "srv cpu", "rss MB",
                "loop wait", "refused (attackers)");
        out.printf(Locale.ROOT, "%-12s %5s %9s %9s %9s %9s %9s %9s %5s %7s %7s %9s%n", "", "", "base ms",
                "flood ms", "base ms", "flood ms", "flood ms", "flood ms", "flood", "flood", "flood", "flood ms");
        for (FloodScenario.Result result : results) {
            Bystander.Figure ping = result.figure(Phase.FLOOD, Measure.PING);
            Bystander.Figure dm = result.figure(Phase.FLOOD, Measure.DM_OK);
            String label = new Run(result.kind(), result.attackers()).label();
            out.printf(Locale.ROOT, "%-12s %5d %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %5d %6.0f%% %7.0f %9.0f  %s%n",
                    label,
                    result.attackers(), p99(result, Phase.BASELINE, Measure.PING), p99(ping),
                    p99(result, Phase.BASELINE, Measure.DM_OK), p99(dm), ping.latency().max() / 1000.0,
                    dm.latency().max() / 1000.0, ping.lost() + dm.lost(), result.flood().serverCpu(),
                    FloodScenario.mb(result.flood().rssMax()), result.flood().loopWaitMs(),
                    result.refusals().describe(3));
        }
        for (String label : failed) {
            out.printf(Locale.ROOT, "%-12s failed (see above)%n", label);
        }
        for (FloodScenario.Result result : results) {
            if (result.bystander().logins()) {
                out.printf(Locale.ROOT, "%s: a fresh login every second, p99 %.0f ms before the flood, %.0f ms"
                        + " during it (max %.0f ms, %d not answered)%n",
                        new Run(result.kind(), result.attackers()).label(),
                        p99(result, Phase.BASELINE, Measure.LOGIN), p99(result.figure(Phase.FLOOD, Measure.LOGIN)),
                        result.figure(Phase.FLOOD, Measure.LOGIN).latency().max() / 1000.0,
                        result.figure(Phase.FLOOD, Measure.LOGIN).lost());
            }
        }
        out.flush();
    }

    private static double p99(FloodScenario.Result result, Phase phase, Measure measure) {
        return p99(result.figure(phase, measure));
    }

    private static double p99(Bystander.Figure figure) {
        return FloodScenario.ms(figure.latency(), 99);
    }
}
