package chat.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the bus costs: three nodes on one PostgreSQL and one Redis, and direct messages between accounts whose two
 * sides sit on the same node, then on different nodes (the same load spread the same way over the nodes: only the
 * path differs), then a room whose members are spread over the three nodes with one speaker. Each layout runs
 * {@code runs} times on a fresh cluster; the table gives the median of the runs for each figure.
 */
final class ClusterBenchScenario {

    private static final int NODES = 3;
    /**
     * Seconds of throwaway load on fresh JVMs before anything is measured: each node sees a third of the messages,
     * so its code takes three times as long to be compiled as a server's alone would.
     */
    private static final long WARM_UP_SECONDS = 10;
    /** Limits stay on and are counted (shared across nodes too), raised above what the generator sends. */
    static final List<String> SERVER_OPTIONS = List.of("--bcrypt-cost", "4", "--registrations-per-hour", "1000000",
            "--flood-rate", "100000", "--flood-burst", "100000", "--limit", "message.address=100000000/1s",
            "--limit", "membership.address=100000000/1s", "--limit", "account.address=100000000/1s",
            "--limit", "account.connection=1000/1s", "--limit", "room-create.address=100000000/1s",
            // every sender names its receiver once, all from one address: more new names than a person looks up
            "--limit", "name-lookup.address=100000000/1s",
            "--connects-per-second", "1000000", "--room-limit", "100000", "--max-connections-per-address", "200000");

    /** One measured layout of one run. */
    record Figures(String layout, double deliveredPerSecond, double p50Millis, double p99Millis, double maxMillis,
            long lost, double nodesCpuPercent, double redisCpuPercent, double nodesCpuMicrosPerDelivery,
            long refused, double idleCpuPercent) {
    }

    private final Path serverJar;
    private final Path redisServer;
    private final String database;
    private final Path directory;
    private final int pairs;
    private final double pairsRate;
    private final int members;
    private final double roomRate;
    private final long warmupSeconds;
    private final long durationSeconds;
    private final int runs;
    private final List<String> jvmOptions;

    ClusterBenchScenario(Path serverJar, Path redisServer, String database, Path directory, int pairs,
            double pairsRate, int members, double roomRate, long warmupSeconds, long durationSeconds, int runs,
            List<String> jvmOptions) {
        this.serverJar = serverJar;
        this.redisServer = redisServer;
        this.database = database;
        this.directory = directory;
        this.pairs = pairs;
        this.pairsRate = pairsRate;
        this.members = members;
        this.roomRate = roomRate;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.runs = runs;
        this.jvmOptions = jvmOptions;
    }

