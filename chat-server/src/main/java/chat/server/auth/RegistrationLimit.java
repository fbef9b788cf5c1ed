package chat.server.auth;

import chat.core.wire.ErrorCode;
import chat.server.chat.ChatException;
import chat.server.limits.SharedCounts;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * At most so many new accounts an hour from one address: a token bucket holding an hour's worth, refilled
 * continuously, so a person can register a few at once but a script cannot mint thousands. In a cluster the
 * registrations on the other nodes are taken from the same bucket ({@link #share}). Loop thread only.
 */
public final class RegistrationLimit {

    private final double perHour;
    private final Map<String, double[]> buckets = new HashMap<>();
    private SharedCounts shared = SharedCounts.ALONE;
    private static final String SHARED_PREFIX = "registration:";
    private static final long KEEP_MILLIS = TimeUnit.HOURS.toMillis(1);

    public RegistrationLimit(double perHour) {
        this.perHour = perHour;
    }

    /** Counts registrations with the other nodes of a cluster: theirs are taken from the buckets here too. */
    public void share(SharedCounts counts) {
        this.shared = counts;
        counts.listen(SHARED_PREFIX, (address, delta) -> {
            double[] bucket = refilled(address, System.nanoTime());
            bucket[0] = Math.max(Math.min(bucket[0], 0), Math.min(perHour, bucket[0] - delta)); // never below empty
        });
    }

    private double[] refilled(String address, long now) {
        double[] bucket = buckets.computeIfAbsent(address, a -> new double[] {perHour, now});
        double perNano = perHour / TimeUnit.HOURS.toNanos(1);
        bucket[0] = Math.min(perHour, bucket[0] + (now - (long) bucket[1]) * perNano);
        bucket[1] = now;
        return bucket;
    }

    /**
     * Takes a registration from {@code address}'s allowance.
     *
     * @throws ChatException {@link ErrorCode#TOO_MANY_ATTEMPTS} with the wait when it is used up
     */
    public void take(String address) {
        long now = System.nanoTime();
        double[] bucket = refilled(address, now);
        double perNano = perHour / TimeUnit.HOURS.toNanos(1);
        if (bucket[0] < 1) {
            long seconds = Math.max(1, (long) Math.ceil((1 - bucket[0]) / perNano / 1e9));
            throw new ChatException(ErrorCode.TOO_MANY_ATTEMPTS, "too many new accounts from your address;"
                    + " try again in " + chat.core.model.HumanUnits.duration(seconds), seconds);
        }
        bucket[0] -= 1;
        shared.add(SHARED_PREFIX + address, 1, KEEP_MILLIS);
        if (buckets.size() > 100_000) {
            buckets.values().removeIf(b -> b[0] + (now - (long) b[1]) * perNano >= perHour); // full again: forget
        }
    }
}
