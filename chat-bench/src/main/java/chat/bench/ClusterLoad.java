package chat.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One measured load on a {@link BenchCluster}: accounts registered on the node each will use, then logged in there
 * through one {@link Fleet} (resuming their tokens), then messages paced from their due times (no coordinated
 * omission) and timed where they arrive. The nodes' CPU and Redis's are read from /proc over the measured window.
 */
final class ClusterLoad {

    /** How long the logged-in connections sit quiet before the load, to measure the nodes' idle CPU. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final BenchCluster cluster;
    private final long warmupNanos;
    private final long durationNanos;
    private int loggedIn;
    private int joined;
    private long measureFrom;
    private long measureUntil;
    private long cpuBefore = -1;
    private long redisCpuBefore = -1;
    /** Deliveries measured, by whether the receiver sits on the sender's node (index 0) or another (1). */
    private final Histogram[] latency = {new Histogram(), new Histogram()};
    private final long[] delivered = new long[2];
    private long nodesCpuNanos;
    /** The nodes' CPU a second with nobody talking (heart-beats, flushes, checks), in nanoseconds. */
    private double idleCpuNanosPerSecond;
    private long redisCpuNanos;
    private boolean drained;
    /** Requests the nodes refused (a limit, say): each is a message that was never sent. */
    private long refused;

    ClusterLoad(BenchCluster cluster, long warmupSeconds, long durationSeconds) {
        this.cluster = cluster;
        this.warmupNanos = TimeUnit.SECONDS.toNanos(warmupSeconds);
        this.durationNanos = TimeUnit.SECONDS.toNanos(durationSeconds);
    }

