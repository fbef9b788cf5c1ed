package chat.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Random pairs chatting at a fixed total rate. Every message carries the time it was meant to be sent; latency is
 * measured from then (not from when the generator got round to it), so a stalled server cannot hide its stall
 * (no coordinated omission). Lost and reordered messages are counted.
 */
final class PairsScenario {

    /** Whether the connections speak TLS. */
    private boolean tls;
    /** What the connections speak. */
    private PairsProtocol protocol = new JsonPairs(false);
    private long acksHeard;

    /** Makes the connections speak {@code protocol} (chat-server's JSON without acks unless told). */
    PairsScenario protocol(PairsProtocol protocol) {
        this.protocol = protocol;
        return this;
    }

    /** Makes every connection speak TLS (the server needs --tls-keystore). */
    PairsScenario tls(boolean value) {
        this.tls = value;
        return this;
    }

    /** Per-connection state. */
    private static final class Peer {
        boolean paired;
        long lastSequence = -1;
    }

    private final InetSocketAddress server;
    private final int connections;
    private final int sources;
    private final double rate;
    private final long warmupNanos;
    private final long durationNanos;
    private final ServerProcess serverProcess;
    private int slowConsumers;
    /** /help requests each stalled client sends, 500 a second: up to 8 MB of answers it never reads. */
    private static final int SLOW_REQUESTS = 4_000;
    private static final long SLOW_REQUEST_INTERVAL = TimeUnit.MILLISECONDS.toNanos(2);
    private int[] slowRequests;
    private long lastSlowRequest;
    private long slowResidentBytes = -1;
    private int loginStorm;
    private int loggedIn;
    private int loggedOut;
    private long stormStarted;
    private long stormFinished;

    private final Histogram histogram = new Histogram();
    /** The measured window in slices of {@link #SLICE_NANOS}: a tail that is one spike looks different from one spread out. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long SLOW_MICROS = 5_000;
    private boolean timeline;
    private long[] sliceMaxMicros;
    private int[] sliceSlowCount;
    private long measureFrom;
    private long measureUntil;
    private long sentMeasured;
    private long receivedMeasured;
    private long reordered;
    private int paired;

    PairsScenario(InetSocketAddress server, int connections, int sources, double rate, long warmupSeconds,
            long durationSeconds, ServerProcess serverProcess) {
        this.server = server;
        this.connections = connections - connections % 2;
        this.sources = sources;
        this.rate = rate;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.durationNanos = TimeUnit.SECONDS.toNanos(durationSeconds);
        this.serverProcess = serverProcess;
    }

    /**
     * Makes the first {@code count} connections stop reading when measuring starts, as clients that hang would:
     * the server should cut them off (as slow consumers) while everyone else's latency stays where it was. Their
     * messages and their partners' count as lost. As many more stall before any chat (see {@link #rehearseCutOff}).
     */
    PairsScenario slowConsumers(int count) {
        this.slowConsumers = count;
        return this;
    }

    /**
     * Registers {@code count} accounts before measuring and logs them all in at once halfway through, while the
     * pairs chat: bcrypt runs off the event loop, so the pairs' latency should not move.
     */
    PairsScenario loginStorm(int count) {
        this.loginStorm = count;
        return this;
    }

    /** Also prints, per quarter second of the measured window, the slowest delivery and how many took over 5 ms. */
    PairsScenario timeline(boolean value) {
        this.timeline = value;
        return this;
    }

