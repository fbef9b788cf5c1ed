package chat.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Idle soak: ramps up to N connections that only say hello, holds them, and reports what the server pays per
 * connection (resident memory and heap after a full collection) and its CPU while they sit idle.
 */
final class IdleScenario {

    /** Whether the connections speak TLS. */
    private boolean tls;

    /** Makes every connection speak TLS (the server needs --tls-keystore). */
    IdleScenario tls(boolean value) {
        this.tls = value;
        return this;
    }

    private final InetSocketAddress server;
    private final int connections;
    private final int sources;
    private final int connectRate;
    private final long holdSeconds;
    private final ServerProcess serverProcess;
    private int greeted;

    IdleScenario(InetSocketAddress server, int connections, int sources, int connectRate, long holdSeconds,
            ServerProcess serverProcess) {
        this.server = server;
        this.connections = connections;
        this.sources = sources;
        this.connectRate = connectRate;
        this.holdSeconds = holdSeconds;
        this.serverProcess = serverProcess;
    }

    void run(PrintWriter out) throws IOException {
        long rssBefore = serverProcess == null ? -1 : serverProcess.residentBytes();
        long heapBefore = serverProcess == null ? -1 : serverProcess.heapAfterGc();
        try (Fleet fleet = new Fleet(tls)) {
            fleet.listen((member, line) -> {
                if (line.startsWith("* Welcome")) {
                    greeted++;
                    member.send("{\"type\":\"ping\"}"); // a first line, as any client sends: no slowloris
                }
            });
            long start = System.nanoTime();
            long rampCpuBefore = serverProcess == null ? -1 : serverProcess.cpuNanos();
            long clientCpuBefore = PairsScenario.processCpuNanos();
            fleet.connect(server, connections, sources, connectRate);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (greeted < connections && System.nanoTime() < deadline) {
                fleet.poll(10);
            }
            double rampSeconds = (System.nanoTime() - start) / 1e9;
            long cpuBefore = serverProcess == null ? -1 : serverProcess.cpuNanos();
            double serverMsPerConnect = rampCpuBefore < 0 ? -1 : (cpuBefore - rampCpuBefore) / 1e6 / connections;
            double clientMsPerConnect = (PairsScenario.processCpuNanos() - clientCpuBefore) / 1e6 / connections;
            long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (System.nanoTime() < holdUntil) {
                fleet.poll(100);
            }
            long cpuAfter = serverProcess == null ? -1 : serverProcess.cpuNanos();
            long rssAfter = serverProcess == null ? -1 : serverProcess.residentBytes();
            long heapAfter = serverProcess == null ? -1 : serverProcess.heapAfterGc();
            int open = fleet.open();
            double rssPer = rssBefore < 0 ? -1 : (rssAfter - rssBefore) / (double) connections;
            double heapPer = heapBefore < 0 || heapAfter < 0 ? -1 : (heapAfter - heapBefore) / (double) connections;
            double idleCpu = cpuBefore < 0 ? -1 : (cpuAfter - cpuBefore) / (holdSeconds * 1e7);
            out.printf(Locale.ROOT, "%-8s %7s %7s %8s %12s %12s %10s %14s %14s%n", "scenario", "conns", "open",
                    "ramp s", "rss B/conn", "heap B/conn", "idle cpu", "srv cpu ms/conn", "cli cpu ms/conn");
            out.printf(Locale.ROOT, "%-8s %7d %7d %8.1f %12.0f %12.0f %9.1f%% %14.2f %14.2f%n",
                    tls ? "idle-tls" : "idle", connections, open, rampSeconds, rssPer, heapPer, idleCpu,
                    serverMsPerConnect, clientMsPerConnect);
            out.printf(Locale.ROOT, "RESULT {\"scenario\":\"%s\",\"connections\":%d,\"open\":%d,\"greeted\":%d,"
                    + "\"ramp_s\":%.1f,\"rss_bytes_per_conn\":%.0f,\"heap_bytes_per_conn\":%.0f,"
                    + "\"idle_cpu_pct\":%.1f,\"server_cpu_ms_per_connect\":%.3f,\"client_cpu_ms_per_connect\":%.3f}%n",
                    tls ? "idle-tls" : "idle", connections, open, greeted, rampSeconds, rssPer, heapPer, idleCpu,
                    serverMsPerConnect, clientMsPerConnect);
            out.flush();
        }
    }
}
