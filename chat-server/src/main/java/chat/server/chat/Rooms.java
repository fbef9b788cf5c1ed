package chat.server.chat;

import chat.core.model.RoomName;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import chat.server.store.ConversationStore;
import chat.server.store.ConversationStore.StoredMessage;
import chat.server.store.RoomStore;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Group rooms: their members, topics and stored messages. Membership belongs to the account: a logged-in user joins
 * once, is in the room on every device, stays in it across reconnects and restarts while offline, and leaves only by
 * parting (on every device at once). A guest's membership is its connection's. The store holds accounts'
 * memberships ({@link RoomStore}); {@link LiveRooms} keeps the rooms someone online belongs to. Every frame goes out
 * through the {@link Delivery}, to whom {@link RoomAudience} says. Loop thread only.
 */
public final class Rooms {

    /** How many rooms one account may belong to. */
    public static final int MAX_ROOMS_PER_ACCOUNT = 100;

    /** What the store knows of a room being joined; {@code created} when the join made it. */
    private record Joined(ConversationStore.RoomRow row, boolean created, boolean newMember,
            List<RoomStore.MemberRow> members, List<StoredMessage> recent) {
    }

    /** A room of an account's, with its members when the cache does not hold it yet. */
    private record Membership(RoomStore.MembershipRow row, List<RoomStore.MemberRow> members) {
    }

    private final Store store;
    private final Delivery delivery;
    private final RoomAudience audience;
    private final int memberLimit;
    private final int historyOnJoin;
    private final RequestLimit creation;
    private final LongSupplier clock;
    private final LiveRooms live;

    /** @param creation the limit on rooms created (joining one that is not stored yet) */
    public Rooms(Store store, Delivery delivery, OnlineUsers online, OnlineElsewhere elsewhere, int memberLimit,
            int historyOnJoin, RequestLimit creation, LongSupplier clock) {
        this.store = store;
        this.delivery = delivery;
        this.audience = new RoomAudience(delivery, online, elsewhere);
        this.live = new LiveRooms(delivery);
        delivery.onGuestFrame((key, frame, senderId, senderNameKey, senderBlocks) -> {
            Room room = live.get(key);
            if (room != null) {
                audience.fromElsewhere(room, frame, senderId, senderNameKey, senderBlocks);
            }
        });
        this.memberLimit = memberLimit;
        this.historyOnJoin = historyOnJoin;
        this.creation = creation;
        this.clock = clock;
        delivery.onMembershipChanged(live::membershipChangedElsewhere);
    }