    void run(PrintWriter out) throws Exception {
        out.printf(Locale.ROOT, "cluster bench: %d nodes, %d cores; %d direct pairs at %.0f messages/s in all; a room"
                + " of %d members over the nodes, one speaker at %.0f/s; %d s warm-up, %d s measured; %d runs%n",
                NODES, Runtime.getRuntime().availableProcessors(), pairs, pairsRate, members, roomRate, warmupSeconds,
                durationSeconds, runs);
        out.flush();
        List<List<Figures>> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            List<Figures> figures = new ArrayList<>();
            // the same direct pairs on one node alone on PostgreSQL, no Redis: what the store costs without the bus
            try (BenchCluster alone = new BenchCluster(serverJar, null, database, directory.resolve("alone-" + run), 1,
                    jvmOptions, SERVER_OPTIONS)) {
                String prefix = "a" + run;
                new ClusterLoad(alone, 0, WARM_UP_SECONDS).directPairs(prefix + "w", pairs, pairsRate, false);
                Figures baseline = new ClusterLoad(alone, warmupSeconds, durationSeconds)
                        .directPairs(prefix + "s", pairs, pairsRate, false);
                figures.add(new Figures("direct, one node, no Redis", baseline.deliveredPerSecond(),
                        baseline.p50Millis(), baseline.p99Millis(), baseline.maxMillis(), baseline.lost(),
                        baseline.nodesCpuPercent(), baseline.redisCpuPercent(), baseline.nodesCpuMicrosPerDelivery(),
                        baseline.refused(), baseline.idleCpuPercent()));
            }
            try (BenchCluster cluster = new BenchCluster(serverJar, redisServer, database,
                    directory.resolve("run-" + run), NODES, jvmOptions, SERVER_OPTIONS)) {
                String prefix = "r" + run;
                // fresh JVMs compile as they go: a throwaway load first, so no layout pays for it
                new ClusterLoad(cluster, 0, WARM_UP_SECONDS).directPairs(prefix + "w", pairs, pairsRate, true);
                figures.add(new ClusterLoad(cluster, warmupSeconds, durationSeconds)
                        .directPairs(prefix + "s", pairs, pairsRate, false));
                figures.add(new ClusterLoad(cluster, warmupSeconds, durationSeconds)
                        .directPairs(prefix + "x", pairs, pairsRate, true));
                figures.addAll(new ClusterLoad(cluster, warmupSeconds, durationSeconds)
                        .room(prefix + "m", members, roomRate));
            }
            for (Figures f : figures) {
                out.printf(Locale.ROOT, "run %d %-30s %6.0f/s p50 %6.2f ms p99 %6.2f ms max %7.1f ms lost %d"
                        + " refused %d; nodes %5.1f%% CPU (idle %.1f%%; %.0f us per delivery above idle), Redis"
                        + " %4.1f%%%n", run, f.layout(), f.deliveredPerSecond(), f.p50Millis(), f.p99Millis(),
                        f.maxMillis(), f.lost(), f.refused(), f.nodesCpuPercent(), f.idleCpuPercent(),
                        f.nodesCpuMicrosPerDelivery(), f.redisCpuPercent());
            }
            out.flush();
            all.add(figures);
        }
        out.printf("medians of %d runs:%n", runs);
        out.printf("%-28s %12s %8s %8s %9s %5s %10s %9s %14s %9s%n", "layout", "delivered/s", "p50 ms", "p99 ms",
                "max ms", "lost", "nodes CPU", "idle CPU", "us/delivery", "Redis CPU");
        for (int i = 0; i < all.get(0).size(); i++) {
            int layout = i;
            Figures median = new Figures(all.get(0).get(i).layout(),
                    median(all, layout, Figures::deliveredPerSecond), median(all, layout, Figures::p50Millis),
                    median(all, layout, Figures::p99Millis), median(all, layout, Figures::maxMillis),
                    (long) median(all, layout, f -> f.lost()), median(all, layout, Figures::nodesCpuPercent),
                    median(all, layout, Figures::redisCpuPercent),
                    median(all, layout, Figures::nodesCpuMicrosPerDelivery),
                    (long) median(all, layout, f -> f.refused()), median(all, layout, Figures::idleCpuPercent));
            out.printf(Locale.ROOT, "%-28s %12.0f %8.2f %8.2f %9.1f %5d %9.1f%% %8.1f%% %14.0f %8.1f%%%n",
                    median.layout(), median.deliveredPerSecond(), median.p50Millis(), median.p99Millis(),
                    median.maxMillis(), median.lost(), median.nodesCpuPercent(), median.idleCpuPercent(),
                    median.nodesCpuMicrosPerDelivery(), median.redisCpuPercent());
            out.printf(Locale.ROOT, "RESULT {\"scenario\":\"cluster\",\"layout\":\"%s\",\"runs\":%d,"
                    + "\"delivered_per_s\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.1f,\"lost\":%d,"
                    + "\"nodes_cpu_percent\":%.1f,\"nodes_idle_cpu_percent\":%.1f,"
                    + "\"nodes_cpu_us_per_delivery_above_idle\":%.0f,\"redis_cpu_percent\":%.1f}%n",
                    median.layout(), runs, median.deliveredPerSecond(), median.p50Millis(), median.p99Millis(),
                    median.maxMillis(), median.lost(), median.nodesCpuPercent(), median.idleCpuPercent(),
                    median.nodesCpuMicrosPerDelivery(), median.redisCpuPercent());
        }
        out.flush();
    }

    private static double median(List<List<Figures>> all, int layout,
            java.util.function.ToDoubleFunction<Figures> figure) {
        double[] values = all.stream().mapToDouble(run -> figure.applyAsDouble(run.get(layout))).toArray();
        Arrays.sort(values);
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
