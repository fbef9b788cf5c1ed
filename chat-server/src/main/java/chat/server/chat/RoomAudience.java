package chat.server.chat;

import chat.core.wire.ServerFrame;
import chat.server.store.ConversationStore.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Who in a room hears and sees what: frames go to every device of every member account through the
 * {@link Delivery}, and to the guests; lists show each person once. Blocks and hidden members are applied here,
 * once for every kind of frame. Loop thread only.
 */
final class RoomAudience {

    private final Delivery delivery;
    private final OnlineUsers online;
    private final OnlineElsewhere elsewhere;

    RoomAudience(Delivery delivery, OnlineUsers online, OnlineElsewhere elsewhere) {
        this.delivery = delivery;
        this.online = online;
        this.elsewhere = elsewhere;
    }

    /**
     * Sends {@code frame} to every member on every device, except the connection {@code except} and those who block
     * {@code sender} (either may be null).
     */
    void toMembers(Room room, ServerFrame frame, Chatter except, Chatter sender) {
        for (Long accountId : room.accounts.keySet()) {
            delivery.toAccount(accountId, frame, except, sender);
        }
        for (Chatter guest : room.guests) {
            if (guest != except && (sender == null || !guest.blocks(sender))) {
                delivery.toConnection(guest, frame);
            }
        }
        delivery.toGuestsElsewhere(room.key, frame, sender);
    }

    /**
     * Sends {@code frame} about {@code from} (typing, joining, leaving) to everyone else in the room: not to its own
     * account's devices, nor to those who block it.
     */
    void toOthers(Room room, ServerFrame frame, Chatter from) {
        Long own = from.isLoggedIn() ? from.account().id() : null;
        for (Long accountId : room.accounts.keySet()) {
            if (!accountId.equals(own)) {
                delivery.toAccount(accountId, frame, from, from);
            }
        }
        for (Chatter guest : room.guests) {
            if (guest != from && !guest.blocks(from)) {
                delivery.toConnection(guest, frame);
            }
        }
        delivery.toGuestsElsewhere(room.key, frame, from);
    }

    /** A frame for this node's guests in {@code room}, sent on another node. */
    void fromElsewhere(Room room, ServerFrame frame, Long senderId, String senderNameKey,
            List<String> senderBlockedNames) {
        for (Chatter guest : room.guests) {
            if (!guest.blocksRemote(senderId, senderNameKey, senderBlockedNames)) {
                delivery.toConnection(guest, frame);
            }
        }
    }

    /** Tells the others that {@code chatter} joined, and that it is away if it is, unless it is hidden. */
    void announceJoined(Room room, Chatter chatter) {
        if (chatter.visible()) {
            toOthers(room, joined(room, chatter), chatter);
            if (chatter.away()) {
                toOthers(room, new ServerFrame.Presence(null, Presence.info(chatter)), chatter);
            }
        }
    }

    /** Tells the others that {@code chatter} left, unless it is hidden. */
    void announceLeft(Room room, Chatter chatter) {
        if (chatter.visible()) {
            toOthers(room, left(room, chatter), chatter);
        }
    }

    static ServerFrame joined(Room room, Chatter chatter) {
        return new ServerFrame.MemberJoined(room.name, chatter.handle(), chatter.isLoggedIn() ? null : true);
    }

    static ServerFrame left(Room room, Chatter chatter) {
        return new ServerFrame.MemberLeft(room.name, chatter.handle());
    }

    /** Every connection in the room: each device of each member account online, and the guests. */
    List<Chatter> present(Room room) {
        List<Chatter> connections = new ArrayList<>();
        for (Long accountId : room.accounts.keySet()) {
            connections.addAll(online.devicesOf(accountId));
        }
        connections.addAll(room.guests);
        return connections;
    }

    /** One connection per person online in the room: an account's first device, and every guest. */
    List<Chatter> people(Room room) {
        List<Chatter> people = new ArrayList<>();
        for (Long accountId : room.accounts.keySet()) {
            List<Chatter> devices = online.devicesOf(accountId);
            if (!devices.isEmpty()) {
                people.add(devices.get(0));
            }
        }
        people.addAll(room.guests);
        return people;
    }

    /** The people online in the room as {@code viewer} sees them: each once, without those hidden from it. */
    List<Chatter> shownTo(Room room, Chatter viewer) {
        List<Chatter> shown = new ArrayList<>();
        for (Chatter person : people(room)) {
            if (shows(viewer, person) || sameAccount(person, viewer)) {
                shown.add(person);
            }
        }
        return shown;
    }

    /**
     * The member accounts online only on other nodes, as {@code viewer} sees them: not hidden, not blocked by it
     * (alone, nobody).
     */
    List<OnlineElsewhere.User> elsewhereShownTo(Room room, Chatter viewer) {
        List<OnlineElsewhere.User> shown = new ArrayList<>();
        for (Long accountId : room.accounts.keySet()) {
            OnlineElsewhere.User there = online.devicesOf(accountId).isEmpty() ? elsewhere.byId(accountId) : null;
            if (there != null && there.visible()
                    && !viewer.blocksRemote(accountId, there.name().toLowerCase(java.util.Locale.ROOT), List.of())) {
                shown.add(there);
            }
        }
        return shown;
    }

    /** The names of {@link #shownTo} and {@link #elsewhereShownTo}, and the guests on other nodes. */
    List<String> handles(Room room, Chatter viewer) {
        List<String> handles = new ArrayList<>();
        for (Chatter person : shownTo(room, viewer)) {
            handles.add(person.handle());
        }
        for (OnlineElsewhere.User there : elsewhereShownTo(room, viewer)) {
            handles.add(there.name());
        }
        handles.addAll(delivery.guestsElsewhere(room.key));
        return handles;
    }

    /** Whether anyone but {@code sender}'s own account, not blocking it and shown to it, is online in the room. */
    boolean anyoneElseSees(Room room, Chatter sender) {
        for (Chatter other : present(room)) {
            if (!sameAccount(other, sender) && other != sender && !other.blocks(sender) && shows(sender, other)) {
                return true;
            }
        }
        return false;
    }

    static boolean sameAccount(Chatter a, Chatter b) {
        return a.isLoggedIn() && b.isLoggedIn() && a.account().id() == b.account().id();
    }

    /**
     * Whether {@code viewer} sees {@code member} in member lists and joins and parts. A hidden account shows to nobody
     * but itself (it still speaks, and what it says is seen), and two people kept apart by a block do not see each
     * other come and go.
     */
    static boolean shows(Chatter viewer, Chatter member) {
        return member == viewer || member.visible() && !member.blocks(viewer);
    }

    /** Stored messages as {@code viewer} sees them: without those of accounts a block keeps apart from it. */
    static List<ServerFrame.Message> messages(String conv, List<StoredMessage> stored, Chatter viewer) {
        List<ServerFrame.Message> messages = new ArrayList<>(stored.size());
        for (StoredMessage message : stored) {
            if (message.senderId() == null || !viewer.blocksAccount(message.senderId())) {
                messages.add(Rooms.message(conv, message));
            }
        }
        return messages;
    }
}