    /**
     * Joins (creating if new) room {@code rawName}; answers with the room and its recent history. An account joins on
     * every device: the others hear {@code room} too. Creating a room takes from the room-creation limit: a room
     * nobody is in may be stored already, so a token is reserved before asking the store and given back when the
     * room turned out to exist.
     */
    public void join(Chatter chatter, String rawName, String requestId, Reply<ServerFrame.History> reply) {
        String problem = RoomName.problemWith(rawName);
        if (problem != null) {
            throw new ChatException(ErrorCode.INVALID_ROOM, problem);
        }
        RoomName name = new RoomName(rawName);
        Room room = live.get(name.key());
        if (room != null && !room.has(chatter) && room.size() >= memberLimit) {
            throw new ChatException(ErrorCode.ROOM_FULL, name + " is full (" + memberLimit + " people)");
        }
        Long accountId = chatter.isLoggedIn() ? chatter.account().id() : null;
        if (accountId != null && (room == null || !room.accounts.containsKey(accountId))) {
            Set<String> mine = live.roomsOf(accountId);
            if (mine != null && mine.size() >= MAX_ROOMS_PER_ACCOUNT) {
                throw new ChatException(ErrorCode.TOO_MANY_ROOMS, "you are in " + MAX_ROOMS_PER_ACCOUNT
                        + " rooms, the most one account may be in; /part one first");
            }
        }
        long now = clock.getAsLong();
        boolean mayCreate = room != null || creation.tryAdmit(chatter);
        ChatException creationRefused = mayCreate ? null : creation.refusal(creation.waitNanos(chatter));
        boolean reserved = room == null && mayCreate;
        boolean needMembers = room == null;
        Store.Work<Joined> work = c -> {
            ConversationStore.RoomRow row = ConversationStore.findRoom(c, name.key());
            boolean created = row == null;
            if (created) {
                if (creationRefused != null) {
                    throw creationRefused;
                }
                row = ConversationStore.room(c, name.key(), name.value(), now);
            }
            boolean newMember = accountId != null && RoomStore.join(c, row.id(), accountId, now);
            return new Joined(row, created, newMember, needMembers ? RoomStore.members(c, row.id()) : null,
                    ConversationStore.history(c, row.id(), 0, historyOnJoin));
        };
        store.submit(accountId == null ? work : LiveLogin.guard(chatter, work), (joined, error) -> {
            if (reserved && (error != null || !joined.created())) {
                creation.refund(chatter);
            }
            if (error != null) {
                reply.fail(error);
                return;
            }
            // A new member enters below, announced, even when the room came from the store just now with it listed:
            // the others may be online on other nodes of a cluster.
            Room target = live.cached(joined.row(), joined.members() == null || !joined.newMember() ? joined.members()
                    : joined.members().stream().filter(m -> m.accountId() != accountId).toList());
            if (!target.has(chatter)) {
                if (target.size() >= memberLimit) {
                    reply.done(null, new ChatException(ErrorCode.ROOM_FULL, target.name + " is full (" + memberLimit
                            + " people)"));
                    return;
                }
                enter(target, chatter);
            }
            ServerFrame.Room answer = new ServerFrame.Room(requestId, target.name, target.topic,
                    audience.handles(target, chatter), memberLimit);
            chatter.send(answer);
            if (accountId != null && joined.newMember()) {
                delivery.toAccount(accountId, new ServerFrame.Room(null, target.name, target.topic,
                        audience.handles(target, chatter), memberLimit), chatter, null);
            }
            reply.done(new ServerFrame.History(null, target.name, RoomAudience.messages(target.name, joined.recent(), chatter),
                    joined.recent().size() == historyOnJoin), null);
        });
    }

    /** Leaves the room {@code conv}: an account leaves on every device, a guest only here. */
    public void part(Chatter chatter, String conv, Reply<Void> reply) {
        Room room = roomOf(chatter, conv);
        if (!chatter.isLoggedIn()) {
            leaveAsGuest(chatter, room);
            chatter.send(new ServerFrame.Left(room.name));
            reply.done(null, null);
            return;
        }
        long accountId = chatter.account().id();
        store.submit(c -> RoomStore.part(c, room.storeId, accountId), (ignored, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            accountLeft(room, accountId, chatter.handle(), chatter);
            reply.done(null, null);
        });
    }

    /** Says {@code text} in the room; the store keeps it, then the members hear it on all their devices. */
    public void say(Chatter chatter, String conv, String clientId, String text, ConversationStore.FileDraft file,
            Reply<Sent> reply) {
        Room room = roomOf(chatter, conv);
        long now = clock.getAsLong();
        Long senderId = chatter.isLoggedIn() ? chatter.account().id() : null;
        String senderName = chatter.handle();
        String key = "room:" + room.key;
        store.submit(LiveLogin.guard(chatter, c -> ConversationStore.insertMessage(c, room.storeId, key, senderId,
                senderName, clientId, text, file, now)),
                (stored, error) -> {
                    if (error != null) {
                        reply.fail(error);
                        return;
                    }
                    ServerFrame.Message message = message(room.name, stored);
                    if (!stored.duplicate()) {
                        audience.toMembers(room, message, chatter, chatter);
                    }
                    reply.done(new Sent(message, audience.anyoneElseSees(room, chatter)), null);
                });
    }

    /** Sets the topic of the room; every member hears it. */
    public void topic(Chatter chatter, String conv, String topic, Reply<Void> reply) {
        Room room = roomOf(chatter, conv);
        store.submit(LiveLogin.guard(chatter, c -> {
            ConversationStore.setTopic(c, room.storeId, topic);
            return null;
        }), (ignored, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            room.topic = topic;
            audience.toMembers(room, new ServerFrame.TopicChanged(room.name, topic, chatter.handle()), null, null);
            reply.done(null, null);
        });
    }

