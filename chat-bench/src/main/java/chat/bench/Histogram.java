package chat.bench;

/**
 * Latencies in microseconds, in log-linear buckets (each power of two split into 64 steps: under 1.6 % error), from
 * 1 µs to over an hour. Not thread-safe: one per recording thread.
 */
public final class Histogram {

    private static final int SUB_BUCKETS = 64;
    private static final int POWERS = 40;

    private final long[] counts = new long[POWERS * SUB_BUCKETS];
    private long total;
    private long max;

    /** Records one latency, in microseconds. */
    public void record(long micros) {
        long value = Math.max(1, micros);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    /** The latency at or under which {@code percent} of the recorded ones are, in microseconds. */
    public long percentile(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    private static int index(long value) {
        int power = 63 - Long.numberOfLeadingZeros(value);
        if (power < 6) {
            return (int) value; // values under 64 get a bucket each
        }
        int sub = (int) ((value >> (power - 6)) & (SUB_BUCKETS - 1));
        return Math.min((power - 5) * SUB_BUCKETS + sub, POWERS * SUB_BUCKETS - 1);
    }

    private static long upperBound(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int power = index / SUB_BUCKETS + 5;
        long sub = index % SUB_BUCKETS;
        return ((SUB_BUCKETS + sub + 1) << (power - 6)) - 1;
    }
}