    /**
     * Pairs of accounts, each pair's two sides on the same node or on neighbouring ones ({@code crossNodes}); pair
     * {@code i} sits on node {@code i % nodes}, so both layouts spread the same load over the same nodes.
     */
    ClusterBenchScenario.Figures directPairs(String prefix, int pairs, double rate, boolean crossNodes)
            throws IOException {
        int nodes = cluster.size();
        try (Fleet fleet = new Fleet()) {
            fleet.listen(this::onLine);
            List<Fleet.Member> senders = new ArrayList<>();
            List<String> receivers = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                int senderNode = i % nodes;
                int receiverNode = crossNodes ? (i + 1) % nodes : senderNode;
                senders.add(logIn(fleet, prefix + "a" + i, senderNode, senderNode));
                logIn(fleet, prefix + "b" + i, receiverNode, senderNode);
                receivers.add(prefix + "b" + i);
            }
            awaitLogins(fleet, 2 * pairs);
            long sent = load(fleet, rate, (index, intended) -> senders.get((int) (index % pairs)).send(
                    "{\"type\":\"say\",\"id\":\"m" + index + "\",\"conv\":\"@" + receivers.get((int) (index % pairs))
                            + "\",\"text\":\"" + PacedLoad.text(intended, index) + "\"}"));
            return figures(crossNodes ? "direct, sides on two nodes" : "direct, both sides on one node", sent,
                    crossNodes ? 1 : 0);
        }
    }

    /**
     * A room of {@code members} accounts, member {@code i} on node {@code i % nodes}, one speaker on the first node:
     * the deliveries to members on the speaker's node and to those on the others, as two rows.
     */
    List<ClusterBenchScenario.Figures> room(String prefix, int members, double rate) throws IOException {
        int nodes = cluster.size();
        String room = "#" + prefix + "room";
        try (Fleet fleet = new Fleet()) {
            fleet.listen(this::onLine);
            List<Fleet.Member> all = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                all.add(logIn(fleet, prefix + "m" + i, i % nodes, 0));
            }
            awaitLogins(fleet, members);
            for (Fleet.Member member : all) {
                member.send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
                awaitJoins(fleet, member.index() + 1); // one at a time: the first creates the room
            }
            Fleet.Member speaker = all.get(0);
            long sent = load(fleet, rate, (index, intended) -> speaker.send("{\"type\":\"say\",\"id\":\"m" + index
                    + "\",\"conv\":\"" + room + "\",\"text\":\"" + PacedLoad.text(intended, index) + "\"}"));
            int local = (members + nodes - 1) / nodes - 1; // members on the speaker's node, the speaker aside
            ClusterBenchScenario.Figures near = figures("room, speaker's node", sent * local, 0);
            ClusterBenchScenario.Figures far = figures("room, other nodes", sent * (members - 1 - local), 1);
            return List.of(near, far);
        }
    }

    /** Registers {@code name} on {@code node} and logs it in there on a fleet connection; its state says where. */
    private Fleet.Member logIn(Fleet fleet, String name, int node, int senderNode) throws IOException {
        String token;
        try (SetupClient setup = new SetupClient(cluster.addresses().get(node), null)) {
            token = setup.register(name, "bench password " + name);
        }
        Fleet.Member member = fleet.connect(cluster.addresses().get(node), null);
        member.state = node == senderNode ? 0 : 1;
        member.send("{\"type\":\"resume\",\"token\":\"" + token + "\"}");
        return member;
    }

    private void awaitLogins(Fleet fleet, int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (loggedIn < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + loggedIn + " of " + count + " logged in within 60 s");
            }
            fleet.poll(10);
        }
    }

    private void awaitJoins(Fleet fleet, int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (joined < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + joined + " of " + count + " joined within 30 s");
            }
            fleet.poll(10);
        }
    }

    /** Sends at {@code rate} through warm-up and the measured window, then drains; returns the messages measured. */
    private long load(Fleet fleet, double rate, PacedLoad.Sender sender) throws IOException {
        long idleFrom = System.nanoTime();
        long idleCpu = cluster.nodesCpuNanos();
        while (System.nanoTime() - idleFrom < IDLE_NANOS) {
            fleet.poll(100);
        }
        idleCpuNanosPerSecond = (cluster.nodesCpuNanos() - idleCpu) / ((System.nanoTime() - idleFrom) / 1e9);
        long start = System.nanoTime();
        measureFrom = start + warmupNanos;
        measureUntil = measureFrom + durationNanos;
        PacedLoad.Outcome outcome = PacedLoad.run(fleet, rate, start, measureFrom, measureUntil, null, sender, now -> {
            if (cpuBefore < 0 && now >= measureFrom) {
                cpuBefore = cluster.nodesCpuNanos();
                ServerProcess redis = cluster.redis() == null ? null : cluster.redis().process();
                redisCpuBefore = redis == null ? -1 : redis.cpuNanos();
            }
        });
        long cpuAfter = cluster.nodesCpuNanos();
        ServerProcess redis = cluster.redis() == null ? null : cluster.redis().process();
        long redisCpuAfter = redis == null ? -1 : redis.cpuNanos();
        nodesCpuNanos = cpuAfter - cpuBefore;
        redisCpuNanos = redisCpuBefore < 0 || redisCpuAfter < 0 ? -1 : redisCpuAfter - redisCpuBefore;
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < drainUntil && !drained) {
            long before = delivered[0] + delivered[1];
            fleet.poll(200);
            drained = delivered[0] + delivered[1] == before;
        }
        return outcome.sentMeasured();
    }

    private ClusterBenchScenario.Figures figures(String layout, long expected, int which) {
        double seconds = durationNanos / 1e9;
        long total = delivered[0] + delivered[1];
        Histogram h = latency[which];
        return new ClusterBenchScenario.Figures(layout, delivered[which] / seconds, h.percentile(50) / 1000.0,
                h.percentile(99) / 1000.0, h.max() / 1000.0, Math.max(0, expected - delivered[which]),
                nodesCpuNanos / (seconds * 1e7), redisCpuNanos < 0 ? -1 : redisCpuNanos / (seconds * 1e7),
                total == 0 ? 0 : (nodesCpuNanos - idleCpuNanosPerSecond * seconds) / 1000.0 / total, refused,
                idleCpuNanosPerSecond / 1e7);
    }

    private void onLine(Fleet.Member member, String line) {
        if (Wire.is(line, "message")) {
            long intended = PacedLoad.intendedIn(line);
            if (intended >= measureFrom && intended < measureUntil) {
                int which = (Integer) member.state;
                delivered[which]++;
                latency[which].record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended));
            }
        } else if (Wire.is(line, "error")) {
            refused++;
        } else if (Wire.is(line, "logged_in")) {
            loggedIn++;
        } else if (Wire.is(line, "room")) {
            joined++;
        }
    }
}