    /** Stored messages of a room the chatter is in. */
    public void history(Chatter chatter, String conv, long beforeId, int limit, Reply<ServerFrame.History> reply) {
        Room room = roomOf(chatter, conv);
        store.read(c -> ConversationStore.history(c, room.storeId, beforeId, limit), (messages, error) -> {
            if (error != null) {
                reply.fail(error);
            } else {
                reply.done(new ServerFrame.History(null, room.name, RoomAudience.messages(room.name, messages, chatter),
                        messages.size() == limit), null);
            }
        });
    }

    /**
     * Moves the account's read mark in the room up to message {@code upTo}; a guest has none to move. The account's
     * other devices hear {@code read_mark} when it moved.
     */
    public void read(Chatter chatter, String conv, long upTo, Reply<Void> reply) {
        Room room = roomOf(chatter, conv);
        if (!chatter.isLoggedIn()) {
            reply.done(null, null);
            return;
        }
        long accountId = chatter.account().id();
        store.submit(c -> RoomStore.markRead(c, room.storeId, accountId, upTo)
                ? ConversationStore.unreadAfter(c, room.storeId, accountId, upTo) : null, (unread, error) -> {
                    if (error != null) {
                        reply.fail(error);
                        return;
                    }
                    if (unread != null) {
                        delivery.toAccount(accountId, new ServerFrame.ReadMark(room.name, Long.toString(upTo), unread),
                                chatter, null);
                    }
                    reply.done(null, null);
                });
    }

    /** Passes a typing indicator on to the other members, at most once per interval for {@code active}. */
    public void typing(Chatter chatter, String conv, TypingState state) {
        Room room = roomOf(chatter, conv);
        if (!Typing.due(chatter, room.name, state) || !room.typingAllowed(System.nanoTime())) {
            return;
        }
        ServerFrame.Typing frame = new ServerFrame.Typing(room.name, chatter.handle(), state.wireName());
        audience.toOthers(room, frame, chatter);
    }

    /**
     * One page of the stored rooms, most member accounts first: each with its members (online or not) and how many
     * people are in it now (members online and guests; hidden members are not counted).
     */
    public void list(int offset, int limit, Reply<ConversationStore.Slice<ServerFrame.RoomSummary>> reply) {
        store.read(c -> RoomStore.directory(c, offset, limit), (slice, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            List<ServerFrame.RoomSummary> rooms = new ArrayList<>(slice.rows().size());
            for (RoomStore.DirectoryRow row : slice.rows()) {
                Room room = live.get(row.room().name().toLowerCase(Locale.ROOT));
                int online = 0;
                if (room != null) {
                    for (Chatter person : audience.people(room)) {
                        online += person.visible() ? 1 : 0;
                    }
                }
                rooms.add(new ServerFrame.RoomSummary(row.room().name(), row.members(), online,
                        room != null ? room.topic : row.room().topic()));
            }
            reply.done(new ConversationStore.Slice<>(rooms, slice.total()), null);
        });
    }

    /**
     * The people online in a room, as {@code who} lists them: those here (each once, one device per account), the
     * member accounts online only on other nodes of a cluster, and the guests there.
     */
    public record Members(List<Chatter> here, List<OnlineElsewhere.User> accountsElsewhere,
            List<String> guestsElsewhere) {
    }

    /** The people online in a room the chatter is in, as it sees them: without those hidden from it. */
    public Members members(Chatter chatter, String conv) {
        Room room = roomOf(chatter, conv);
        return new Members(audience.shownTo(room, chatter), audience.elsewhereShownTo(room, chatter),
                delivery.guestsElsewhere(room.key));
    }

