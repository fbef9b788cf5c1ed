package chat.server.chat;

import chat.core.wire.ClientFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Strangers waiting to be matched, one first-come-first-served line per group size, indexed so that matching costs
 * about the same whatever the number waiting.
 *
 * <p>A waiter without interests is <em>open</em>: anyone open may meet it. A waiter with interests <em>holds
 * out</em> for someone sharing one until the interest fall-back has passed, then it is open too (and still meets
 * those sharing an interest first if they wait longer). Each line keeps the open waiters and, per interest, those
 * who named it, all in arrival order; so a newcomer looks only where a match can be: the interests it named, and
 * the open waiters if it is open itself.
 *
 * <p>Matching is greedy and fair: a newcomer is matched with the longest-waiting people it may meet, looking at no
 * more than {@link #SCAN_LIMIT} of them (in arrival order, across its sources). Nobody waiting could form a group
 * before the newcomer came, so any new group includes it. When a restriction lifts (a waiter's interest wait, a
 * rematch cool-down) only the waiters it concerns are tried again, never the whole queue. Loop thread only.
 */
final class PairingQueue {

    /** The most waiting people one attempt to match looks at. */
    static final int SCAN_LIMIT = 64;

    /** One line: everyone waiting for groups of one size. */
    private static final class Line {
        /** Waiters without interests, in arrival order. */
        final LinkedHashSet<Chatter> plain = new LinkedHashSet<>();
        /** Waiters with interests whose wait for them has passed, in arrival order. */
        final LinkedHashSet<Chatter> relaxed = new LinkedHashSet<>();
        /** Waiters by interest, in arrival order. */
        final Map<String, LinkedHashSet<Chatter>> byInterest = new HashMap<>();
        int waiting;
    }

    /** A waiter with interests, and when it started waiting, to be opened once the fall-back passes. */
    private record HoldingOut(Chatter chatter, long sinceNanos) {
    }

    private final Line[] lines = new Line[ClientFrame.Next.MAX_SIZE + 1];
    private final BiPredicate<Chatter, Chatter> keptApart;
    private final long interestFallbackNanos;
    /** Waiters holding out for an interest, oldest first; entries of those who left or asked again are skipped. */
    private final ArrayDeque<HoldingOut> holdingOut = new ArrayDeque<>();

    /**
     * @param keptApart whether two people must not meet whatever their interests (a block, a recent parting)
     * @param interestFallbackNanos how long a waiter with interests holds out for them
     */
    PairingQueue(BiPredicate<Chatter, Chatter> keptApart, long interestFallbackNanos) {
        this.keptApart = keptApart;
        this.interestFallbackNanos = interestFallbackNanos;
        for (int size = 0; size < lines.length; size++) {
            lines[size] = new Line();
        }
    }

    /**
     * Puts {@code chatter} (its interests set) in the line for groups of {@code size} and matches it if it can.
     *
     * @return the matched group, newcomer last, all of them out of the queue; or null when the newcomer waits
     */
    List<Chatter> enqueue(Chatter chatter, int size, long nowNanos) {
        remove(chatter);
        chatter.queuedSinceNanos = nowNanos;
        chatter.open = chatter.interests.isEmpty() || interestFallbackNanos <= 0;
        List<Chatter> group = groupAround(chatter, size);
        if (group == null) {
            add(chatter, size);
        }
        return group;
    }

    /** Takes {@code chatter} out of the queue; false when it was not waiting. */
    boolean remove(Chatter chatter) {
        int size = chatter.queuedForSize;
        if (size == 0) {
            return false;
        }
        Line line = lines[size];
        if (chatter.interests.isEmpty()) {
            line.plain.remove(chatter);
        } else {
            line.relaxed.remove(chatter);
            for (String interest : chatter.interests) {
                Set<Chatter> named = line.byInterest.get(interest);
                if (named != null && named.remove(chatter) && named.isEmpty()) {
                    line.byInterest.remove(interest);
                }
            }
        }
        line.waiting--;
        chatter.queuedForSize = 0;
        return true;
    }

    /**
     * Opens the waiters whose interest wait has passed by {@code nowNanos} and matches those it can now.
     *
     * @return the groups formed
     */
    List<List<Chatter>> openDue(long nowNanos) {
        List<List<Chatter>> groups = new ArrayList<>();
        HoldingOut next;
        while ((next = holdingOut.peek()) != null && nowNanos - next.sinceNanos() - interestFallbackNanos >= 0) {
            holdingOut.poll();
            Chatter chatter = next.chatter();
            if (chatter.queuedForSize == 0 || chatter.queuedSinceNanos != next.sinceNanos() || chatter.open) {
                continue; // left, asked again, or already open
            }
            chatter.open = true;
            lines[chatter.queuedForSize].relaxed.add(chatter);
            List<Chatter> group = retry(chatter);
            if (group != null) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** When the next waiter's interest wait ends (nanoTime), or {@link Long#MAX_VALUE} when nobody holds out. */
    long nextOpeningNanos() {
        HoldingOut next;
        while ((next = holdingOut.peek()) != null && (next.chatter().queuedForSize == 0
                || next.chatter().queuedSinceNanos != next.sinceNanos())) {
            holdingOut.poll(); // stale
        }
        return next == null ? Long.MAX_VALUE : next.sinceNanos() + interestFallbackNanos;
    }

    /**
     * Tries again to match {@code chatter}, still waiting, after something that kept it apart lifted.
     *
     * @return the group, {@code chatter} last, all out of the queue; null when it still waits (or was not waiting)
     */
    List<Chatter> retry(Chatter chatter) {
        int size = chatter.queuedForSize;
        if (size == 0) {
            return null;
        }
        List<Chatter> group = groupAround(chatter, size);
        if (group != null) {
            remove(chatter);
        }
        return group;
    }

    /**
     * The waiters that keep {@code seed} (waiting) from a group only through {@code coolingDown}, a restriction that
     * lifts by itself (a recent parting): empty unless, without it, enough of the waiters {@code seed} could meet are
     * there to form its group. A waiter counts when it is cooling down from {@code seed}, or, for a group of more
     * than two, from another of those waiters (two who just parted keep a third from the group they would make).
     * Looks at the same {@link #SCAN_LIMIT} waiters a match does.
     */
    List<Chatter> coolingDownFrom(Chatter seed, BiPredicate<Chatter, Chatter> coolingDown) {
        int size = seed.queuedForSize;
        if (size == 0) {
            return List.of();
        }
        List<Chatter> fits = new ArrayList<>();
        Candidates candidates = new Candidates(lines[size], seed);
        for (int looked = 0; looked < SCAN_LIMIT; looked++) {
            Chatter candidate = candidates.next();
            if (candidate == null) {
                break;
            }
            if (candidate == seed || !(candidate.open && seed.open || sharesInterest(candidate, seed))
                    || candidate.keptApartFrom(seed)) {
                continue;
            }
            fits.add(candidate);
        }
        if (fits.size() < size - 1) {
            return List.of();
        }
        List<Chatter> cooling = new ArrayList<>();
        for (Chatter candidate : fits) {
            if (coolingDown.test(candidate, seed)) {
                cooling.add(candidate);
            }
        }
        if (!cooling.isEmpty() || size == 2) {
            return cooling;
        }
        for (Chatter candidate : fits) {
            for (Chatter other : fits) {
                if (other != candidate && coolingDown.test(candidate, other)) {
                    cooling.add(candidate);
                    break;
                }
            }
        }
        return cooling;
    }

    /** How many wait for groups of {@code size}. */
    int waiting(int size) {
        return lines[size].waiting;
    }

    /** Whether two waiters may be put in one group: nothing keeps them apart, and an interest or openness fits. */
    boolean mayMeet(Chatter a, Chatter b) {
        return (a.open && b.open || sharesInterest(a, b)) && !keptApart.test(a, b);
    }

    private static boolean sharesInterest(Chatter a, Chatter b) {
        Set<String> smaller = a.interests.size() <= b.interests.size() ? a.interests : b.interests;
        Set<String> larger = smaller == a.interests ? b.interests : a.interests;
        for (String interest : smaller) {
            if (larger.contains(interest)) {
                return true;
            }
        }
        return false;
    }

    private void add(Chatter chatter, int size) {
        Line line = lines[size];
        if (chatter.interests.isEmpty()) {
            line.plain.add(chatter);
        } else {
            for (String interest : chatter.interests) {
                line.byInterest.computeIfAbsent(interest, key -> new LinkedHashSet<>()).add(chatter);
            }
            if (chatter.open) {
                line.relaxed.add(chatter);
            } else {
                holdingOut.add(new HoldingOut(chatter, chatter.queuedSinceNanos));
            }
        }
        line.waiting++;
        chatter.queuedForSize = size;
    }

    /**
     * Finds the {@code size - 1} longest-waiting people who may meet {@code seed} and each other, among the first
     * {@link #SCAN_LIMIT} it could meet; takes them out of the queue and returns them with {@code seed} last; null
     * when there are not enough. Leaves {@code seed}'s own place in the queue alone.
     */
    private List<Chatter> groupAround(Chatter seed, int size) {
        List<Chatter> group = new ArrayList<>(size);
        Candidates candidates = new Candidates(lines[size], seed);
        for (int looked = 0; looked < SCAN_LIMIT; looked++) {
            Chatter candidate = candidates.next();
            if (candidate == null) {
                break;
            }
            if (candidate != seed && mayMeet(candidate, seed) && mayMeetAll(candidate, group)) {
                group.add(candidate);
                if (group.size() == size - 1) {
                    break;
                }
            }
        }
        if (group.size() < size - 1) {
            return null;
        }
        for (Chatter member : group) {
            remove(member);
        }
        group.add(seed);
        return group;
    }

    private boolean mayMeetAll(Chatter candidate, List<Chatter> group) {
        for (Chatter member : group) {
            if (!mayMeet(candidate, member)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The waiters a seed could meet, oldest first, each once: those who named one of its interests, and the open
     * ones if the seed is open. Merges the sources' arrival orders.
     */
    private static final class Candidates {
        private final List<Iterator<Chatter>> sources = new ArrayList<>();
        private final List<Chatter> heads = new ArrayList<>();
        private final Set<Chatter> seen = new HashSet<>();

        Candidates(Line line, Chatter seed) {
            if (seed.open) {
                source(line.plain);
                source(line.relaxed);
            }
            for (String interest : seed.interests) {
                LinkedHashSet<Chatter> named = line.byInterest.get(interest);
                if (named != null) {
                    source(named);
                }
            }
        }

        private void source(Set<Chatter> waiters) {
            Iterator<Chatter> it = waiters.iterator();
            if (it.hasNext()) {
                sources.add(it);
                heads.add(it.next());
            }
        }

        /** The next oldest waiter not given yet, or null. */
        Chatter next() {
            while (!heads.isEmpty()) {
                int oldest = 0;
                for (int i = 1; i < heads.size(); i++) {
                    Chatter head = heads.get(i);
                    Chatter best = heads.get(oldest);
                    if (head.queuedSinceNanos - best.queuedSinceNanos < 0
                            || head.queuedSinceNanos == best.queuedSinceNanos && head.id() < best.id()) {
                        oldest = i;
                    }
                }
                Chatter chosen = heads.get(oldest);
                Iterator<Chatter> it = sources.get(oldest);
                if (it.hasNext()) {
                    heads.set(oldest, it.next());
                } else {
                    heads.remove(oldest);
                    sources.remove(oldest);
                }
                if (seen.add(chosen)) {
                    return chosen;
                }
            }
            return null;
        }
    }
}
