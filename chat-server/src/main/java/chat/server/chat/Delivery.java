package chat.server.chat;

import chat.core.wire.ServerFrame;

/**
 * The one way the chat domain reaches people: an account on all its devices, or one connection. Rooms, direct chats
 * and presence say whom a frame is for; a delivery finds their connections. In one process that is a direct call on
 * the event loop ({@link LocalDelivery}); across several nodes an implementation delivers to the connections it holds
 * and publishes to the others, whose subscribers deliver locally only. The domain does not know which.
 *
 * <p>Filters travel as data, never as code, so that a remote node can apply them to its own connections: the
 * connection to leave out (the sender's own, which gets its answer instead) and the sender whose blockers must not
 * hear it.
 */
public interface Delivery {

    /**
     * Sends {@code frame} to every device of the account, except the connection {@code except} (null: none) and
     * devices that block {@code sender} (null: no check).
     */
    void toAccount(long accountId, ServerFrame frame, Chatter except, Chatter sender);

    /** Sends {@code frame} to one connection (a guest, a stranger in a random chat). */
    void toConnection(Chatter chatter, ServerFrame frame);

    /** Whether the account has a device connected anywhere. */
    boolean isOnline(long accountId);

    /** A change of a room's stored members that happened on another node. */
    interface MembershipListener {
        void changed(String roomKey, long accountId, String name, boolean joined);
    }

    /**
     * Tells the other nodes that an account joined or left a room, so that their cached member lists stay true
     * (their announcements travel as frames, like any other). Alone, there is nobody to tell.
     */
    default void membershipChanged(String roomKey, long accountId, String name, boolean joined) {
    }

    /** Where changes announced by {@link #membershipChanged} on other nodes arrive, on the loop. */
    default void onMembershipChanged(MembershipListener listener) {
    }

    /**
     * Sends {@code frame} to the guests in the room {@code roomKey} who sit on other nodes, except those who block
     * {@code sender} (null: no check). Guests are connections, not accounts, so this node's own are reached directly;
     * alone, there are no others.
     */
    default void toGuestsElsewhere(String roomKey, ServerFrame frame, Chatter sender) {
    }

    /** A frame for this node's guests in a room, sent on another node; the sender's filters travel as data. */
    interface GuestFrameListener {
        void received(String roomKey, ServerFrame frame, Long senderId, String senderNameKey,
                java.util.List<String> senderBlockedNames);
    }

    /**
     * Says whether this node keeps the room {@code roomKey} (someone here is in it): only then do frames for guests
     * in it need to reach this node.
     */
    default void roomHere(String roomKey, boolean here) {
    }

    /** A guest of this node joined the room {@code roomKey}: other nodes list it among the room's members. */
    default void guestEntered(String roomKey, String handle) {
    }

    /** A guest of this node left the room {@code roomKey}. */
    default void guestLeft(String roomKey, String handle) {
    }

    /** The handles of the room's guests on other nodes (alone: none). */
    default java.util.List<String> guestsElsewhere(String roomKey) {
        return java.util.List.of();
    }

    /** Where frames of {@link #toGuestsElsewhere} from other nodes arrive, on the loop. */
    default void onGuestFrame(GuestFrameListener listener) {
    }
}