    /**
     * A member's visibility changed: the others see it arrive (shown again) or leave (hidden), so their lists stay
     * true and nothing about a hidden member's presence shows.
     */
    public void visibilityChanged(Chatter chatter) {
        for (String key : live.keysOf(chatter)) {
            Room room = live.get(key);
            if (room != null) {
                // Hiding is announced as leaving to those who saw the member until now.
                audience.toOthers(room, chatter.visible() ? RoomAudience.joined(room, chatter)
                        : RoomAudience.left(room, chatter), chatter);
            }
        }
    }

    /**
     * A member went away or came back: everyone who shares a room with it hears {@code frame} once (not its own
     * devices, not those who block it); a hidden member's presence shows nowhere.
     */
    public void awayChanged(Chatter chatter, ServerFrame frame) {
        if (!chatter.visible()) {
            return;
        }
        Long own = chatter.isLoggedIn() ? chatter.account().id() : null;
        Set<Long> told = new HashSet<>();
        Set<Chatter> toldGuests = new HashSet<>();
        for (String key : live.keysOf(chatter)) {
            Room room = live.get(key);
            if (room == null) {
                continue;
            }
            for (Long accountId : room.accounts.keySet()) {
                if (!accountId.equals(own) && told.add(accountId)) {
                    delivery.toAccount(accountId, frame, chatter, chatter);
                }
            }
            for (Chatter guest : room.guests) {
                if (guest != chatter && !guest.blocks(chatter) && toldGuests.add(guest)) {
                    delivery.toConnection(guest, frame);
                }
            }
        }
    }

    /**
     * The account's rooms with unread counts, for its conversation list. Asked at login, it also loads them (unless
     * another device has them loaded already) and makes the rooms the connection joined as a guest the account's.
     */
    public void conversations(Chatter chatter, Reply<List<ServerFrame.ConversationSummary>> reply) {
        if (!chatter.isLoggedIn()) {
            throw new ChatException(ErrorCode.NOT_LOGGED_IN, "log in to keep a list of conversations");
        }
        long accountId = chatter.account().id();
        List<String> asGuest = new ArrayList<>();
        for (Room room : live.all()) {
            if (room.guests.contains(chatter)) {
                asGuest.add(room.name);
                room.guests.remove(chatter);
                delivery.guestLeft(room.key, chatter.handle());
                chatter.typingForwardedReset(room.name);
                live.evictIfEmpty(room);
            }
        }
        long now = clock.getAsLong();
        Set<String> cachedKeys = live.keys();
        store.submit(LiveLogin.guard(chatter, c -> {
            for (String name : asGuest) {
                ConversationStore.RoomRow row = ConversationStore.findRoom(c, name.toLowerCase(Locale.ROOT));
                if (row != null && RoomStore.count(c, accountId) < MAX_ROOMS_PER_ACCOUNT) {
                    RoomStore.join(c, row.id(), accountId, now);
                }
            }
            List<Membership> memberships = new ArrayList<>();
            for (RoomStore.MembershipRow row : RoomStore.memberships(c, accountId)) {
                boolean cachedAlready = cachedKeys.contains(row.room().name().toLowerCase(Locale.ROOT));
                memberships.add(new Membership(row, cachedAlready ? null : RoomStore.members(c, row.room().id())));
            }
            return memberships;
        }), (memberships, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            if (!chatter.isLoggedIn() || chatter.account().id() != accountId) {
                reply.done(List.of(), null); // logged out again meanwhile
                return;
            }
            Set<String> keys = live.roomsOfCreating(accountId);
            List<ServerFrame.ConversationSummary> summaries = new ArrayList<>(memberships.size());
            for (Membership membership : memberships) {
                Room room = live.cached(membership.row().room(), membership.members());
                boolean arrived = room.accounts.put(accountId, chatter.account().name()) == null;
                if (keys.add(room.key) && arrived) {
                    audience.announceJoined(room, chatter); // joined as a guest a moment ago, the account now
                }
                summaries.add(new ServerFrame.ConversationSummary(room.name, membership.row().unread(),
                        membership.row().last() == null ? null : message(room.name, membership.row().last())));
            }
            reply.done(summaries, null);
        });
    }

