package chat.server.chat;

import chat.core.model.RoomName;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import chat.server.store.ConversationStore;
import chat.server.store.ConversationStore.StoredMessage;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Group rooms: who is in each (live, per connection), their topics and their stored messages. A room exists once
 * someone joins it; its topic and messages are stored, so they are there for whoever joins later. Guests may join;
 * their messages are marked as a guest's. Loop thread only.
 */
public final class Rooms {

    /** A room with people in it. */
    private static final class Room {
        final long storeId;
        final String name;
        String topic;
        final Set<Chatter> members = new LinkedHashSet<>();

        Room(long storeId, String name, String topic) {
            this.storeId = storeId;
            this.name = name;
            this.topic = topic;
        }
    }

    /** What the store knows of a room being joined; {@code created} when the join made it. */
    private record Stored(ConversationStore.RoomRow row, boolean created, List<StoredMessage> recent) {
    }

    private final Store store;
    private final int memberLimit;
    private final int historyOnJoin;
    private final RequestLimit creation;
    private final LongSupplier clock;
    private final Map<String, Room> live = new HashMap<>();

    /** @param creation the limit on rooms created (joining one that is not stored yet) */
    public Rooms(Store store, int memberLimit, int historyOnJoin, RequestLimit creation, LongSupplier clock) {
        this.store = store;
        this.memberLimit = memberLimit;
        this.historyOnJoin = historyOnJoin;
        this.creation = creation;
        this.clock = clock;
    }

    /**
     * Joins (creating if new) room {@code rawName}; answers with the room and its recent history. Creating a room
     * takes from the room-creation limit: a room nobody is in may be stored already, so a token is reserved before
     * asking the store and given back when the room turned out to exist.
     */
    public void join(Chatter chatter, String rawName, String requestId, Reply<ServerFrame.History> reply) {
        String problem = RoomName.problemWith(rawName);
        if (problem != null) {
            throw new ChatException(ErrorCode.INVALID_ROOM, problem);
        }
        RoomName name = new RoomName(rawName);
        Room room = live.get(name.key());
        if (room != null && !room.members.contains(chatter) && room.members.size() >= memberLimit) {
            throw new ChatException(ErrorCode.ROOM_FULL, name + " is full (" + memberLimit + " people)");
        }
        long now = clock.getAsLong();
        boolean mayCreate = room != null || creation.tryAdmit(chatter);
        ChatException creationRefused = mayCreate ? null : creation.refusal(creation.waitNanos(chatter));
        boolean reserved = room == null && mayCreate;
        store.submit(c -> {
            ConversationStore.RoomRow row = ConversationStore.findRoom(c, name.key());
            boolean created = row == null;
            if (created) {
                if (creationRefused != null) {
                    throw creationRefused;
                }
                row = ConversationStore.room(c, name.key(), name.value(), now);
            }
            return new Stored(row, created, ConversationStore.history(c, row.id(), 0, historyOnJoin));
        }, (stored, error) -> {
            if (reserved && (error != null || !stored.created())) {
                creation.refund(chatter);
            }
            if (error != null) {
                reply.fail(error);
                return;
            }
            ConversationStore.RoomRow row = stored.row();
            List<StoredMessage> recent = stored.recent();
            Room joined = live.computeIfAbsent(name.key(), key -> new Room(row.id(), row.name(), row.topic()));
            if (!joined.members.contains(chatter)) {
                if (joined.members.size() >= memberLimit) {
                    reply.done(null, new ChatException(ErrorCode.ROOM_FULL, joined.name + " is full (" + memberLimit
                            + " people)"));
                    return;
                }
                announceJoined(joined, chatter);
                joined.members.add(chatter);
                chatter.rooms.add(name.key());
            }
            chatter.send(new ServerFrame.Room(requestId, joined.name, joined.topic, handles(joined, chatter),
                    memberLimit));
            reply.done(new ServerFrame.History(null, joined.name, messages(joined.name, recent, chatter),
                    recent.size() == historyOnJoin), null);
        });
    }

