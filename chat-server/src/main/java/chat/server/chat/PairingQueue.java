package chat.server.chat;

import chat.core.wire.ClientFrame;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Strangers waiting to be matched, one first-come-first-served line per group size.
 *
 * <p>Matching is greedy and fair: a newcomer is matched with the longest-waiting people it may meet. Since nobody
 * waiting could form a group before the newcomer came, any new group must include it, so an arrival costs one pass
 * over its line. When a restriction lifts (a rematch cool-down expires), {@link #sweep} tries every waiting person
 * in order.
 */
final class PairingQueue {

    private final List<LinkedHashSet<Chatter>> lines = new ArrayList<>();
    private final BiPredicate<Chatter, Chatter> mayMeet;

    /**
     * @param mayMeet whether two people may be put in the same group (never called with the same person twice)
     */
    PairingQueue(BiPredicate<Chatter, Chatter> mayMeet) {
        this.mayMeet = mayMeet;
        for (int size = 0; size <= ClientFrame.Next.MAX_SIZE; size++) {
            lines.add(new LinkedHashSet<>());
        }
    }

    /**
     * Puts {@code chatter} in the line for groups of {@code size} and matches it if it can.
     *
     * @return the matched group, newcomer last, all of them out of the queue; or null when the newcomer waits
     */
    List<Chatter> enqueue(Chatter chatter, int size) {
        remove(chatter);
        List<Chatter> group = groupAround(chatter, size);
        if (group == null) {
            lines.get(size).add(chatter);
            chatter.queuedForSize = size;
        }
        return group;
    }

    /** Takes {@code chatter} out of the queue; false when it was not waiting. */
    boolean remove(Chatter chatter) {
        if (chatter.queuedForSize == 0) {
            return false;
        }
        lines.get(chatter.queuedForSize).remove(chatter);
        chatter.queuedForSize = 0;
        return true;
    }

    /** Forms every group that has become possible, oldest waiters first. */
    List<List<Chatter>> sweep() {
        List<List<Chatter>> groups = new ArrayList<>();
        for (int size = 2; size < lines.size(); size++) {
            for (Chatter seed : new ArrayList<>(lines.get(size))) {
                if (seed.queuedForSize != size) {
                    continue; // matched earlier in this sweep
                }
                List<Chatter> group = groupAround(seed, size);
                if (group != null) {
                    remove(seed);
                    groups.add(group);
                }
            }
        }
        return groups;
    }

    /** How many wait for groups of {@code size}. */
    int waiting(int size) {
        return lines.get(size).size();
    }

    /**
     * Finds the {@code size - 1} longest-waiting people who may meet {@code seed} and each other, takes them out of
     * the queue and returns them with {@code seed} last; null when there are not enough. Leaves {@code seed}'s own
     * place in the queue alone.
     */
    private List<Chatter> groupAround(Chatter seed, int size) {
        List<Chatter> group = new ArrayList<>(size);
        for (Chatter candidate : lines.get(size)) {
            if (candidate != seed && mayMeetAll(candidate, group) && mayMeet.test(candidate, seed)) {
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
            if (!mayMeet.test(candidate, member)) {
                return false;
            }
        }
        return true;
    }
}
