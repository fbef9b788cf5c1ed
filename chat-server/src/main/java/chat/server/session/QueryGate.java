package chat.server.session;

import java.util.ArrayDeque;

/**
 * A server-wide cap on look-ups (history, lists, whois) in flight: each reads the store, and the store thread takes
 * work in arrival order, so a hundred connections reading history at once would put a hundred reads ahead of every
 * message being stored. With the cap, a message waits behind a few reads at most; the look-ups beyond it wait here,
 * in order, each in its own connection (whose next line waits with it). Loop thread only.
 */
final class QueryGate {

    /** Look-ups in flight at once, server-wide. */
    static final int SLOTS = 4;

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    /** Takes a slot if one is free. */
    boolean tryEnter() {
        if (inFlight < SLOTS) {
            inFlight++;
            return true;
        }
        return false;
    }

    /** Runs {@code start} once a slot is free for it, the slot taken; in the order the look-ups came. */
    void whenFree(Runnable start) {
        waiting.add(start);
    }

    /** Gives a slot back; the look-up waiting longest gets it (its start is returned, to run), or null. */
    Runnable leave() {
        Runnable next = waiting.poll();
        if (next == null) {
            inFlight--;
        }
        return next;
    }
}
