package chat.server.limits;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key (a connection, an address, an account): each holds up to the rate's count and refills
 * continuously. A key whose bucket has filled up again is the same as a key never seen, so such buckets are dropped
 * now and then: memory follows the keys that were busy lately, not every key ever seen. Loop thread only.
 *
 * @param <K> what a bucket belongs to
 */
public final class RateLimiter<K> {

    private static final int FIRST_SWEEP = 1024;

    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    private final Rate rate;
    private final double perNano;
    private final LongSupplier nanoClock;
    private final Map<K, Bucket> buckets = new HashMap<>();
    private int sweepAtSize = FIRST_SWEEP;

    public RateLimiter(Rate rate, LongSupplier nanoClock) {
        this.rate = rate;
        this.perNano = rate.perNano();
        this.nanoClock = nanoClock;
    }

    public Rate rate() {
        return rate;
    }

    /** Nanoseconds until {@code key} has a token; 0 when it has one now. Takes nothing. */
    public long waitNanos(K key) {
        return waitNanos(key, 1);
    }

    /**
     * Nanoseconds until {@code key} has {@code cost} tokens (bytes, say); 0 when it has them now; -1 when it never
     * will, the cost being more than the bucket holds.
     */
    public long waitNanos(K key, double cost) {
        if (cost > rate.count()) {
            return -1;
        }
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return 0;
        }
        double tokens = refilled(bucket, nanoClock.getAsLong());
        return tokens >= cost ? 0 : (long) Math.ceil((cost - tokens) / perNano);
    }

    /** Takes a token from {@code key}'s bucket, which may go below zero (for a reservation that must hold). */
    public void take(K key) {
        take(key, 1);
    }

    /** Takes {@code cost} tokens from {@code key}'s bucket, which may go below zero. */
    public void take(K key, double cost) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= sweepAtSize) {
                sweep(now);
            }
            bucket = new Bucket();
            bucket.tokens = rate.count();
            buckets.put(key, bucket);
        } else {
            bucket.tokens = refilled(bucket, now);
        }
        bucket.updatedNanos = now;
        bucket.tokens -= cost;
    }

    /** Gives back a token taken for something that did not happen after all. */
    public void refund(K key) {
        refund(key, 1);
    }

    /** Gives back {@code cost} tokens taken for something that did not happen after all. */
    public void refund(K key, double cost) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.tokens = Math.min(rate.count(), refilled(bucket, nanoClock.getAsLong()) + cost);
            bucket.updatedNanos = nanoClock.getAsLong();
        }
    }

    /** Forgets {@code key} (a connection that closed). */
    public void forget(K key) {
        buckets.remove(key);
    }

    /** How many keys hold a bucket now. */
    int size() {
        return buckets.size();
    }

    private double refilled(Bucket bucket, long now) {
        return Math.min(rate.count(), bucket.tokens + (now - bucket.updatedNanos) * perNano);
    }

    /** Drops the buckets that are full again; the next sweep waits until the map has doubled. */
    private void sweep(long now) {
        buckets.values().removeIf(bucket -> refilled(bucket, now) >= rate.count());
        sweepAtSize = Math.max(FIRST_SWEEP, buckets.size() * 2);
    }
}
