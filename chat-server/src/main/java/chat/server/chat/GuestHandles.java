package chat.server.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hands out guest handles such as {@code guest-4821}, unique among those online. The number grows a digit whenever
 * the online guests would crowd the space, so finding a free one stays quick at any scale.
 */
public final class GuestHandles {

    /** Every guest handle starts with this. */
    public static final String PREFIX = "guest-";

    private final Map<String, Chatter> inUse = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom();

    /** Picks a free handle and reserves it until {@link #release}; {@link #bind} says whose it is. */
    public String allocate() {
        int digits = 4;
        while (Math.pow(10, digits) < inUse.size() * 10.0) {
            digits++;
        }
        int low = (int) Math.pow(10, digits - 1);
        int high = (int) Math.min(Math.pow(10, digits), Integer.MAX_VALUE);
        while (true) {
            String handle = PREFIX + random.nextInt(low, high);
            if (!inUse.containsKey(handle)) {
                inUse.put(handle, null);
                return handle;
            }
        }
    }

    /** Records that {@code chatter} holds its guest handle. */
    public void bind(Chatter chatter) {
        inUse.put(chatter.strangerHandle(), chatter);
    }

    /** The chatter online with that guest handle, or null. */
    public Chatter find(String handle) {
        return inUse.get(handle);
    }

    /** Frees a handle for others. */
    public void release(String handle) {
        inUse.remove(handle);
    }
}
