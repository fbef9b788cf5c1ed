package chat.server.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers who recently skipped or left whom, so the matcher does not pair them again right away. The memory is
 * symmetric and expires after the rematch cool-down. Expiries are kept in the order they fall due (the cool-down is
 * the same for everyone), so finding the ones that ended costs nothing for the ones that did not.
 */
final class RecentSkips {

    private record Pair(long low, long high) {
        static Pair of(Chatter a, Chatter b) {
            return a.id() < b.id() ? new Pair(a.id(), b.id()) : new Pair(b.id(), a.id());
        }
    }

    private record Expiry(Chatter a, Chatter b, long untilNanos) {
    }

    private final Map<Pair, Long> untilNanos = new HashMap<>();
    private final ArrayDeque<Expiry> expiries = new ArrayDeque<>();

    /** Keeps {@code a} and {@code b} apart until {@code untilNanos}, which is never earlier than the last one. */
    void remember(Chatter a, Chatter b, long untilNanos) {
        this.untilNanos.put(Pair.of(a, b), untilNanos);
        expiries.add(new Expiry(a, b, untilNanos));
    }

    /** Whether {@code a} and {@code b} must not be matched at {@code nowNanos}. */
    boolean keepsApart(Chatter a, Chatter b, long nowNanos) {
        Long until = untilNanos.get(Pair.of(a, b));
        return until != null && until - nowNanos > 0;
    }

    /** Drops every entry that has expired by {@code nowNanos}; returns the pairs that may meet again. */
    List<Chatter[]> expire(long nowNanos) {
        List<Chatter[]> freed = new ArrayList<>();
        Expiry expiry;
        while ((expiry = expiries.peek()) != null && expiry.untilNanos() - nowNanos <= 0) {
            expiries.poll();
            Pair pair = Pair.of(expiry.a(), expiry.b());
            Long until = untilNanos.get(pair);
            if (until != null && until == expiry.untilNanos()) {
                untilNanos.remove(pair);
                freed.add(new Chatter[] {expiry.a(), expiry.b()});
            }
        }
        return freed;
    }

    /** When the next entry expires (nanoTime), or {@link Long#MAX_VALUE} when there is none. */
    long nextExpiryNanos() {
        Expiry next = expiries.peek();
        return next == null ? Long.MAX_VALUE : next.untilNanos();
    }

    int size() {
        return untilNanos.size();
    }
}
