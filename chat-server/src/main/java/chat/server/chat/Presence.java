package chat.server.chat;

import chat.core.model.UserName;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.server.store.AccountStore;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Who is online, away or offline (and since when). Only visible users show: a hidden user looks offline, with no
 * last-seen time. The last-seen time is stored when an account's last device disconnects. Loop thread only.
 */
public final class Presence {

    /** Wire words for the states. */
    public static final String ONLINE = "online";
    public static final String AWAY = "away";
    public static final String OFFLINE = "offline";

    private final Store store;
    private final OnlineUsers online;
    private final NameLookups lookups;
    private final LongSupplier clock;
    private final OnlineElsewhere elsewhere;

    public Presence(Store store, OnlineUsers online, OnlineElsewhere elsewhere, NameLookups lookups,
            LongSupplier clock) {
        this.store = store;
        this.online = online;
        this.elsewhere = elsewhere;
        this.lookups = lookups;
        this.clock = clock;
    }

    /** Everyone visible and online, on this node or another, by name. */
    public List<ServerFrame.UserInfo> everyoneOnline() {
        List<ServerFrame.UserInfo> users = new ArrayList<>();
        for (Chatter chatter : online.firstDevices()) {
            if (chatter.visible()) {
                users.add(info(chatter));
            }
        }
        for (OnlineElsewhere.User user : elsewhere.users()) {
            if (user.visible() && online.devicesOf(user.accountId()).isEmpty()) {
                users.add(info(user));
            }
        }
        users.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        return users;
    }

    /**
     * The members of a room as {@code who} shows them: those online here (guests included, hidden users as plain
     * members), the member accounts online only on other nodes, and the guests there.
     */
    public List<ServerFrame.UserInfo> members(Rooms.Members members) {
        List<ServerFrame.UserInfo> users = new ArrayList<>(members.here().size());
        for (Chatter member : members.here()) {
            users.add(member.isLoggedIn() && member.visible() ? info(member)
                    : new ServerFrame.UserInfo(member.handle(), null, null, null, member.isLoggedIn() ? null : true));
        }
        for (OnlineElsewhere.User there : members.accountsElsewhere()) {
            users.add(info(there));
        }
        for (String handle : members.guestsElsewhere()) {
            users.add(new ServerFrame.UserInfo(handle, null, null, null, true));
        }
        return users;
    }

    /** Whether {@code rawName} is online, away or offline, and since when. */
    public void whois(Chatter asker, String rawName, Reply<ServerFrame.UserInfo> reply) {
        if (UserName.problemWith(rawName) != null) {
            throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + rawName);
        }
        lookups.admit(asker, new UserName(rawName).key());
        List<Chatter> devices = online.devicesByName(rawName);
        if (!devices.isEmpty() && devices.get(0).visible()) {
            reply.done(info(devices.get(0)), null);
            return;
        }
        OnlineElsewhere.User there = elsewhere.byName(rawName);
        if (devices.isEmpty() && there != null && there.visible()) {
            reply.done(info(there), null);
            return;
        }
        boolean onlineSomewhere = !devices.isEmpty() || there != null;
        String key = new UserName(rawName).key();
        store.read(c -> {
            AccountStore.Account account = AccountStore.findByName(c, key);
            if (account == null) {
                throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + rawName);
            }
            long[] seen = ConversationStore.visibilityAndLastSeen(c, account.id());
            boolean visible = seen[0] != 0 && !onlineSomewhere;
            return new ServerFrame.UserInfo(account.name(), OFFLINE, null, visible && seen[1] > 0 ? seen[1] : null,
                    null);
        }, reply.asCallback());
    }

    /** Sets away (with a message) or back, on every device of the chatter's account. */
    public void away(Chatter chatter, boolean away, String message) {
        if (!chatter.isLoggedIn()) {
            throw new ChatException(ErrorCode.NOT_LOGGED_IN, "presence is for registered users");
        }
        for (Chatter device : online.devices(chatter.account().id())) {
            device.away(away, message);
        }
        online.shownChanged(chatter.account().id());
    }

    /** Stores the last-seen time when the last device of an account goes. */
    public void disconnected(Chatter chatter) {
        if (chatter.isLoggedIn() && online.devices(chatter.account().id()).isEmpty()) {
            long accountId = chatter.account().id();
            long now = clock.getAsLong();
            store.submit(c -> {
                ConversationStore.setLastSeen(c, accountId, now);
                return null;
            }, (ignored, error) -> { });
        }
    }

    private static ServerFrame.UserInfo info(OnlineElsewhere.User user) {
        return new ServerFrame.UserInfo(user.name(), user.away() ? AWAY : ONLINE, user.awayMessage(), null, null);
    }

    /** How {@code chatter} shows to others now: name, online or away, and its away message. */
    public static ServerFrame.UserInfo info(Chatter chatter) {
        return new ServerFrame.UserInfo(chatter.handle(), chatter.away() ? AWAY : ONLINE, chatter.awayMessage(),
                null, null);
    }
}
