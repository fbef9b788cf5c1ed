package chat.server.chat;

import java.util.HashMap;
import java.util.Map;

/**
 * Remembers who recently skipped or left whom, so the matcher does not pair them again right away. The memory is
 * symmetric and expires after the rematch cool-down.
 */
final class RecentSkips {

    private record Pair(long low, long high) {
        static Pair of(Chatter a, Chatter b) {
            return a.id() < b.id() ? new Pair(a.id(), b.id()) : new Pair(b.id(), a.id());
        }
    }

    private final Map<Pair, Long> untilNanos = new HashMap<>();

    void remember(Chatter a, Chatter b, long untilNanos) {
        this.untilNanos.put(Pair.of(a, b), untilNanos);
    }

    /** Whether {@code a} and {@code b} must not be matched at {@code nowNanos}. */
    boolean keepsApart(Chatter a, Chatter b, long nowNanos) {
        Long until = untilNanos.get(Pair.of(a, b));
        return until != null && until - nowNanos > 0;
    }

    /** Drops every entry that has expired by {@code nowNanos}. */
    void expire(long nowNanos) {
        untilNanos.values().removeIf(until -> until - nowNanos <= 0);
    }

    int size() {
        return untilNanos.size();
    }
}