    /** Leaves the room {@code conv}. */
    public void part(Chatter chatter, String conv) {
        Room room = roomOf(chatter, conv);
        leave(chatter, room);
        chatter.send(new ServerFrame.Left(room.name));
    }

    /** Says {@code text} in the room; the store keeps it, then the members hear it. */
    public void say(Chatter chatter, String conv, String clientId, String text, ConversationStore.FileDraft file,
            Reply<Sent> reply) {
        Room room = roomOf(chatter, conv);
        long now = clock.getAsLong();
        Long senderId = chatter.isLoggedIn() ? chatter.account().id() : null;
        String senderName = chatter.handle();
        String key = "room:" + conv.toLowerCase(java.util.Locale.ROOT);
        store.submit(LiveLogin.guard(chatter, c -> ConversationStore.insertMessage(c, room.storeId, key, senderId,
                senderName, clientId, text, file, now)),
                (stored, error) -> {
                    if (error != null) {
                        reply.fail(error);
                        return;
                    }
                    ServerFrame.Message message = message(room.name, stored);
                    boolean delivered = false;
                    for (Chatter member : room.members) {
                        if (member != chatter && !member.blocks(chatter)) {
                            if (!stored.duplicate()) {
                                member.send(message);
                            }
                            delivered |= shows(chatter, member);
                        }
                    }
                    reply.done(new Sent(message, delivered), null);
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
            ServerFrame.TopicChanged changed = new ServerFrame.TopicChanged(room.name, topic, chatter.handle());
            for (Chatter member : room.members) {
                member.send(changed);
            }
            reply.done(null, null);
        });
    }

    /** Stored messages of a room the chatter is in. */
    public void history(Chatter chatter, String conv, long beforeId, int limit, Reply<ServerFrame.History> reply) {
        Room room = roomOf(chatter, conv);
        store.submit(c -> ConversationStore.history(c, room.storeId, beforeId, limit), (messages, error) -> {
            if (error != null) {
                reply.fail(error);
            } else {
                reply.done(new ServerFrame.History(null, room.name, messages(room.name, messages, chatter),
                        messages.size() == limit), null);
            }
        });
    }

    /** Passes a typing indicator on to the other members, at most once per interval for {@code active}. */
    public void typing(Chatter chatter, String conv, TypingState state) {
        Room room = roomOf(chatter, conv);
        if (!Typing.due(chatter, room.name, state)) {
            return;
        }
        ServerFrame.Typing frame = new ServerFrame.Typing(room.name, chatter.handle(), state.wireName());
        for (Chatter member : room.members) {
            if (member != chatter && !member.blocks(chatter)) {
                member.send(frame);
            }
        }
    }

    /** The rooms with people in them, most people first; hidden members are not counted. */
    public List<ServerFrame.RoomSummary> list() {
        List<ServerFrame.RoomSummary> rooms = new ArrayList<>();
        for (Room room : live.values()) {
            int shown = 0;
            for (Chatter member : room.members) {
                shown += member.visible() ? 1 : 0;
            }
            if (shown > 0) {
                rooms.add(new ServerFrame.RoomSummary(room.name, shown, room.topic));
            }
        }
        rooms.sort((a, b) -> b.members() != a.members().intValue() ? b.members() - a.members()
                : a.conv().compareToIgnoreCase(b.conv()));
        return rooms;
    }

    /** The members of a room the chatter is in, as it sees them: without those hidden from it. */
    public List<Chatter> members(Chatter chatter, String conv) {
        List<Chatter> shown = new ArrayList<>();
        for (Chatter member : roomOf(chatter, conv).members) {
            if (shows(chatter, member)) {
                shown.add(member);
            }
        }
        return shown;
    }

    /**
     * A member's visibility changed: the others see it arrive (shown again) or leave (hidden), so their lists stay
     * true and nothing about a hidden member's presence shows.
     */
    public void visibilityChanged(Chatter chatter) {
        for (String key : chatter.rooms) {
            Room room = live.get(key);
            if (room == null) {
                continue;
            }
            // Hiding is announced as leaving to those who saw the member until now.
            announce(room, chatter, chatter.visible() ? joined(room, chatter) : left(room, chatter), true);
        }
    }

