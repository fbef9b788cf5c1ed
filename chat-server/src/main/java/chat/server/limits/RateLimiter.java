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

    /**
     * One key's tokens. A bucket can also live with its owner instead of in the map (a connection's own, see
     * {@link #newBucket}): then no key is hashed or boxed for it.
     */
    public static final class Bucket {
        private double tokens;
        private long updatedNanos;
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

    /** A full bucket for an owner that keeps it itself (and drops it with itself). */
    public Bucket newBucket() {
        Bucket bucket = new Bucket();
        bucket.tokens = rate.count();
        bucket.updatedNanos = nanoClock.getAsLong();
        return bucket;
    }

    /** Nanoseconds from {@code now} until {@code bucket} has a token; 0 when it has one. Takes nothing. */
    public long waitNanos(Bucket bucket, long now) {
        double tokens = refilled(bucket, now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Takes a token from {@code bucket} at {@code now}. */
    public void take(Bucket bucket, long now) {
        bucket.tokens = refilled(bucket, now) - 1;
        bucket.updatedNanos = now;
    }

    /** Gives back a token to {@code bucket}. */
    public void refund(Bucket bucket) {
        long now = nanoClock.getAsLong();
        bucket.tokens = Math.min(rate.count(), refilled(bucket, now) + 1);
        bucket.updatedNanos = now;
    }

    /** {@link #waitNanos(Object)} at {@code now}, for a caller that read the clock once for several limits. */
    public long waitNanosAt(K key, long now) {
        Bucket bucket = buckets.get(key);
        return bucket == null ? 0 : waitNanos(bucket, now);
    }

    /** {@link #take(Object)} at {@code now}. */
    public void takeAt(K key, long now) {
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
        bucket.tokens -= 1;
    }

    /** The clock buckets are counted by. */
    public long now() {
        return nanoClock.getAsLong();
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

    /**
     * Takes {@code cost} tokens that were spent elsewhere (on another node of a cluster), down to none: what others
     * spent makes this key wait, but never longer than an empty bucket does.
     */
    public void charge(K key, double cost) {
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket();
            bucket.tokens = rate.count();
            buckets.put(key, bucket);
        } else {
            bucket.tokens = refilled(bucket, now);
        }
        bucket.updatedNanos = now;
        bucket.tokens = Math.max(Math.min(bucket.tokens, 0), bucket.tokens - cost);
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
        // A clock read before the bucket was made (one read serves every limit of a request) counts as no time
        // passed: a bucket never loses tokens to time running backwards.
        return Math.min(rate.count(), bucket.tokens + Math.max(0, now - bucket.updatedNanos) * perNano);
    }

    /** Drops the buckets that are full again; the next sweep waits until the map has doubled. */
    private void sweep(long now) {
        buckets.values().removeIf(bucket -> refilled(bucket, now) >= rate.count());
        sweepAtSize = Math.max(FIRST_SWEEP, buckets.size() * 2);
    }
}
