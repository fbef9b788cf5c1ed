package chat.server.chat;

import chat.server.store.ConversationStore;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A room as the loop caches it while somebody online belongs to it: its stored facts, its member accounts (online or
 * not) and its guests (by connection). Devices are never members: who hears what is {@link RoomAudience}'s business.
 * Owned by {@link Rooms}; loop thread only.
 */
final class Room {

    final long storeId;
    final String name;
    /** The name in lower case: rooms are found by it. */
    final String key;
    String topic;
    /** Member accounts by id, with their names, online or not, in the order they joined. */
    final Map<Long, String> accounts = new LinkedHashMap<>();
    /** Guests in the room, by connection. */
    final Set<Chatter> guests = new LinkedHashSet<>();

    Room(ConversationStore.RoomRow row) {
        this.storeId = row.id();
        this.name = row.name();
        this.key = row.name().toLowerCase(Locale.ROOT);
        this.topic = row.topic();
    }

    /** Typing indicators the room passes on per second, whoever sends them, and at most at once. */
    static final double TYPING_PER_SECOND = 10;
    static final double TYPING_BURST = 20;

    /** The room's own typing bucket: tokens left and when they were counted (nanoTime). */
    private double typingTokens = TYPING_BURST;
    private long typingCountedNanos = System.nanoTime();

    /**
     * Whether a typing indicator may fan out now; takes a token if so. Each indicator goes to every member, so the
     * room as a whole gets a budget: with hundreds of members typing, the fan-out stays a few thousand frames a
     * second however many send, and a lost indicator is made up by the next one.
     */
    boolean typingAllowed(long nowNanos) {
        typingTokens = Math.min(TYPING_BURST,
                typingTokens + Math.max(0, nowNanos - typingCountedNanos) * TYPING_PER_SECOND / 1e9);
        typingCountedNanos = nowNanos;
        if (typingTokens < 1) {
            return false;
        }
        typingTokens -= 1;
        return true;
    }

    /** Whether the chatter is in the room: its account is a member, or it is a guest here. */
    boolean has(Chatter chatter) {
        return chatter.isLoggedIn() ? accounts.containsKey(chatter.account().id()) : guests.contains(chatter);
    }

    /** How many members it has, accounts and guests. */
    int size() {
        return accounts.size() + guests.size();
    }
}
