package chat.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Room fan-out: {@code members} connections join one room and one of them speaks at a fixed rate; every other member
 * must hear every message. Latency is measured per delivery from the message's due time.
 */
final class FanoutScenario {

    /** Whether the connections speak TLS. */
    private boolean tls;

    /** Makes every connection speak TLS (the server needs --tls-keystore). */
    FanoutScenario tls(boolean value) {
        this.tls = value;
        return this;
    }

    private final InetSocketAddress server;
    private final int members;
    private final int sources;
    private final double rate;
    private final long warmupNanos;
    private final long durationNanos;
    private final ServerProcess serverProcess;
    private final Histogram histogram = new Histogram();
    private int joined;
    private long measureFrom;
    private long measureUntil;
    private long deliveredMeasured;

    FanoutScenario(InetSocketAddress server, int members, int sources, double rate, long warmupSeconds,
            long durationSeconds, ServerProcess serverProcess) {
        this.server = server;
        this.members = members;
        this.sources = sources;
        this.rate = rate;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.durationNanos = TimeUnit.SECONDS.toNanos(durationSeconds);
        this.serverProcess = serverProcess;
    }

    PairsScenario.Result run(PrintWriter out) throws IOException {
        String room = "#fanout" + members;
        try (Fleet fleet = new Fleet(tls)) {
            fleet.listen(this::onLine);
            fleet.connect(server, members, sources, 5_000);
            for (Fleet.Member member : fleet.members()) {
                member.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (joined < members && System.nanoTime() < deadline) {
                fleet.poll(10);
            }
            if (joined < members) {
                throw new IOException("only " + joined + " of " + members + " joined " + room);
            }
            Fleet.Member speaker = fleet.members().get(0);
            long start = System.nanoTime();
            measureFrom = start + warmupNanos;
            measureUntil = measureFrom + durationNanos;
            PacedLoad.Outcome outcome = PacedLoad.run(fleet, rate, start, measureFrom, measureUntil, serverProcess,
                    (index, intended) -> speaker.send("{\"type\":\"say\",\"conv\":\"" + room + "\",\"text\":\""
                            + PacedLoad.text(intended, index) + "\"}"), now -> { });
            long sentMeasured = outcome.sentMeasured();
            long expected = sentMeasured * (members - 1);
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (deliveredMeasured < expected && System.nanoTime() < drainUntil) {
                fleet.poll(10);
            }
            double seconds = durationNanos / 1e9;
            PairsScenario.Result result = new PairsScenario.Result(tls ? "fanout-tls" : "fanout", members, rate,
                    deliveredMeasured / seconds, histogram, expected - deliveredMeasured, 0,
                    outcome.clientCpuPercent(), outcome.serverCpuPercent(), members - fleet.open(),
                    outcome.serverResidentBytes(), -1);
            result.print(out);
            return result;
        }
    }

    private void onLine(Fleet.Member member, String line) {
        if (line.startsWith("{\"type\":\"message\"")) {
            long intended = PacedLoad.intendedIn(line);
            if (intended >= measureFrom && intended < measureUntil) {
                deliveredMeasured++;
                histogram.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended));
            }
        } else if (line.startsWith("{\"type\":\"room\"")) {
            joined++;
        }
    }
}