    /** Runs the scenario and prints a table and one RESULT line. */
    Result run(PrintWriter out) throws IOException {
        try (Fleet fleet = new Fleet(tls)) {
            fleet.listen(this::onLine);
            fleet.smallReceiveBuffers(2 * slowConsumers);
            slowRequests = new int[2 * slowConsumers];
            fleet.connect(server, connections, sources, 5_000);
            for (Fleet.Member member : fleet.members()) {
                member.state = new Peer();
                protocol.begin(member);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (paired < connections && System.nanoTime() < deadline) {
                fleet.poll(10);
            }
            if (paired < connections) {
                throw new IOException("only " + paired + " of " + connections + " connections were paired");
            }
            if (loginStorm > 0) {
                fleet.connect(server, loginStorm, sources, 5_000);
                String run = Long.toString(System.nanoTime() % 1_000_000, 36);
                for (int i = 0; i < loginStorm; i++) {
                    fleet.members().get(connections + i).send("{\"type\":\"register\",\"name\":\"s" + run + "x" + i
                            + "\",\"password\":\"storm password\"}");
                }
                long registered = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (loggedIn < loginStorm && System.nanoTime() < registered) {
                    fleet.poll(10);
                }
                for (int i = 0; i < loginStorm; i++) {
                    fleet.members().get(connections + i).send("{\"type\":\"logout\"}");
                }
                while (loggedOut < loginStorm && System.nanoTime() < registered) {
                    fleet.poll(10);
                }
                loggedIn = 0;
            }

            if (slowConsumers > 0) {
                rehearseCutOff(fleet, out);
            }
            long start = System.nanoTime();
            measureFrom = start + warmupNanos;
            measureUntil = measureFrom + durationNanos;
            int slices = (int) ((durationNanos + SLICE_NANOS - 1) / SLICE_NANOS);
            sliceMaxMicros = new long[slices];
            sliceSlowCount = new int[slices];
            int[] senders = sendingOrder(connections);
            PacedLoad.Outcome outcome = PacedLoad.run(fleet, rate, start, measureFrom, measureUntil, serverProcess,
                    (index, intended) -> {
                        Fleet.Member sender = fleet.members().get(senders[(int) (index % connections)]);
                        if (sender.channel.isOpen()) {
                            sender.send(protocol.say(sender, PacedLoad.text(intended, index), index));
                        }
                    }, now -> events(fleet, now));
            long sentMeasured = outcome.sentMeasured();
            slowResidentBytes = serverProcess == null ? -1 : serverProcess.residentBytes();
            for (int i = 0; i < 2 * slowConsumers; i++) {
                fleet.members().get(i).resumeReading(); // reads what is left, then the server's close
            }
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while ((receivedMeasured < sentMeasured || protocol.acks() && acksHeard < outcome.sent())
                    && System.nanoTime() < drainUntil) {
                fleet.poll(10);
            }
            double seconds = durationNanos / 1e9;
            Result result = new Result(protocol.scenario() + (tls ? "-tls" : ""), connections, rate,
                    receivedMeasured / seconds, histogram, sentMeasured - receivedMeasured, reordered,
                    outcome.clientCpuPercent(), outcome.serverCpuPercent(),
                    fleet.open() < connections ? connections - fleet.open() : 0, outcome.serverResidentBytes(),
                    protocol.acks() ? outcome.sent() - acksHeard : -1);
            result.print(out);
            if (timeline) {
                printTimeline(out);
            }
            if (loginStorm > 0) {
                if (stormFinished != 0) {
                    out.printf(Locale.ROOT, "login storm: %d logins sent at once, all answered in %.0f ms%n",
                            loginStorm, (stormFinished - stormStarted) / 1e6);
                } else {
                    out.printf(Locale.ROOT, "login storm: %d logins sent at once, %d answered by the end of the run"
                            + " (%.0f ms later)%n", loginStorm, loggedIn, (System.nanoTime() - stormStarted) / 1e6);
                }
                out.flush();
            }
            if (slowConsumers > 0) {
                int cut = 0;
                for (int i = 0; i < slowConsumers; i++) {
                    cut += fleet.members().get(i).channel.isOpen() ? 0 : 1;
                }
                out.printf(Locale.ROOT, "slow consumers: %d stopped reading while measured, %d of them cut off by the"
                        + " server, %d connections closed in all (with the rehearsal's), server resident memory at the"
                        + " end %.0f MB%n", slowConsumers,
                        cut, connections - fleet.open(), slowResidentBytes / 1e6);
                out.flush();
            }
            return result;
        }
    }

    /**
     * The connections in the order they take turns to send: shuffled, the same every run. Servers pair neighbours
     * (chat-server's queue pairs the connections in the order they asked, an IRC pair shares a channel); sent in
     * index order, partners' messages would arrive together and a server could answer both in one write per socket,
     * which a real crowd seldom allows.
     */
    static int[] sendingOrder(int connections) {
        int[] order = new int[connections];
        for (int i = 0; i < connections; i++) {
            order[i] = i;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(connections);
        for (int i = connections - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** The slow consumers stop reading when measuring starts; the login storm comes halfway through. */
    private void events(Fleet fleet, long now) {
        if (now < measureFrom) {
            return;
        }
        if (slowConsumers > 0) {
            stall(fleet, 0, slowConsumers);
            if (now - lastSlowRequest >= SLOW_REQUEST_INTERVAL) {
                lastSlowRequest = now;
                // Not reading is not enough to hurt at 10 messages a second: even a small receive buffer would take
                // minutes to fill. So the stalled clients also keep asking for /help (2 KB answers), as a broken
                // client might, until the server has a megabyte queued for them and cuts them off.
                requestHelp(fleet, 0, slowConsumers, 1);
            }
        }
        if (loginStorm > 0 && stormStarted == 0 && now >= measureFrom + durationNanos / 2) {
            stormStarted = now;
            for (int i = 0; i < loginStorm; i++) {
                Fleet.Member member = fleet.members().get(connections + i);
                member.send("{\"type\":\"login\",\"name\":\"" + member.state + "\",\"password\":\"storm password\"}");
            }
        }
    }

    /**
     * Before any chat: as many clients as will stall later stall now and flood /help until the server cuts them off,
     * so that the server's cut-off path has run once before measuring. A server that has never cut anyone off has
     * that path compiled out of its hot loop, and the first cut-off throws the compiled loop away mid-load (a one-off
     * pause of 50-100 ms on this machine); what the scenario measures is the cost of a slow consumer to a server
     * that has seen one before, as any long-running server has.
     */
    private void rehearseCutOff(Fleet fleet, PrintWriter out) throws IOException {
        int from = slowConsumers;
        int to = 2 * slowConsumers;
        stall(fleet, from, to);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        int cut = 0;
        while (cut < to - from && System.nanoTime() < deadline) {
            requestHelp(fleet, from, to, 8);
            fleet.poll(2);
            cut = 0;
            for (int i = from; i < to; i++) {
                cut += fleet.members().get(i).channel.isOpen() ? 0 : 1;
            }
        }
        out.printf(Locale.ROOT, "slow consumers, rehearsal: %d of %d stalled clients cut off in %.1f s, before"
                + " measuring%n", cut, to - from, (System.nanoTime() - start) / 1e9);
        out.flush();
    }

    /** Sends {@code each} /help requests from every open member in {@code [from, to)}. */
    private void requestHelp(Fleet fleet, int from, int to, int each) {
        for (int i = from; i < to; i++) {
            Fleet.Member member = fleet.members().get(i);
            for (int n = 0; n < each && member.channel.isOpen() && member.key.isValid()
                    && slowRequests[i] < SLOW_REQUESTS; n++) {
                slowRequests[i]++;
                member.send("{\"type\":\"help\"}");
            }
        }
    }

    private static void stall(Fleet fleet, int from, int to) {
        for (int i = from; i < to; i++) {
            Fleet.Member member = fleet.members().get(i);
            if (member.reading) {
                member.stopReading();
            }
        }
    }

    private void onLine(Fleet.Member member, String line) {
        PairsProtocol.Heard heard = protocol.hear(member, line);
        if (heard == PairsProtocol.Heard.ACK) {
            acksHeard++;
        } else if (heard == PairsProtocol.Heard.MESSAGE) {
            int text = protocol.textOffset(line);
            long intended = PacedLoad.intendedAt(line, text);
            if (intended < 0) {
                return;
            }
            long sequence = PacedLoad.indexAt(line, text);
            if (!(member.state instanceof Peer peer)) {
                return;
            }
            if (sequence < peer.lastSequence) {
                reordered++;
            }
            peer.lastSequence = Math.max(peer.lastSequence, sequence);
            if (intended >= measureFrom && intended < measureUntil && member.index() >= 2 * slowConsumers) {
                receivedMeasured++; // what the stalled clients get late is theirs to suffer, not the others' tail
                long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended);
                histogram.record(micros);
                int slice = (int) ((intended - measureFrom) / SLICE_NANOS);
                sliceMaxMicros[slice] = Math.max(sliceMaxMicros[slice], micros);
                if (micros > SLOW_MICROS) {
                    sliceSlowCount[slice]++;
                }
            }
        } else if (line.startsWith("{\"type\":\"logged_in\"")) {
            int name = line.indexOf("\"name\":\"") + 8;
            member.state = line.substring(name, line.indexOf('"', name));
            loggedIn++;
            if (stormStarted != 0 && loggedIn == loginStorm) {
                stormFinished = System.nanoTime();
            }
        } else if (line.startsWith("{\"type\":\"logged_out\"")) {
            loggedOut++;
        } else if (heard == PairsProtocol.Heard.PAIRED) {
            if (!(member.state instanceof Peer peer)) {
                return;
            }
            if (!peer.paired) {
                peer.paired = true;
                paired++;
            }
        }
    }

    private void printTimeline(PrintWriter out) {
        java.time.Instant windowStart = java.time.Instant.now().minusNanos(System.nanoTime() - measureFrom);
        out.printf(Locale.ROOT, "timeline from %s (due time in the window: slowest delivery ms / deliveries over %d"
                + " ms):%n", windowStart, SLOW_MICROS / 1000);
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < sliceMaxMicros.length; i++) {
            row.append(String.format(Locale.ROOT, "%6.2fs %6.1f/%-5d", i * SLICE_NANOS / 1e9,
                    sliceMaxMicros[i] / 1000.0, sliceSlowCount[i]));
            if (i % 4 == 3 || i == sliceMaxMicros.length - 1) {
                out.println(row);
                row.setLength(0);
            }
        }
        out.flush();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * What a run measured. CPU is in percent of one core; the server's resident memory is the most seen during the
     * measured window (-1 when unknown); unacked counts messages the server never acknowledged (-1 without acks).
     */
    record Result(String scenario, int connections, double rate, double deliveredPerSecond, Histogram latency,
            long lost, long reordered, double clientCpuPercent, double serverCpuPercent, int disconnected,
            long serverResidentBytes, long unacked) {

        /** The server's CPU time per delivered message, in microseconds (-1 when unknown). */
        double serverMicrosPerMessage() {
            return serverCpuPercent < 0 || deliveredPerSecond <= 0 ? -1 : serverCpuPercent * 1e4 / deliveredPerSecond;
        }

        void print(PrintWriter out) {
            out.printf(Locale.ROOT, "%-9s %7s %9s %11s %8s %8s %8s %8s %8s %6s %6s %7s %7s %8s %7s%n", "scenario",
                    "conns", "rate/s", "delivered/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "lost",
                    "reord", "cli cpu", "srv cpu", "srv µs/m", "srv MB");
            out.printf(Locale.ROOT, "%-9s %7d %9.0f %11.0f %8.2f %8.2f %8.2f %8.2f %8.2f %6d %6d %6.0f%% %6.0f%% %8.1f"
                    + " %7.0f%n", scenario, connections, rate, deliveredPerSecond, ms(50), ms(90), ms(99), ms(99.9),
                    latency.max() / 1000.0, lost, reordered, clientCpuPercent, serverCpuPercent,
                    serverMicrosPerMessage(), serverResidentBytes / 1e6);
            if (unacked > 0) {
                out.printf(Locale.ROOT, "%d messages were never acknowledged%n", unacked);
            }
            out.printf(Locale.ROOT, "RESULT {\"scenario\":\"%s\",\"connections\":%d,\"rate\":%.0f,"
                    + "\"delivered_per_s\":%.0f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
                    + "\"max_ms\":%.3f,\"lost\":%d,\"reordered\":%d,\"client_cpu_pct\":%.0f,\"server_cpu_pct\":%.0f,"
                    + "\"disconnected\":%d,\"server_us_per_msg\":%.1f,\"server_rss_bytes\":%d,\"unacked\":%d}%n",
                    scenario, connections, rate, deliveredPerSecond, ms(50), ms(90), ms(99), ms(99.9),
                    latency.max() / 1000.0, lost, reordered, clientCpuPercent, serverCpuPercent, disconnected,
                    serverMicrosPerMessage(), serverResidentBytes, unacked);
            out.flush();
        }

        double ms(double percent) {
            return latency.percentile(percent) / 1000.0;
        }
    }
}