    /** The room's name as created, if the chatter is in it (for reports). */
    public long storeId(Chatter chatter, String conv) {
        return roomOf(chatter, conv).storeId;
    }

    /** The chatter's connection is gone: it leaves every room it was in. */
    public void disconnected(Chatter chatter) {
        for (String key : List.copyOf(chatter.rooms)) {
            Room room = live.get(key);
            if (room != null) {
                leave(chatter, room);
            }
        }
    }

    /** Whether {@code conv} names a room (it starts with {@code #}). */
    public static boolean isRoom(String conv) {
        return conv != null && conv.startsWith("#");
    }

    private void leave(Chatter chatter, Room room) {
        room.members.remove(chatter);
        chatter.rooms.remove(room.name.toLowerCase(java.util.Locale.ROOT));
        chatter.typingForwarded.remove(room.name);
        announceLeft(room, chatter);
        if (room.members.isEmpty()) {
            live.remove(room.name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private Room roomOf(Chatter chatter, String conv) {
        Room room = conv == null ? null : live.get(conv.toLowerCase(java.util.Locale.ROOT));
        if (room == null || !room.members.contains(chatter)) {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "you are not in " + conv + "; /join it first");
        }
        return room;
    }

    /**
     * Whether {@code viewer} sees {@code member} in member lists and joins and parts. A hidden account shows to nobody
     * but itself (it still speaks, and what it says is seen), and two people kept apart by a block do not see each
     * other come and go.
     */
    private static boolean shows(Chatter viewer, Chatter member) {
        return member == viewer || member.visible() && !member.blocks(viewer);
    }

    private static void announceJoined(Room room, Chatter chatter) {
        announce(room, chatter, joined(room, chatter), chatter.visible());
    }

    private static void announceLeft(Room room, Chatter chatter) {
        announce(room, chatter, left(room, chatter), chatter.visible());
    }

    private static ServerFrame joined(Room room, Chatter chatter) {
        return new ServerFrame.MemberJoined(room.name, chatter.handle(), chatter.isLoggedIn() ? null : true);
    }

    private static ServerFrame left(Room room, Chatter chatter) {
        return new ServerFrame.MemberLeft(room.name, chatter.handle());
    }

    /** Tells the other members, unless {@code chatter} is hidden or a block keeps one apart from it. */
    private static void announce(Room room, Chatter chatter, ServerFrame notice, boolean shown) {
        if (!shown) {
            return;
        }
        for (Chatter member : room.members) {
            if (member != chatter && !member.blocks(chatter)) {
                member.send(notice);
            }
        }
    }

    private static List<String> handles(Room room, Chatter viewer) {
        List<String> handles = new ArrayList<>(room.members.size());
        for (Chatter member : room.members) {
            if (shows(viewer, member)) {
                handles.add(member.handle());
            }
        }
        return handles;
    }

    static ServerFrame.Message message(String conv, StoredMessage stored) {
        return new ServerFrame.Message(conv, stored.senderName(), stored.text(), Long.toString(stored.id()),
                stored.createdAt(), stored.senderId() == null ? true : null, SharedFiles.info(stored.file()));
    }

    /** Whether the chatter is in the room with that key (lower-case name). */
    public boolean isMember(Chatter chatter, String key) {
        Room room = live.get(key);
        return room != null && room.members.contains(chatter);
    }

    /** Stored messages as {@code viewer} sees them: without those of accounts a block keeps apart from it. */
    private static List<ServerFrame.Message> messages(String conv, List<StoredMessage> stored, Chatter viewer) {
        List<ServerFrame.Message> messages = new ArrayList<>(stored.size());
        for (StoredMessage message : stored) {
            if (message.senderId() == null || !viewer.blocksAccount(message.senderId())) {
                messages.add(message(conv, message));
            }
        }
        return messages;
    }
}
