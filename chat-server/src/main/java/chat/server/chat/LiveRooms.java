package chat.server.chat;

import chat.server.store.ConversationStore;
import chat.server.store.RoomStore;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rooms someone on this node is in: a cache of the store's, loaded when a member logs in or someone joins and
 * dropped when nobody in it is online, with the rooms each account online is in. In a cluster the node tells the
 * {@link Delivery} which rooms it keeps, so that frames for their guests reach it. Loop thread only.
 */
final class LiveRooms {

    private final Delivery delivery;
    private final Map<String, Room> byKey = new HashMap<>();
    /** The rooms of every account online, by key; what the account's devices are in. */
    private final Map<Long, Set<String>> ofAccount = new HashMap<>();

    LiveRooms(Delivery delivery) {
        this.delivery = delivery;
    }

    /** The room with that key (lower-case name), or null when nobody here is in it. */
    Room get(String key) {
        return byKey.get(key);
    }

    /** Every room kept, a copy. */
    List<Room> all() {
        return List.copyOf(byKey.values());
    }

    /** The keys of every room kept, a copy. */
    Set<String> keys() {
        return Set.copyOf(byKey.keySet());
    }

    /** The room of {@code row}, kept from now on if it was not, with {@code members} (null: none known yet). */
    Room cached(ConversationStore.RoomRow row, List<RoomStore.MemberRow> members) {
        String key = row.name().toLowerCase(Locale.ROOT);
        Room room = byKey.get(key);
        if (room == null) {
            room = new Room(row);
            if (members != null) {
                for (RoomStore.MemberRow member : members) {
                    room.accounts.put(member.accountId(), member.name());
                }
            }
            byKey.put(key, room);
            delivery.roomHere(key, true);
        }
        return room;
    }

    /** The keys of the account's rooms, or null when none is known. */
    Set<String> roomsOf(long accountId) {
        return ofAccount.get(accountId);
    }

    /** The keys of the account's rooms, to add to. */
    Set<String> roomsOfCreating(long accountId) {
        return ofAccount.computeIfAbsent(accountId, id -> new LinkedHashSet<>());
    }

    /** Forgets which rooms the account is in. */
    void forgetAccount(long accountId) {
        ofAccount.remove(accountId);
    }

    /** The keys of the rooms the chatter is in: its account's, or a guest's own. */
    Set<String> keysOf(Chatter chatter) {
        if (chatter.isLoggedIn()) {
            Set<String> keys = ofAccount.get(chatter.account().id());
            return keys == null ? Set.of() : Set.copyOf(keys);
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Room room : byKey.values()) {
            if (room.guests.contains(chatter)) {
                keys.add(room.key);
            }
        }
        return keys;
    }

    /** A member joined or left on another node: a kept member list follows; announcements came as frames. */
    void membershipChangedElsewhere(String key, long accountId, String name, boolean joined) {
        Room room = byKey.get(key);
        if (room == null) {
            return;
        }
        if (joined) {
            room.accounts.put(accountId, name);
        } else {
            room.accounts.remove(accountId);
            evictIfEmpty(room);
        }
    }

    /** Drops the account's rooms from the cache once none of its devices is online. */
    void forgetIfOffline(long accountId) {
        if (delivery.isOnline(accountId)) {
            return;
        }
        Set<String> keys = ofAccount.remove(accountId);
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            Room room = byKey.get(key);
            if (room != null) {
                evictIfEmpty(room);
            }
        }
    }

    /** Drops a room from the cache when nobody online is in it; the store still has it. */
    void evictIfEmpty(Room room) {
        if (!room.guests.isEmpty()) {
            return;
        }
        for (Long accountId : room.accounts.keySet()) {
            if (delivery.isOnline(accountId)) {
                return;
            }
        }
        byKey.remove(room.key);
        delivery.roomHere(room.key, false);
    }
}
