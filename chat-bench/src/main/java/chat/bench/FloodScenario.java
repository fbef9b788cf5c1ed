package chat.bench;

import chat.bench.Bystander.Measure;
import chat.bench.Bystander.Phase;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One flood against one fresh server, as a bystander sees it: the {@link Bystander} measures for a while with
 * nobody attacking (the baseline), then attackers of one {@link FloodKind} flood the server from source addresses
 * 127.0.0.2 and up while the bystander goes on measuring. Prints the bystander's figures in both windows, the
 * server's CPU and resident memory in both, what the server refused the attackers, and a RESULT line.
 */
final class FloodScenario {

    /** What a run measured, the costs of each window ({@link Phase#BASELINE}, {@link Phase#FLOOD}) among them. */
    record Result(FloodKind kind, int attackers, Bystander bystander, Costs baseline, Costs flood, long requests,
            long answers, int reconnects, Refusals refusals, boolean full) {

        Bystander.Figure figure(Phase phase, Measure measure) {
            return bystander.figure(phase, measure);
        }
    }

    /**
     * What a window cost: CPU in percent of one core (server, generator), the server's largest resident memory in
     * bytes, and how long the server's event loop and the bystander's thread waited for a CPU while they had work,
     * in milliseconds (a tail that comes from a machine too busy to run them shows there). -1: unknown.
     */
    record Costs(double serverCpu, double generatorCpu, long rssMax, double loopWaitMs, double bystanderWaitMs) {
    }

    /** The counters a window's costs are the difference of. */
    private record Counters(long at, long serverCpu, long generatorCpu, long loopWait, long bystanderWait) {
    }

    private static final ServerProcess GENERATOR = new ServerProcess(ProcessHandle.current().pid());
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long FULL_STRENGTH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final FloodKind kind;
    private final int connections;
    private final int addresses;
    private final long warmupNanos;
    private final long floodWarmupNanos;
    private final long baselineNanos;
    private final long floodNanos;
    private long rssMax;

    /**
     * @param connections attacker connections
     * @param addresses source addresses the attackers spread over, 127.0.0.2 and up
     */
    FloodScenario(FloodKind kind, int connections, int addresses, Windows windows) {
        this.kind = kind;
        this.connections = connections;
        this.addresses = Math.max(1, Math.min(addresses, 253));
        this.warmupNanos = (long) (windows.warmup() * 1e9);
        this.baselineNanos = (long) (windows.baseline() * 1e9);
        this.floodWarmupNanos = (long) (windows.floodWarmup() * 1e9);
        this.floodNanos = (long) (windows.flood() * 1e9);
    }

    /**
     * The scenario's time line, in seconds: the bystander alone, unmeasured ({@code warmup}) then measured
     * ({@code baseline}); the flood at full strength, unmeasured ({@code floodWarmup}: the server compiles the code
     * the flood reaches for the first time, once in its life) then measured ({@code flood}).
     */
    record Windows(double warmup, double baseline, double floodWarmup, double flood) {
    }

