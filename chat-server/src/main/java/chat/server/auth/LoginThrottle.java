package chat.server.auth;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Slows down password guessing. Failures are counted per key (an account name, an address); after
 * {@code freeFailures} of them the key must wait before its next attempt, a wait that doubles with every further
 * failure up to {@code maxDelay}. A success clears the key; a key with no failure for {@code forgetAfter} is
 * forgotten. Attempts made while a key must wait are refused without checking the password, so a flood costs the
 * server nothing. Loop thread only.
 */
public final class LoginThrottle {

    private static final class Entry {
        int failures;
        long blockedUntilNanos;
        long lastFailureNanos;
    }

    private final int freeFailures;
    private final long baseDelayNanos;
    private final long maxDelayNanos;
    private final long forgetAfterNanos;
    private final Map<String, Entry> entries = new HashMap<>();

    public LoginThrottle(int freeFailures, long baseDelayMillis, long maxDelayMillis, long forgetAfterMillis) {
        this.freeFailures = freeFailures;
        this.baseDelayNanos = TimeUnit.MILLISECONDS.toNanos(baseDelayMillis);
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
        this.forgetAfterNanos = TimeUnit.MILLISECONDS.toNanos(forgetAfterMillis);
    }

    /** Milliseconds to wait before any of {@code keys} may try again; 0 when they may try now. */
    public long waitMillis(String... keys) {
        long now = System.nanoTime();
        long wait = 0;
        for (String key : keys) {
            Entry entry = entries.get(key);
            if (entry != null && entry.blockedUntilNanos - now > 0) {
                wait = Math.max(wait, entry.blockedUntilNanos - now);
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(wait + 999_999);
    }

    /** Counts a failed attempt against every key. */
    public void failed(String... keys) {
        long now = System.nanoTime();
        for (String key : keys) {
            Entry entry = entries.computeIfAbsent(key, k -> new Entry());
            if (now - entry.lastFailureNanos > forgetAfterNanos && entry.blockedUntilNanos - now <= 0) {
                entry.failures = 0; // the old failures are forgiven
            }
            entry.failures++;
            entry.lastFailureNanos = now;
            int excess = entry.failures - freeFailures;
            if (excess >= 0) {
                long delay = baseDelayNanos << Math.min(excess, 30);
                entry.blockedUntilNanos = now + Math.min(delay <= 0 ? maxDelayNanos : delay, maxDelayNanos);
            }
        }
        if (entries.size() > 10_000) {
            forgetOld(now);
        }
    }

    /** Clears {@code key} after a success. */
    public void succeeded(String key) {
        entries.remove(key);
    }

    private void forgetOld(long now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            if (now - entry.lastFailureNanos > forgetAfterNanos && entry.blockedUntilNanos - now <= 0) {
                it.remove();
            }
        }
    }
}
