package chat.server.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The logged-in chatters, by account: one account may be online on several devices at once. Loop thread only.
 */
public final class OnlineUsers {

    private final Map<Long, List<Chatter>> byAccount = new HashMap<>();

    /** Records that {@code chatter} is logged in; it must already carry its account. */
    public void add(Chatter chatter) {
        byAccount.computeIfAbsent(chatter.account().id(), id -> new ArrayList<>(2)).add(chatter);
    }

    /** Forgets {@code chatter}; a no-op for guests. */
    public void remove(Chatter chatter) {
        if (chatter.account() == null) {
            return;
        }
        List<Chatter> devices = byAccount.get(chatter.account().id());
        if (devices != null) {
            devices.remove(chatter);
            if (devices.isEmpty()) {
                byAccount.remove(chatter.account().id());
            }
        }
    }

    /** Every connected device of the account, in login order; a copy. */
    public List<Chatter> devices(long accountId) {
        List<Chatter> devices = byAccount.get(accountId);
        return devices == null ? List.of() : List.copyOf(devices);
    }

    /** How many accounts are online. */
    public int accounts() {
        return byAccount.size();
    }
}