    /** Runs the flood against {@code server} (whose process, when known, is {@code process}) and prints it. */
    Result run(InetSocketAddress server, ServerProcess process, PrintWriter out) throws IOException,
            InterruptedException {
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            sources.add(InetAddress.getByName("127.0.0." + (2 + i)));
        }
        FloodAttack attack = kind.attack(connections);
        out.printf(Locale.ROOT, "flood %s: %s; %d attacker connections from 127.0.0.2-%d, bystander on 127.0.0.1;"
                + " machine load %s%n", kind.wireName(), kind.description(), attack.count(), 1 + addresses,
                ServerProcess.loadAverage());
        out.flush();
        try (Fleet attackFleet = new Fleet();
                Bystander bystander = new Bystander(server, kind == FloodKind.TYPING ? FloodAttacks.TYPING_ROOM
                        : null, kind == FloodKind.LOGINS)) {
            bystander.prepare();
            attack.prepare(attackFleet, server, sources);
            PairsScenario.processCpuNanos(); // sets up the management beans now, not while measuring
            long start = System.nanoTime();
            long baselineFrom = start + warmupNanos;
            long baselineUntil = baselineFrom + baselineNanos;
            bystander.start(start, baselineFrom, baselineUntil);

            drive(attackFleet, attack, process, baselineFrom);
            Counters before = counters(process);
            rssMax = process == null ? -1 : 0;
            drive(attackFleet, attack, process, baselineUntil);
            Costs baseline = costs(before, counters(process));

            attack.start();
            long fullBy = System.nanoTime() + FULL_STRENGTH_TIMEOUT_NANOS;
            while (!attack.full() && System.nanoTime() < fullBy) {
                attackFleet.poll(attack.pump(System.nanoTime()) ? 0 : 1);
            }
            boolean full = attack.full();
            long floodFrom = System.nanoTime() + Math.max(floodWarmupNanos, TimeUnit.MILLISECONDS.toNanos(20));
            long floodUntil = floodFrom + floodNanos;
            bystander.flood(floodFrom, floodUntil);
            drive(attackFleet, attack, process, floodFrom);
            before = counters(process);
            rssMax = process == null ? -1 : 0;
            drive(attackFleet, attack, process, floodUntil);
            Costs flood = costs(before, counters(process));
            attack.stop();
            attackFleet.close(); // the attackers leave; the bystander waits for what is still due to it
            bystander.finish();
            Result result = new Result(kind, attack.count(), bystander, baseline, flood, attack.requests(),
                    attack.answers(), attack.reconnects(), attack.refusals(), full);
            print(result, out);
            return result;
        }
    }

    /** Drives the attack until {@code until}, sampling the server's memory. */
    private void drive(Fleet fleet, FloodAttack attack, ServerProcess process, long until) throws IOException {
        long nextSample = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= until) {
                return;
            }
            if (process != null && now >= nextSample) {
                rssMax = Math.max(rssMax, process.residentBytes());
                nextSample = now + SAMPLE_NANOS;
            }
            boolean more = attack.pump(now);
            fleet.poll(more ? 0 : Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(until - now), 10)));
        }
    }

    private static Counters counters(ServerProcess process) {
        return new Counters(System.nanoTime(), process == null ? -1 : process.cpuNanos(),
                PairsScenario.processCpuNanos(), process == null ? -1 : process.runQueueWaitNanos("chat-loop"),
                GENERATOR.runQueueWaitNanos("bystander"));
    }

    private Costs costs(Counters before, Counters after) {
        long window = after.at() - before.at();
        return new Costs(percent(after.serverCpu(), before.serverCpu(), window),
                percent(after.generatorCpu(), before.generatorCpu(), window), rssMax,
                millis(after.loopWait(), before.loopWait()), millis(after.bystanderWait(), before.bystanderWait()));
    }

    private static double percent(long after, long before, long windowNanos) {
        return before < 0 || after < 0 ? -1 : (after - before) * 100.0 / windowNanos;
    }

    private static double millis(long after, long before) {
        return before < 0 || after < 0 ? -1 : (after - before) / 1e6;
    }

    private void print(Result result, PrintWriter out) {
        Bystander bystander = result.bystander();
        out.printf(Locale.ROOT, "%-9s %-13s %6s %6s %8s %8s %9s %8s   (lost: due in the window, unanswered %d s"
                + " after it)%n", "window", "bystander", "count", "lost", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                TimeUnit.NANOSECONDS.toSeconds(bystander.drainNanos()));
        StringBuilder json = new StringBuilder();
        for (Phase phase : Phase.values()) {
            json.append(",\"").append(phase.name().toLowerCase(Locale.ROOT)).append("\":{");
            String separator = "";
            for (Measure measure : measures(bystander)) {
                Bystander.Figure figure = bystander.figure(phase, measure);
                Histogram latency = figure.latency();
                out.printf(Locale.ROOT, "%-9s %-13s %6d %6d %8.2f %8.2f %9.2f %8.2f%n",
                        phase.name().toLowerCase(Locale.ROOT), measure.label, latency.count(), figure.lost(),
                        ms(latency, 50), ms(latency, 99), ms(latency, 99.9), latency.max() / 1000.0);
                json.append(separator).append(String.format(Locale.ROOT, "\"%s\":{\"count\":%d,\"lost\":%d,"
                        + "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}",
                        measure.name().toLowerCase(Locale.ROOT), latency.count(), figure.lost(), ms(latency, 50),
                        ms(latency, 99), ms(latency, 99.9), latency.max() / 1000.0));
                separator = ",";
            }
            json.append('}');
        }
        for (Phase phase : Phase.values()) {
            Costs costs = phase == Phase.BASELINE ? result.baseline() : result.flood();
            out.printf(Locale.ROOT, "%-9s server cpu %.0f%%, rss max %.0f MB; generator cpu %.0f%%; waited for a CPU:"
                    + " server loop %.0f ms, bystander %.0f ms%n", phase.name().toLowerCase(Locale.ROOT),
                    costs.serverCpu(), mb(costs.rssMax()), costs.generatorCpu(), costs.loopWaitMs(),
                    costs.bystanderWaitMs());
        }
        out.printf(Locale.ROOT, "attack: %d requests sent, %d answered, %d reconnects%s; refused: %s%n",
                result.requests(), result.answers(), result.reconnects(),
                result.full() ? "" : " (not at full strength when measuring started)",
                result.refusals().describe(12));
        out.printf(Locale.ROOT, "bystander refused: %s%n", bystander.refusals().describe(12));
        out.printf(Locale.ROOT, "RESULT {\"scenario\":\"flood\",\"kind\":\"%s\",\"attackers\":%d,"
                + "\"baseline_s\":%.1f,\"flood_s\":%.1f%s,\"costs\":{\"baseline\":%s,\"flood\":%s},"
                + "\"requests\":%d,\"answers\":%d,\"reconnects\":%d,\"full_strength\":%b,\"refusals\":%s,"
                + "\"bystander_refusals\":%s}%n", result.kind().wireName(), result.attackers(), baselineNanos / 1e9,
                floodNanos / 1e9, json, json(result.baseline()), json(result.flood()), result.requests(),
                result.answers(), result.reconnects(), result.full(), result.refusals().json(),
                bystander.refusals().json());
        out.flush();
    }

    /** The measures this run has: the login only where the bystander logs in afresh. */
    static List<Measure> measures(Bystander bystander) {
        List<Measure> measures = new ArrayList<>(List.of(Measure.PING, Measure.DM_OK, Measure.DM_DELIVERED));
        if (bystander.logins()) {
            measures.add(Measure.LOGIN);
        }
        return measures;
    }

    private static String json(Costs costs) {
        return String.format(Locale.ROOT, "{\"server_cpu_pct\":%.0f,\"generator_cpu_pct\":%.0f,"
                + "\"server_rss_max_mb\":%.0f,\"loop_cpu_wait_ms\":%.0f,\"bystander_cpu_wait_ms\":%.0f}",
                costs.serverCpu(), costs.generatorCpu(), mb(costs.rssMax()), costs.loopWaitMs(),
                costs.bystanderWaitMs());
    }

    /** Megabytes, or -1 for unknown. */
    static double mb(long bytes) {
        return bytes < 0 ? -1 : bytes / 1e6;
    }

    static double ms(Histogram latency, double percent) {
        return latency.percentile(percent) / 1000.0;
    }
}
