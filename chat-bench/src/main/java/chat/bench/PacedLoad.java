package chat.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The sending half of a scenario: message {@code i} is due at {@code start + i / rate} and goes out as soon as it is
 * due, carrying its due time, so latency is counted from when it should have been sent (no coordinated omission).
 * Between due messages the fleet's selector waits, at least a millisecond, rather than spinning a core away from
 * the server on a small machine. Also the parsing of that due time on the receiving side.
 */
final class PacedLoad {

    /** Sends message {@code index}, due at {@code intendedNanos}. */
    @FunctionalInterface
    interface Sender {
        void send(long index, long intendedNanos);
    }

    /** Called on every turn of the loop, for events at given times (a storm halfway through, say). */
    @FunctionalInterface
    interface Tick {
        void at(long nowNanos);
    }

    /**
     * What the loop measured over the measured window; the server's resident memory is the most seen in samples
     * taken once a second (-1 when unknown).
     */
    record Outcome(long sentMeasured, long sent, double clientCpuPercent, double serverCpuPercent,
            long serverResidentBytes) {
    }

    private static final long RESIDENT_SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private PacedLoad() {
    }

    /** Sends at {@code rate} from {@code start} until {@code measureUntil}; measures from {@code measureFrom}. */
    static Outcome run(Fleet fleet, double rate, long start, long measureFrom, long measureUntil,
            ServerProcess server, Sender sender, Tick tick) throws IOException {
        long interval = (long) (1e9 / rate);
        long index = 0;
        long sentMeasured = 0;
        long cpuBefore = -1;
        long serverCpuBefore = -1;
        long residentMax = -1;
        long nextResidentSample = measureFrom;
        // The first call sets up the management beans, which stalls this thread for tens of milliseconds: done here,
        // not when measuring starts, or the stall would be counted as the server's latency.
        PairsScenario.processCpuNanos();
        if (server != null) {
            server.cpuNanos();
        }
        while (true) {
            long now = System.nanoTime();
            if (cpuBefore < 0 && now >= measureFrom) {
                cpuBefore = PairsScenario.processCpuNanos();
                serverCpuBefore = server == null ? -1 : server.cpuNanos();
            }
            if (now >= measureUntil) {
                break;
            }
            if (server != null && now >= nextResidentSample) {
                residentMax = Math.max(residentMax, server.residentBytes());
                nextResidentSample = now + RESIDENT_SAMPLE_NANOS;
            }
            tick.at(now);
            long intended = start + index * interval;
            while (intended <= now) {
                sender.send(index, intended);
                if (intended >= measureFrom && intended < measureUntil) {
                    sentMeasured++;
                }
                index++;
                intended = start + index * interval;
            }
            fleet.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(intended - System.nanoTime())));
        }
        long cpuAfter = PairsScenario.processCpuNanos();
        long serverCpuAfter = server == null ? -1 : server.cpuNanos();
        if (server != null) {
            residentMax = Math.max(residentMax, server.residentBytes());
        }
        double seconds = (measureUntil - measureFrom) / 1e9;
        return new Outcome(sentMeasured, index, (cpuAfter - cpuBefore) / (seconds * 1e7),
                serverCpuBefore < 0 ? -1 : (serverCpuAfter - serverCpuBefore) / (seconds * 1e7), residentMax);
    }

    /** The text of a load message: its due time and index. */
    static String text(long intended, long index) {
        return "b" + intended + " " + index;
    }

    /** The due time in a received JSON message line, or -1 when it is not a load message. */
    static long intendedIn(String line) {
        int text = line.indexOf("\"text\":\"");
        return text < 0 ? -1 : intendedAt(line, text + 8);
    }

    /** The due time in load text starting at {@code offset} of {@code line}, or -1 when it is no load text. */
    static long intendedAt(String line, int offset) {
        if (offset < 0 || offset >= line.length() || line.charAt(offset) != 'b') {
            return -1;
        }
        int space = line.indexOf(' ', offset);
        return space < 0 ? -1 : Long.parseLong(line, offset + 1, space, 10);
    }

    /** The index in load text starting at {@code offset} (after {@link #intendedAt} found one). */
    static long indexAt(String line, int offset) {
        int from = line.indexOf(' ', offset) + 1;
        int end = from;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return Long.parseLong(line, from, end, 10);
    }
}
