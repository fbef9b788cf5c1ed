package chat.server.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The logged-in chatters, by account: one account may be online on several devices at once. Loop thread only.
 */
public final class OnlineUsers {

    /** Hears when an account's first device here logs in and its last one here goes (a cluster's presence). */
    public interface Listener {
        void cameOnline(long accountId);

        void wentOffline(long accountId);

        /** How the account shows (away, hidden) changed here: its devices on other nodes should show the same. */
        default void shownChanged(long accountId) {
        }

        /** The account's blocks changed here: its devices on other nodes should read them again. */
        default void blocksChanged(long accountId) {
        }
    }

    private final Map<Long, List<Chatter>> byAccount = new HashMap<>();
    private Listener listener;
    private java.util.function.Consumer<Chatter> visibilityListener = device -> { };
    private java.util.function.LongConsumer blocksListener = accountId -> { };
    private final Map<String, Long> idsByName = new HashMap<>();

    /** Records that {@code chatter} is logged in; it must already carry its account. */
    public void add(Chatter chatter) {
        List<Chatter> devices = byAccount.computeIfAbsent(chatter.account().id(), id -> new ArrayList<>(2));
        devices.add(chatter);
        if (devices.size() == 1 && listener != null) {
            listener.cameOnline(chatter.account().id());
        }
        idsByName.put(chatter.account().name().toLowerCase(Locale.ROOT), chatter.account().id());
    }

    /** Sets the one listener (none by default). */
    public void listener(Listener value) {
        listener = value;
    }

    /** The account went away or came back, or hid or showed itself, on this node (on all its devices here). */
    public void shownChanged(long accountId) {
        if (listener != null) {
            listener.shownChanged(accountId);
        }
    }

    /**
     * The account went away or came back, or hid or showed itself, on another node: its devices here show the same,
     * and the visibility listener hears of each device whose visibility changed.
     */
    public void shownElsewhere(long accountId, boolean visible, boolean away, String awayMessage) {
        for (Chatter device : devices(accountId)) {
            device.away(away, awayMessage);
            if (device.visible() != visible) {
                device.visible(visible);
                visibilityListener.accept(device);
            }
        }
    }

    /** Hears of a device whose visibility changed on another node's word (its rooms announce it). */
    public void onVisibilityChanged(java.util.function.Consumer<Chatter> listener) {
        this.visibilityListener = listener;
    }

    /** The account's blocks changed on this node: the listener tells the other nodes. */
    public void blocksChanged(long accountId) {
        if (listener != null) {
            listener.blocksChanged(accountId);
        }
    }

    /** The account's blocks changed on another node: whoever listens has its devices here read them again. */
    public void blocksChangedElsewhere(long accountId) {
        blocksListener.accept(accountId);
    }

    /** Hears of accounts whose blocks changed on another node. */
    public void onBlocksChangedElsewhere(java.util.function.LongConsumer listener) {
        this.blocksListener = listener;
    }

    /** Every account with a device here. */
    public java.util.Set<Long> accountIds() {
        return java.util.Collections.unmodifiableSet(byAccount.keySet());
    }

    /** Every connected device of the account with that name (any case). */
    public List<Chatter> devicesByName(String name) {
        Long id = idsByName.get(name.toLowerCase(Locale.ROOT));
        return id == null ? List.of() : devices(id);
    }

    /** One device of every account online, in no particular order. */
    public List<Chatter> firstDevices() {
        List<Chatter> first = new ArrayList<>(byAccount.size());
        for (List<Chatter> devices : byAccount.values()) {
            first.add(devices.get(0));
        }
        return first;
    }

    /** Every logged-in device of every account, in no particular order; a copy. */
    public List<Chatter> allDevices() {
        List<Chatter> all = new ArrayList<>(byAccount.size() + byAccount.size() / 4);
        for (List<Chatter> devices : byAccount.values()) {
            all.addAll(devices);
        }
        return all;
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
                idsByName.remove(chatter.account().name().toLowerCase(Locale.ROOT));
                if (listener != null) {
                    listener.wentOffline(chatter.account().id());
                }
            }
        }
    }

    /** Every connected device of the account, in login order; not a copy: do not change the set while iterating. */
    List<Chatter> devicesOf(long accountId) {
        List<Chatter> devices = byAccount.get(accountId);
        return devices == null ? List.of() : devices;
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
