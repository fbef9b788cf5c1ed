package chat.server.auth;

import chat.core.wire.ErrorCode;
import chat.server.chat.ChatException;
import chat.server.limits.SharedCounts;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slows down password guessing (and recovery-code and token guessing). An attempt counts as a failure the moment it
 * starts, before its password is checked, and gets its count back only if it succeeds: so guesses sent in parallel
 * over many connections are counted as they arrive, not after their answers. Attempts in flight are capped too, per
 * subject (an account name) and per address.
 *
 * <p>Counts are kept per key, and a key whose failures pass its free allowance must wait before its next attempt, a
 * wait that doubles with every further failure up to a maximum. The keys of an attempt on a subject from an
 * address:
 * <ul>
 *   <li>the pair (subject, address): strict, the lock-out proper;</li>
 *   <li>the address: strict, so one address cannot try many names;</li>
 *   <li>the subject from any address: soft (a larger allowance, a short longest wait), a global slow-down against
 *       guessing from many addresses. It does not apply to an address the subject recently logged in from, so an
 *       attacker elsewhere cannot lock the owner out of their usual address.</li>
 * </ul>
 * Attempts refused while a key must wait cost nothing: no password is checked. A key with no failure for a while is
 * forgotten. In a cluster the failures (not the attempts in flight, which are this node's work) count on every node
 * ({@link #share}): a guesser who spreads over the nodes meets one count. Loop thread only.
 */
public final class LoginThrottle {

    /** Attempts on one subject in flight at once (from addresses it has not logged in from lately). */
    static final int MAX_IN_FLIGHT_PER_SUBJECT = 4;
    /** The soft, global per-subject rule allows this many times the strict free failures... */
    static final int SOFT_FREE_FACTOR = 4;
    /** ...and makes an attempt wait at most this long. */
    static final long SOFT_MAX_DELAY_MILLIS = 60_000;
    /** How many (subject, address) successes are remembered as usual addresses. */
    static final int USUAL_ADDRESSES = 100_000;
    /** How long an address stays usual for a subject after a success. */
    static final long USUAL_FOR_MILLIS = TimeUnit.DAYS.toMillis(30);

    private static final class Entry {
        int failures;
        long blockedUntilNanos;
        long lastFailureNanos;
        int inFlight;
    }

    /** One rule: free failures before waits begin, the first wait, and the longest. */
    private record Rule(int freeFailures, long baseDelayNanos, long maxDelayNanos) {
    }

    private final Rule strict;
    private final Rule soft;
    private final long forgetAfterNanos;
    private final int maxInFlightPerAddress;
    private final Map<String, Entry> entries = new HashMap<>();
    private SharedCounts shared = SharedCounts.ALONE;
    /** (subject, address) pairs that succeeded lately, least recent first; the value is when (nanoTime). */
    private final LinkedHashMap<String, Long> usual = new LinkedHashMap<>(16, 0.75f, true);

    /** @param maxInFlightPerAddress attempts from one address in flight at once */
    public LoginThrottle(int freeFailures, long baseDelayMillis, long maxDelayMillis, long forgetAfterMillis,
            int maxInFlightPerAddress) {
        this.maxInFlightPerAddress = maxInFlightPerAddress;
        this.strict = new Rule(freeFailures, TimeUnit.MILLISECONDS.toNanos(baseDelayMillis),
                TimeUnit.MILLISECONDS.toNanos(maxDelayMillis));
        this.soft = new Rule(freeFailures * SOFT_FREE_FACTOR, TimeUnit.MILLISECONDS.toNanos(baseDelayMillis),
                TimeUnit.MILLISECONDS.toNanos(Math.min(maxDelayMillis, SOFT_MAX_DELAY_MILLIS)));
        this.forgetAfterNanos = TimeUnit.MILLISECONDS.toNanos(forgetAfterMillis);
    }

    /** Counts failures with the other nodes of a cluster: this node's are added, theirs count here too. */
    public void share(SharedCounts counts) {
        this.shared = counts;
        counts.listen(SHARED_PREFIX, this::othersFailed);
    }

    private static final String SHARED_PREFIX = "login:";

    /** What the other nodes counted against {@code key}: failures (or, negative, failures given back). */
    private void othersFailed(String key, long delta) {
        long now = System.nanoTime();
        Rule rule = key.startsWith("subject:") ? soft : strict;
        if (delta > 0) {
            Entry entry = entries.computeIfAbsent(key, k -> new Entry());
            if (now - entry.lastFailureNanos > forgetAfterNanos && entry.blockedUntilNanos - now <= 0) {
                entry.failures = 0;
            }
            entry.failures += (int) Math.min(delta, 1_000);
            entry.lastFailureNanos = now;
            block(entry, rule, now);
        } else {
            Entry entry = entries.get(key);
            if (entry != null) {
                entry.failures = (int) Math.max(0, entry.failures + delta);
                if (entry.failures < rule.freeFailures()) {
                    entry.blockedUntilNanos = 0;
                }
            }
        }
    }

    /** An attempt under way: tell the throttle how it ended, exactly once. */
    public final class Attempt {
        private final String pairKey;
        private final String addressKey;
        private final String subjectKey;
        private boolean ended;

        private Attempt(String pairKey, String addressKey, String subjectKey) {
            this.pairKey = pairKey;
            this.addressKey = addressKey;
            this.subjectKey = subjectKey;
        }

        /** The secret was right: the pair is cleared, the others get this attempt back, the address becomes usual. */
        public void succeeded() {
            if (end()) {
                if (pairKey != null) {
                    entries.remove(pairKey);
                    remember(pairKey);
                }
                refund(addressKey);
                refund(subjectKey);
            }
        }

        /**
         * Whether the subject proved its secret from this address lately (logged in or registered here): such an
         * attempt is most likely the owner's.
         */
        public boolean fromUsualAddress() {
            return pairKey != null && isUsual(pairKey, System.nanoTime());
        }

        /** The secret was wrong (or named nothing): the failure was counted when the attempt began. */
        public void failed() {
            end();
        }

        /** The attempt could not be decided (the server failed): it does not count. */
        public void abandoned() {
            if (end()) {
                refund(pairKey);
                refund(addressKey);
                refund(subjectKey);
            }
        }

        private boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            release(pairKey);
            release(addressKey);
            release(subjectKey);
            return true;
        }
    }

    /**
     * Begins an attempt on {@code subject} (an account name, {@code reset:name}, {@code account:id}; null for a
     * token, which names no subject) from {@code address}, and counts it.
     *
     * @throws ChatException {@link ErrorCode#TOO_MANY_ATTEMPTS} with {@code retryAfter} when a key must wait or too
     *     many attempts are under way
     */
    public Attempt begin(String subject, String address) {
        long now = System.nanoTime();
        String addressKey = "address:" + address;
        String pairKey = subject == null ? null : "pair:" + subject + "|" + address;
        String subjectKey = subject == null || isUsual(pairKey, now) ? null : "subject:" + subject;
        long wait = Math.max(waitNanos(addressKey, now), Math.max(waitNanos(pairKey, now), waitNanos(subjectKey,
                now)));
        if (wait > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999));
            throw new ChatException(ErrorCode.TOO_MANY_ATTEMPTS,
                    "too many failed attempts; try again in " + chat.core.model.HumanUnits.duration(seconds), seconds);
        }
        if (inFlight(addressKey) >= maxInFlightPerAddress
                || subjectKey != null && inFlight(subjectKey) >= MAX_IN_FLIGHT_PER_SUBJECT) {
            throw new ChatException(ErrorCode.TOO_MANY_ATTEMPTS,
                    "too many attempts under way; wait for their answers", 1L);
        }
        count(addressKey, strict, now);
        count(pairKey, strict, now);
        count(subjectKey, soft, now);
        if (entries.size() > 10_000) {
            forgetOld(now);
        }
        return new Attempt(pairKey, addressKey, subjectKey);
    }

    private long waitNanos(String key, long now) {
        Entry entry = key == null ? null : entries.get(key);
        return entry == null ? 0 : Math.max(0, entry.blockedUntilNanos - now);
    }

    private int inFlight(String key) {
        Entry entry = entries.get(key);
        return entry == null ? 0 : entry.inFlight;
    }

    /** Counts a failure against {@code key} as the attempt starts, and the attempt in flight. */
    private void count(String key, Rule rule, long now) {
        if (key == null) {
            return;
        }
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        if (now - entry.lastFailureNanos > forgetAfterNanos && entry.blockedUntilNanos - now <= 0) {
            entry.failures = 0; // the old failures are forgiven
        }
        entry.failures++;
        entry.inFlight++;
        entry.lastFailureNanos = now;
        block(entry, rule, now);
        shared.add(SHARED_PREFIX + key, 1, TimeUnit.NANOSECONDS.toMillis(forgetAfterNanos));
    }

    /** Makes {@code entry} wait when its failures pass the rule's free allowance, doubling with each further one. */
    private static void block(Entry entry, Rule rule, long now) {
        int excess = entry.failures - rule.freeFailures();
        if (excess >= 0) {
            long delay = rule.baseDelayNanos() << Math.min(excess, 30);
            entry.blockedUntilNanos = now + Math.min(delay <= 0 ? rule.maxDelayNanos() : delay, rule.maxDelayNanos());
        }
    }

    /** Gives back a failure counted for an attempt that did not fail. */
    private void refund(String key) {
        Entry entry = key == null ? null : entries.get(key);
        if (entry != null && entry.failures > 0) {
            entry.failures--;
            shared.add(SHARED_PREFIX + key, -1, TimeUnit.NANOSECONDS.toMillis(forgetAfterNanos));
            if (entry.failures < (key.startsWith("subject:") ? soft : strict).freeFailures()) {
                entry.blockedUntilNanos = 0;
            }
        }
    }

    private void release(String key) {
        Entry entry = key == null ? null : entries.get(key);
        if (entry != null && entry.inFlight > 0) {
            entry.inFlight--;
        }
    }

    /** Remembers that {@code subject} proved its secret from {@code address} another way (it registered there). */
    public void usualAddress(String subject, String address) {
        remember("pair:" + subject + "|" + address);
    }

    private boolean isUsual(String pairKey, long now) {
        Long since = usual.get(pairKey);
        return since != null && now - since < TimeUnit.MILLISECONDS.toNanos(USUAL_FOR_MILLIS);
    }

    private void remember(String pairKey) {
        usual.put(pairKey, System.nanoTime());
        if (usual.size() > USUAL_ADDRESSES) {
            Iterator<String> oldest = usual.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void forgetOld(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            if (entry.inFlight == 0 && now - entry.lastFailureNanos > forgetAfterNanos
                    && entry.blockedUntilNanos - now <= 0) {
                it.remove();
            }
        }
    }
}