    /**
     * A connection logged out (the account's other devices may go on): it is in none of the account's rooms any more,
     * and is told so.
     */
    public void loggedOut(Chatter chatter, long accountId) {
        Set<String> keys = live.roomsOf(accountId);
        if (keys == null) {
            return;
        }
        for (String key : List.copyOf(keys)) {
            Room room = live.get(key);
            if (room != null) {
                chatter.send(new ServerFrame.Left(room.name));
            }
        }
        live.forgetIfOffline(accountId);
    }

    /** The account is deleted: it leaves every room, and the others hear so. */
    public void accountDeleted(long accountId, String name) {
        Set<String> keys = live.roomsOf(accountId);
        for (Room room : live.all()) {
            if (room.accounts.containsKey(accountId)) {
                accountLeft(room, accountId, name, null);
            }
        }
        if (keys != null) {
            live.forgetAccount(accountId);
        }
    }

    /** The room's store id, if the chatter is in it (for reports). */
    public long storeId(Chatter chatter, String conv) {
        return roomOf(chatter, conv).storeId;
    }

    /**
     * The chatter's connection is gone. A guest leaves every room it was in; an account stays a member of its rooms,
     * and the rooms nobody online is in any more leave the cache.
     */
    public void disconnected(Chatter chatter) {
        for (Room room : live.all()) {
            if (room.guests.contains(chatter)) {
                leaveAsGuest(chatter, room);
            }
        }
        if (chatter.isLoggedIn()) {
            live.forgetIfOffline(chatter.account().id());
        }
    }

    /** Whether {@code conv} names a room (it starts with {@code #}). */
    public static boolean isRoom(String conv) {
        return conv != null && conv.startsWith("#");
    }

    /** Whether the chatter is in the room with that key (lower-case name). */
    public boolean isMember(Chatter chatter, String key) {
        Room room = live.get(key);
        return room != null && room.has(chatter);
    }

    // ---- membership ------------------------------------------------------------------------------------------------

    private void enter(Room room, Chatter chatter) {
        if (chatter.isLoggedIn()) {
            long accountId = chatter.account().id();
            if (room.accounts.put(accountId, chatter.account().name()) == null) {
                delivery.membershipChanged(room.key, accountId, chatter.account().name(), true);
            }
            live.roomsOfCreating(accountId).add(room.key);
        } else if (room.guests.add(chatter)) {
            delivery.guestEntered(room.key, chatter.handle());
        }
        audience.announceJoined(room, chatter);
    }

    private void leaveAsGuest(Chatter chatter, Room room) {
        room.guests.remove(chatter);
        delivery.guestLeft(room.key, chatter.handle());
        chatter.typingForwardedReset(room.name);
        audience.announceLeft(room, chatter);
        live.evictIfEmpty(room);
    }

    /** The account left the room: its devices hear {@code left}, the others {@code member_left}. */
    private void accountLeft(Room room, long accountId, String name, Chatter by) {
        if (room.accounts.remove(accountId) == null) {
            return;
        }
        delivery.membershipChanged(room.key, accountId, name, false);
        Set<String> keys = live.roomsOf(accountId);
        if (keys != null) {
            keys.remove(room.key);
        }
        ServerFrame.Left left = new ServerFrame.Left(room.name);
        delivery.toAccount(accountId, left, null, null);
        if (by == null || by.visible()) {
            audience.toMembers(room, new ServerFrame.MemberLeft(room.name, name), null, by); // it is out already
        }
        live.evictIfEmpty(room);
    }

    private Room roomOf(Chatter chatter, String conv) {
        Room room = conv == null ? null : live.get(conv.toLowerCase(Locale.ROOT));
        if (conv == null) {
            throw new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a room; /join #room first");
        }
        if (!isRoom(conv)) {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, conv + " is not a room; /join #room first");
        }
        if (room == null || !room.has(chatter)) {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "you are not in " + conv + "; /join it first");
        }
        return room;
    }

    static ServerFrame.Message message(String conv, StoredMessage stored) {
        return new ServerFrame.Message(conv, stored.senderName(), stored.text(), Long.toString(stored.id()),
                stored.createdAt(), stored.senderId() == null ? true : null, SharedFiles.info(stored.file()));
    }

}
