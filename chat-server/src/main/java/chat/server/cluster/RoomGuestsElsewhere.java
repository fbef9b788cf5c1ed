package chat.server.cluster;

import chat.core.wire.ServerFrame;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The guests in a room who sit on other nodes, for its member lists. Guests are connections, not accounts, so the
 * presence mirror does not know them: each node writes its own guests of a room into the hash
 * {@code chat:roomguests:<#name>} (field {@code node TAB handle}), a node that starts keeping a room reads the hash
 * once, and from then on follows the joins and parts that reach it on the room's guest channel. Guests of a node
 * that stopped beating are left out; after Redis lost its data every node writes its guests again. Loop thread only.
 */
final class RoomGuestsElsewhere {

    static final String HASH = "chat:roomguests:";

    private final String nodeId;
    private final RedisAsyncCommands<String, String> redis;
    private final Executor loop;
    private final ClusterPresence presence;
    /** By room: {@code node TAB handle} of the guests on other nodes. */
    private final Map<String, Set<String>> elsewhere = new HashMap<>();
    /** By room: this node's guests, to write again after Redis lost them. */
    private final Map<String, Set<String>> here = new HashMap<>();

    RoomGuestsElsewhere(String nodeId, RedisAsyncCommands<String, String> redis, Executor loop,
            ClusterPresence presence) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.loop = loop;
        this.presence = presence;
    }

    /** A guest of this node joined the room. */
    void entered(String roomKey, String handle) {
        here.computeIfAbsent(roomKey, key -> new HashSet<>()).add(handle);
        redis.hset(HASH + roomKey, nodeId + '\t' + handle, "1");
    }

    /** A guest of this node left the room. */
    void left(String roomKey, String handle) {
        Set<String> guests = here.get(roomKey);
        if (guests != null && guests.remove(handle) && guests.isEmpty()) {
            here.remove(roomKey);
        }
        redis.hdel(HASH + roomKey, nodeId + '\t' + handle);
    }

    /** This node keeps the room from now on (its guests elsewhere are read once), or no longer. */
    void kept(String roomKey, boolean kept) {
        if (!kept) {
            elsewhere.remove(roomKey);
            return;
        }
        Set<String> guests = elsewhere.computeIfAbsent(roomKey, key -> new HashSet<>());
        redis.hkeys(HASH + roomKey).thenAccept(fields -> loop.execute(() -> {
            if (elsewhere.get(roomKey) == guests) {
                fields.stream().filter(field -> !field.startsWith(nodeId + '\t')).forEach(guests::add);
            }
        }));
    }

    /** A frame for the room's guests came from {@code node}: its guests' joins and parts keep the list. */
    void heard(String roomKey, String node, ServerFrame frame) {
        Set<String> guests = elsewhere.get(roomKey);
        if (guests == null) {
            return;
        }
        if (frame instanceof ServerFrame.MemberJoined joined && Boolean.TRUE.equals(joined.guest())) {
            guests.add(node + '\t' + joined.handle());
        } else if (frame instanceof ServerFrame.MemberLeft left) {
            guests.remove(node + '\t' + left.handle());
        }
    }

    /** The rooms this node keeps. */
    Set<String> keptRooms() {
        return Set.copyOf(elsewhere.keySet());
    }

    /** The handles of the room's guests on other nodes that are alive. */
    List<String> handles(String roomKey) {
        Set<String> guests = elsewhere.get(roomKey);
        if (guests == null || guests.isEmpty()) {
            return List.of();
        }
        List<String> handles = new ArrayList<>(guests.size());
        for (String field : guests) {
            int tab = field.indexOf('\t');
            if (presence.isLive(field.substring(0, tab))) {
                handles.add(field.substring(tab + 1));
            }
        }
        return handles;
    }

    /** Redis lost its data: this node's guests are written again. */
    void redisEmptied() {
        here.forEach((roomKey, guests) -> guests.forEach(handle ->
                redis.hset(HASH + roomKey, nodeId + '\t' + handle, "1")));
    }
}
