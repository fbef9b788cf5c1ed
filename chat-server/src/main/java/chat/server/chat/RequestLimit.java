package chat.server.chat;

import chat.core.wire.ErrorCode;
import chat.server.limits.Rate;
import chat.server.limits.RateLimiter;
import chat.server.limits.SharedCounts;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One rate limit on a kind of request, counted in up to four scopes: per connection, per address (see
 * {@link chat.server.limits.AddressKey}), per account (logged-in requesters only) and for the whole server. In a
 * cluster the address and account scopes also count what the other nodes admitted ({@link SharedCounts}: a user
 * spread over nodes has one allowance); a connection lives on one node, and the server scope guards this node. A
 * request goes through only when every scope has a token, and then takes one from each; a refused request takes
 * nothing. Refusals say what was limited and when to try again ({@code rate_limited} with {@code retryAfter}).
 * Loop thread only.
 */
public final class RequestLimit {

    /** What a limit counts by. */
    public enum Scope {
        CONNECTION, ADDRESS, ACCOUNT, SERVER;

        /** The name in settings: {@code connection}, {@code address}, {@code account}, {@code server}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String what;
    /**
     * Where a chatter keeps this limit's per-connection bucket ({@link Chatter#limitBucket}) for the limits asked for
     * with every message (no boxed key and no map look-up per message), or -1: the limiter keeps it by connection id.
     */
    private final int slot;
    private final LongSupplier nanoClock;
    /** Buckets per connection live with the connection: no map, no boxed key per request. */
    private final RateLimiter<Long> perConnection;
    private final RateLimiter<String> perAddress;
    private final RateLimiter<Long> perAccount;
    private final RateLimiter<Boolean> perServer;
    private SharedCounts shared = SharedCounts.ALONE;
    private String sharedPrefix = "";

    /**
     * @param what the requests counted, for people: "reports", "new rooms"
     * @param slot where chatters keep this limit's own bucket, or -1 for the limiter's map
     * @param rates the rate for each scope, in {@link Scope} order; null for a scope without limit
     */
    RequestLimit(String what, int slot, Rate[] rates, LongSupplier nanoClock) {
        this.what = what;
        this.slot = slot;
        this.nanoClock = nanoClock;
        this.perConnection = limiter(rates[0], nanoClock);
        this.perAddress = limiter(rates[1], nanoClock);
        this.perAccount = limiter(rates[2], nanoClock);
        this.perServer = limiter(rates[3], nanoClock);
    }

    /**
     * Counts the address and account scopes with the other nodes' under keys that start with {@code prefix}: what
     * this node admits is added, what they admitted is charged to the same buckets here.
     */
    void share(SharedCounts counts, String prefix) {
        if (perAddress == null && perAccount == null) {
            return;
        }
        this.shared = counts;
        this.sharedPrefix = prefix;
        counts.listen(prefix, (key, delta) -> {
            if (key.startsWith("a:") && perAddress != null) {
                chargeOrRefund(perAddress, key.substring(2), delta);
            } else if (key.startsWith("u:") && perAccount != null) {
                chargeOrRefund(perAccount, Long.valueOf(key.substring(2)), delta);
            }
        });
    }

    private static <K> void chargeOrRefund(RateLimiter<K> limiter, K key, long delta) {
        if (delta > 0) {
            limiter.charge(key, delta);
        } else {
            limiter.refund(key, -delta);
        }
    }

    /** Tells the other nodes of a cluster that this node admitted ({@code delta} 1) or gave back (-1) a request. */
    private void share(Chatter chatter, long delta) {
        if (shared == SharedCounts.ALONE) {
            return;
        }
        if (perAddress != null) {
            shared.add(sharedPrefix + "a:" + chatter.address(), delta, keepMillis(perAddress));
        }
        if (perAccount != null && chatter.isLoggedIn()) {
            shared.add(sharedPrefix + "u:" + chatter.account().id(), delta, keepMillis(perAccount));
        }
    }

    /** A shared count matters while a bucket it drained has not filled up again: one period of the rate. */
    private static long keepMillis(RateLimiter<?> limiter) {
        return Math.max(1_000, limiter.rate().periodMillis());
    }

