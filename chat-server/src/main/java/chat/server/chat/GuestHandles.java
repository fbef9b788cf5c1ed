package chat.server.chat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Hands out handles such as {@code guest-4821}, unique among those in use. Every connection gets one as its guest
 * name; a connection that logs in gets a second, fresh one for the random chats it starts anonymously while logged
 * in ({@link Chatter#anonymousHandle()}), shown nowhere else, and gives it back when it logs out. So a handle a
 * stranger sees never leads to an account: not by asking about it (this class finds nobody by handle; a connection
 * resolves handles only among its own partners, {@link RecentPartners}) and not by spotting it elsewhere (a room's
 * member list shows a guest's handle, but a logged-in connection's anonymous handle was never a guest's). The number grows a digit whenever the handles in use
 * would crowd the space, so finding a free one stays quick at any scale. Loop thread only.
 */
public final class GuestHandles {

    /** Every handle starts with this; account names may not. */
    public static final String PREFIX = "guest-";

    private final Set<String> inUse = new HashSet<>();
    private final SplittableRandom random = new SplittableRandom();

    /** Whether {@code name} has the form of a handle rather than of an account name. */
    public static boolean isHandle(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** Picks a free handle and reserves it until {@link #release}. */
    public String allocate() {
        int digits = 4;
        while (Math.pow(10, digits) < inUse.size() * 10.0) {
            digits++;
        }
        int low = (int) Math.pow(10, digits - 1);
        int high = (int) Math.min(Math.pow(10, digits), Integer.MAX_VALUE);
        while (true) {
            String handle = PREFIX + random.nextInt(low, high);
            if (inUse.add(handle)) {
                return handle;
            }
        }
    }

    /** Frees a handle for others. */
    public void release(String handle) {
        inUse.remove(handle);
    }

    /** {@code chatter} logged in: when it meets strangers anonymously from now on, it shows a fresh handle. */
    public void loggedIn(Chatter chatter) {
        releaseAnonymousHandle(chatter);
        chatter.anonymousHandle(allocate());
    }

    /** {@code chatter} logged out: its random chats show its guest handle again. */
    public void loggedOut(Chatter chatter) {
        releaseAnonymousHandle(chatter);
        chatter.anonymousHandle(chatter.guestHandle());
    }

    /** {@code chatter}'s connection closed: both its handles are free. */
    public void closed(Chatter chatter) {
        releaseAnonymousHandle(chatter);
        release(chatter.guestHandle());
    }

    private void releaseAnonymousHandle(Chatter chatter) {
        if (!chatter.anonymousHandle().equals(chatter.guestHandle())) {
            release(chatter.anonymousHandle());
        }
    }
}
