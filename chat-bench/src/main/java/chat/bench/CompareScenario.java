package chat.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Several servers measured side by side in one run: for every round and rate, each server in turn (the order
 * reversed every other round) is started fresh and driven by the same pairs generator at the same rate; then, when
 * asked, each holds idle paired connections. One table of medians at the end, and the ratios the targets speak of.
 */
final class CompareScenario {

    /** A run is saturated when it delivers less than this share of the offered rate... */
    static final double SATURATED_DELIVERY = 0.99;
    /** ...or its p99 is over this many milliseconds. */
    static final double SATURATED_P99_MILLIS = 50;

    /** How long an empty server is left alone before its memory is read. */
    private static final long IDLE_SETTLE_MILLIS = 3_000;

    /** One measured run. */
    record Run(String server, double rate, int round, PairsScenario.Result result) {
    }

    /** One idle hold: the server's resident memory empty and with the connections. */
    record IdleRun(String server, int round, int connections, long emptyBytes, long heldBytes) {
        double bytesPerConnection() {
            return (heldBytes - emptyBytes) / (double) connections;
        }
    }

    /** Everything measured, for tests and the table. */
    record Outcome(List<Run> runs, List<IdleRun> idleRuns) {
    }

    private final List<Contender> contenders;
    private final double[] rates;
    private final int rounds;
    private final int connections;
    private final int sources;
    private final long warmupSeconds;
    private final long durationSeconds;
    private final boolean acks;
    private int idleConnections;
    private long idleHoldSeconds = 5;

    CompareScenario(List<Contender> contenders, double[] rates, int rounds, int connections, int sources,
            long warmupSeconds, long durationSeconds, boolean acks) {
        this.contenders = List.copyOf(contenders);
        this.rates = rates.clone();
        this.rounds = rounds;
        this.connections = connections;
        this.sources = sources;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.acks = acks;
    }

    /** Also holds {@code count} idle paired connections on each server per round, for {@code holdSeconds}. */
    CompareScenario idle(int count, long holdSeconds) {
        this.idleConnections = count;
        this.idleHoldSeconds = holdSeconds;
        return this;
    }

    Outcome run(PrintWriter out) throws IOException {
        List<Run> runs = new ArrayList<>();
        List<IdleRun> idleRuns = new ArrayList<>();
        Path work = Files.createTempDirectory("chat-bench-compare");
        try {
            for (int round = 1; round <= rounds; round++) {
                List<Contender> order = new ArrayList<>(contenders);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (double rate : rates) {
                    for (Contender contender : order) {
                        out.printf(Locale.ROOT, "== round %d of %d, %.0f/s, %s%n", round, rounds, rate,
                                contender.name());
                        out.flush();
                        Path directory = Files.createTempDirectory(work, contender.name());
                        try (Contender.Running server = contender.start(directory, acks)) {
                            PairsScenario.Result result = new PairsScenario(server.address(), connections, sources,
                                    rate, warmupSeconds, durationSeconds, server.process())
                                    .protocol(contender.protocol(acks)).run(out);
                            runs.add(new Run(contender.name(), rate, round, result));
                        }
                    }
                }
                if (idleConnections > 0) {
                    for (Contender contender : order) {
                        Path directory = Files.createTempDirectory(work, contender.name());
                        try (Contender.Running server = contender.start(directory, acks)) {
                            idleRuns.add(holdIdle(contender, server, round, out));
                        }
                    }
                }
            }
        } finally {
            deleteTree(work);
        }
        Outcome outcome = new Outcome(runs, idleRuns);
        printTable(outcome, out);
        return outcome;
    }