    private static <K> RateLimiter<K> limiter(Rate rate, LongSupplier nanoClock) {
        return rate == null ? null : new RateLimiter<>(rate, nanoClock);
    }

    /**
     * Takes a token in every scope for {@code chatter}.
     *
     * @throws ChatException {@link ErrorCode#RATE_LIMITED} with the wait when a scope has none left
     */
    public void admit(Chatter chatter) {
        long now = now();
        long wait = waitNanos(chatter, now);
        if (wait > 0) {
            throw refusal(wait);
        }
        take(chatter, now);
    }

    /** {@link #admit}, answering false instead of throwing. */
    public boolean tryAdmit(Chatter chatter) {
        long now = now();
        if (waitNanos(chatter, now) > 0) {
            return false;
        }
        take(chatter, now);
        return true;
    }

    /** The clock limits count by; read it once for several limits of one request. */
    public long now() {
        return nanoClock.getAsLong();
    }

    /** Gives back the tokens of a request that was admitted but did not happen after all. */
    public void refund(Chatter chatter) {
        if (perConnection != null) {
            if (slot < 0) {
                perConnection.refund(chatter.id());
            } else {
                perConnection.refund(connectionBucket(chatter));
            }
        }
        if (perAddress != null) {
            perAddress.refund(chatter.address());
        }
        if (perAccount != null && chatter.isLoggedIn()) {
            perAccount.refund(chatter.account().id());
        }
        if (perServer != null) {
            perServer.refund(Boolean.TRUE);
        }
        share(chatter, -1);
    }

    /** Forgets the connection's bucket once it has closed. */
    void forget(Chatter chatter) {
        if (perConnection != null && slot < 0) {
            perConnection.forget(chatter.id());
        }
    }

    /** Nanoseconds until every scope has a token for {@code chatter}; 0 when it may go now. */
    public long waitNanos(Chatter chatter) {
        return waitNanos(chatter, now());
    }

    /** {@link #waitNanos(Chatter)} at {@code now} ({@link #now}). */
    public long waitNanos(Chatter chatter, long now) {
        long wait = 0;
        if (perConnection != null) {
            wait = slot < 0 ? perConnection.waitNanosAt(chatter.id(), now)
                    : perConnection.waitNanos(connectionBucket(chatter), now);
        }
        if (perAddress != null) {
            wait = Math.max(wait, perAddress.waitNanosAt(chatter.address(), now));
        }
        if (perAccount != null && chatter.isLoggedIn()) {
            wait = Math.max(wait, perAccount.waitNanosAt(chatter.account().id(), now));
        }
        if (perServer != null) {
            wait = Math.max(wait, perServer.waitNanosAt(Boolean.TRUE, now));
        }
        return wait;
    }

    /** The refusal for a request that must wait {@code waitNanos}. */
    public ChatException refusal(long waitNanos) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999));
        return new ChatException(ErrorCode.RATE_LIMITED, "too many " + what + "; try again in " + chat.core.model.HumanUnits.duration(seconds),
                seconds);
    }

    /** Takes a token in every scope for {@code chatter} at {@code now}, after {@link #waitNanos} said 0. */
    public void take(Chatter chatter, long now) {
        if (perConnection != null) {
            if (slot < 0) {
                perConnection.takeAt(chatter.id(), now);
            } else {
                perConnection.take(connectionBucket(chatter), now);
            }
        }
        if (perAddress != null) {
            perAddress.takeAt(chatter.address(), now);
        }
        if (perAccount != null && chatter.isLoggedIn()) {
            perAccount.takeAt(chatter.account().id(), now);
        }
        if (perServer != null) {
            perServer.takeAt(Boolean.TRUE, now);
        }
        share(chatter, 1);
    }

    private RateLimiter.Bucket connectionBucket(Chatter chatter) {
        RateLimiter.Bucket bucket = chatter.limitBucket(slot);
        if (bucket == null) {
            bucket = perConnection.newBucket();
            chatter.limitBucket(slot, bucket);
        }
        return bucket;
    }
}
