package chat.server.limits;

/**
 * Counts that every node of a cluster adds to, so that a limit counts what a user does on every node: login failures,
 * registrations, requests per address and per account. Each limit still decides at once, on the loop, from what it
 * holds in memory; this node's counts are added to the shared ones, and what the other nodes counted meanwhile comes
 * back to the limit as if it had happened here ({@link Listener}), a moment later. A server alone shares nothing
 * ({@link #ALONE}): its limits are their in-memory selves.
 *
 * <p>Keys start with their limit's prefix ({@code login:}, {@code registration:}, {@code limit:messages:}); a limit
 * listens to its prefix.
 */
public interface SharedCounts {

    /** What the other nodes counted under a key since this node last heard. Loop thread. */
    @FunctionalInterface
    interface Listener {
        /**
         * The other nodes added {@code delta} to {@code key} (the part after the prefix) since this node last heard:
         * the first time it hears of a key, everything they counted while it lived; negative when counts were given
         * back, or forgotten (the key expired, or Redis restarted empty).
         */
        void othersCounted(String key, long delta);
    }

    /** A server alone: nothing is shared, nothing comes back. */
    SharedCounts ALONE = new SharedCounts() {
        @Override
        public void add(String key, long delta, long keepMillis) {
        }

        @Override
        public void listen(String prefix, Listener listener) {
        }
    };

    /**
     * Adds {@code delta} (negative to give back) to this node's count under {@code key}, which is forgotten everywhere
     * once nobody has added to it for {@code keepMillis}. Loop thread; never waits.
     */
    void add(String key, long delta, long keepMillis);

    /** Hands {@code listener} what the other nodes count under keys that start with {@code prefix}. */
    void listen(String prefix, Listener listener);
}