    private IdleRun holdIdle(Contender contender, Contender.Running server, int round, PrintWriter out)
            throws IOException {
        ServerProcess process = server.process();
        sleep(IDLE_SETTLE_MILLIS); // the empty server settles: start-up's compilations end, freed memory goes back
        long empty = process.residentBytes();
        int[] paired = {0};
        PairsProtocol protocol = contender.protocol(acks);
        try (Fleet fleet = new Fleet()) {
            fleet.listen((member, line) -> {
                if (protocol.hear(member, line) == PairsProtocol.Heard.PAIRED) {
                    paired[0]++;
                }
            });
            fleet.connect(server.address(), idleConnections, sources, 5_000);
            for (Fleet.Member member : fleet.members()) {
                protocol.begin(member);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (paired[0] < idleConnections && System.nanoTime() < deadline) {
                fleet.poll(10);
            }
            long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(idleHoldSeconds);
            while (System.nanoTime() < holdUntil) {
                fleet.poll(100);
            }
            long held = process.residentBytes();
            IdleRun run = new IdleRun(contender.name(), round, idleConnections, empty, held);
            out.printf(Locale.ROOT, "== round %d, idle, %s: %d connections, %d paired, %d open; resident %.1f MB"
                    + " empty, %.1f MB with them: %.2f KB each%n", round, contender.name(), idleConnections,
                    paired[0], fleet.open(), empty / 1e6, held / 1e6, run.bytesPerConnection() / 1e3);
            out.flush();
            return run;
        }
    }

    private void printTable(Outcome outcome, PrintWriter out) {
        out.printf(Locale.ROOT, "%ncompare: %d connections in pairs, %d s measured after %d s of warm-up, acks %s, %d"
                + " round(s), a fresh server per run; medians, with every run's p99 and µs/msg%n", connections,
                durationSeconds, warmupSeconds, acks ? "on" : "off", rounds);
        out.printf(Locale.ROOT, "%8s  %-11s %11s %7s %8s %8s %8s %9s %7s  %-22s %s%n", "rate/s", "server",
                "delivered/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "µs/msg", "RSS MB", "p99 ms (runs)",
                "µs/msg (runs)");
        for (double rate : rates) {
            for (Contender contender : contenders) {
                List<PairsScenario.Result> results = results(outcome, contender.name(), rate);
                if (results.isEmpty()) {
                    continue;
                }
                out.printf(Locale.ROOT, "%8.0f  %-11s %11.0f %7.2f %8.2f %8.2f %8.2f %9.1f %7.0f  %-22s %s%n", rate,
                        contender.name(), median(results, PairsScenario.Result::deliveredPerSecond),
                        median(results, r -> r.ms(50)), median(results, r -> r.ms(99)),
                        median(results, r -> r.ms(99.9)), median(results, r -> r.latency().max() / 1000.0),
                        median(results, PairsScenario.Result::serverMicrosPerMessage),
                        median(results, r -> r.serverResidentBytes() / 1e6), each(results, r -> r.ms(99), "%.1f"),
                        each(results, PairsScenario.Result::serverMicrosPerMessage, "%.1f"));
            }
        }
        if (!outcome.idleRuns().isEmpty()) {
            out.printf(Locale.ROOT, "idle: %d paired connections held %d s%n", idleConnections, idleHoldSeconds);
            for (Contender contender : contenders) {
                List<IdleRun> idle = outcome.idleRuns().stream().filter(r -> r.server().equals(contender.name()))
                        .toList();
                if (!idle.isEmpty()) {
                    out.printf(Locale.ROOT, "  %-11s empty %.1f MB, with them %.1f MB: %.2f KB each (runs %s)%n",
                            contender.name(), medianOf(idle, r -> r.emptyBytes() / 1e6),
                            medianOf(idle, r -> r.heldBytes() / 1e6), medianOf(idle, r -> r.bytesPerConnection() / 1e3),
                            String.join(" / ", idle.stream().map(r -> String.format(Locale.ROOT, "%.2f",
                                    r.bytesPerConnection() / 1e3)).toList()));
                }
            }
        }
        for (Contender contender : contenders) {
            out.printf(Locale.ROOT, "highest delivered before the first saturated rate (median run delivering under"
                    + " %.0f %% of offered or p99 over %.0f ms), %s: %.0f/s%n", SATURATED_DELIVERY * 100, SATURATED_P99_MILLIS,
                    contender.name(), highestUnsaturated(outcome, contender.name()));
        }
        if (contenders.size() == 2) {
            String a = contenders.get(0).name();
            String b = contenders.get(1).name();
            for (double rate : rates) {
                List<PairsScenario.Result> ra = results(outcome, a, rate);
                List<PairsScenario.Result> rb = results(outcome, b, rate);
                if (!ra.isEmpty() && !rb.isEmpty()) {
                    out.printf(Locale.ROOT, "at %.0f/s, %s / %s: CPU per delivered message %.2f, delivered %.2f%n",
                            rate, a, b, median(ra, PairsScenario.Result::serverMicrosPerMessage)
                                    / median(rb, PairsScenario.Result::serverMicrosPerMessage),
                            median(ra, PairsScenario.Result::deliveredPerSecond)
                                    / median(rb, PairsScenario.Result::deliveredPerSecond));
                }
            }
            double highestA = highestUnsaturated(outcome, a);
            double highestB = highestUnsaturated(outcome, b);
            out.printf(Locale.ROOT, "highest delivered before saturation, %s / %s: %s%n", a, b, highestB > 0
                    ? String.format(Locale.ROOT, "%.2f", highestA / highestB) : "n/a (" + b + " saturated at every rate)");
        }
        out.flush();
    }

    /**
     * The median delivered rate at the highest offered rate before the first one whose median run saturated (rates
     * in ascending order); 0 when the lowest already did.
     */
    static double highestUnsaturated(Outcome outcome, String server) {
        double best = 0;
        for (double rate : outcome.runs().stream().filter(r -> r.server().equals(server)).mapToDouble(Run::rate)
                .distinct().sorted().toArray()) {
            List<PairsScenario.Result> results = results(outcome, server, rate);
            double delivered = median(results, PairsScenario.Result::deliveredPerSecond);
            if (delivered < SATURATED_DELIVERY * rate || median(results, r -> r.ms(99)) > SATURATED_P99_MILLIS) {
                break;
            }
            best = delivered;
        }
        return best;
    }

    static List<PairsScenario.Result> results(Outcome outcome, String server, double rate) {
        return outcome.runs().stream().filter(r -> r.server().equals(server) && r.rate() == rate)
                .map(Run::result).toList();
    }

    static double median(List<PairsScenario.Result> results, ToDoubleFunction<PairsScenario.Result> value) {
        return medianOf(results, value);
    }

    static <T> double medianOf(List<T> items, ToDoubleFunction<T> value) {
        double[] values = items.stream().mapToDouble(value).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static String each(List<PairsScenario.Result> results, ToDoubleFunction<PairsScenario.Result> value,
            String format) {
        return String.join("/", Arrays.stream(results.stream().mapToDouble(value).toArray())
                .mapToObj(v -> String.format(Locale.ROOT, format, v)).toList());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
