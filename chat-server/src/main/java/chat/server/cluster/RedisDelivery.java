package chat.server.cluster;

import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.ServerFrame;
import chat.server.chat.Chatter;
import chat.server.chat.Delivery;
import chat.server.chat.LocalDelivery;
import chat.server.chat.OnlineUsers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * {@link Delivery} for a node of a cluster: every frame is delivered to this node's connections first, as
 * {@link LocalDelivery} does, then published on Redis; the other nodes' subscribers deliver it to their own
 * connections only, so nothing echoes back (Mattermost's cluster messages work the same way).
 *
 * <p>Frames for an account go to the channel {@code chat:account:<id>}, to which a node subscribes while it holds a
 * device of that account: Redis routes each frame to exactly the nodes that need it, and an account online nowhere
 * costs one PUBLISH that reaches nobody. (One channel per node would need a directory of who is where, kept true
 * through crashes; Redis already keeps one: its subscriptions.) The filters travel with the frame as data: the
 * sender's account and name, and its own blocks by name, so a receiving node applies blocks to its devices.
 *
 * <p>Whether an account is online anywhere comes from {@link ClusterPresence}. Every Redis callback runs on Lettuce's
 * threads and is handed to the event loop at once; nothing here blocks the loop. While Redis is away, publishing
 * fails at once (the frames are lost to the other nodes, never to the store: clients catch up from history), and
 * Lettuce reconnects and subscribes again by itself.
 */
public final class RedisDelivery implements Delivery, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisDelivery.class.getName());
    static final String ACCOUNT_CHANNEL = "chat:account:";
    static final String ROOMS_CHANNEL = "chat:rooms";
    /** Frames for the guests in a room, {@code chat:room:<key>}: a node subscribes while it keeps the room. */
    static final String ROOM_GUESTS_CHANNEL = "chat:room:";
    /** Marks a message on an account's channel that says how the account shows now, rather than a frame. */
    private static final String SHOWN = "!";
    /** Marks a message on an account's channel that says its blocks changed. */
    private static final String BLOCKS = "#";

    private final String nodeId;
    private final LocalDelivery local;
    private final OnlineUsers online;
    private final Executor loop;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final ClusterPresence presence;
    private final RedisStrangers strangers;
    private final RoomGuestsElsewhere roomGuests;
    private MembershipListener membershipListener;
    private GuestFrameListener guestFrameListener;

    /**
     * Connects to Redis ({@code redis://HOST:PORT}) and starts listening.
     *
     * @param loop where every message from the bus is handled
     */
    public RedisDelivery(String redisUrl, String nodeId, OnlineUsers online, Executor loop) {
        this.nodeId = nodeId;
        this.local = new LocalDelivery(online);
        this.online = online;
        this.loop = loop;
        this.client = RedisClients.open(redisUrl);
        this.connection = client.connect();
        this.redis = connection.async();
        this.subscriptions = client.connectPubSub();
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                loop.execute(() -> received(channel, message));
            }
        });
        this.presence = new ClusterPresence(nodeId, redis, online, loop);
        this.strangers = new RedisStrangers(nodeId, redis, client.connect(), loop, presence);
        this.roomGuests = new RoomGuestsElsewhere(nodeId, redis, loop, presence);
        presence.onEmptied(roomGuests::redisEmptied);
        presence.onEmptied(this::subscribeAgain);
        strangers.start();
        subscriptions.async().subscribe(ROOMS_CHANNEL);
        online.listener(new OnlineUsers.Listener() {
            @Override
            public void cameOnline(long accountId) {
                subscriptions.async().subscribe(ACCOUNT_CHANNEL + accountId);
                presence.cameOnline(accountId);
            }

            @Override
            public void shownChanged(long accountId) {
                List<Chatter> devices = online.devices(accountId);
                if (!devices.isEmpty()) {
                    Chatter shown = devices.get(0);
                    publish(ACCOUNT_CHANNEL + accountId, nodeId + "\t" + SHOWN + '\t' + (shown.visible() ? '1' : '0')
                            + '\t' + (shown.away() ? '1' : '0') + '\t'
                            + (shown.awayMessage() == null ? "" : shown.awayMessage()));
                    presence.cameOnline(accountId); // how it shows, for the other nodes' next beat
                }
            }

            @Override
            public void blocksChanged(long accountId) {
                publish(ACCOUNT_CHANNEL + accountId, nodeId + "\t" + BLOCKS + "\t\t\t");
            }

            @Override
            public void wentOffline(long accountId) {
                subscriptions.async().unsubscribe(ACCOUNT_CHANNEL + accountId);
                presence.wentOffline(accountId);
            }
        });
    }

    /** The cluster's pairing queue and the way to strangers on other nodes. */
    public RedisStrangers strangers() {
        return strangers;
    }

    /** The node's presence in the cluster: heart-beats and the mirror of who is online elsewhere. */
    public ClusterPresence presence() {
        return presence;
    }

    @Override
    public void toAccount(long accountId, ServerFrame frame, Chatter except, Chatter sender) {
        local.toAccount(accountId, frame, except, sender);
        // Published even when the mirror knows of no other device: one that logged in elsewhere a moment ago may
        // not be in it yet, and a PUBLISH that reaches no subscriber costs Redis next to nothing.
        publish(ACCOUNT_CHANNEL + accountId, envelope(frame, sender));
    }

    @Override
    public void toGuestsElsewhere(String roomKey, ServerFrame frame, Chatter sender) {
        publish(ROOM_GUESTS_CHANNEL + roomKey, envelope(frame, sender));
    }

    @Override
    public void roomHere(String roomKey, boolean here) {
        if (here) {
            subscriptions.async().subscribe(ROOM_GUESTS_CHANNEL + roomKey);
        } else {
            subscriptions.async().unsubscribe(ROOM_GUESTS_CHANNEL + roomKey);
        }
        roomGuests.kept(roomKey, here);
    }

    @Override
    public void guestEntered(String roomKey, String handle) {
        roomGuests.entered(roomKey, handle);
    }

    @Override
    public void guestLeft(String roomKey, String handle) {
        roomGuests.left(roomKey, handle);
    }

    @Override
    public List<String> guestsElsewhere(String roomKey) {
        return roomGuests.handles(roomKey);
    }

    @Override
    public void onGuestFrame(GuestFrameListener listener) {
        guestFrameListener = listener;
    }

    /**
     * Redis lost its data (it restarted): subscribes again to every channel this node needs. Lettuce restores the
     * subscriptions Redis had confirmed before the restart, but one asked for just before it (a login at that moment)
     * was never confirmed and would stay lost; subscribing twice is harmless.
     */
    private void subscribeAgain() {
        List<String> channels = new ArrayList<>();
        channels.add(ROOMS_CHANNEL);
        for (long accountId : online.accountIds()) {
            channels.add(ACCOUNT_CHANNEL + accountId);
        }
        for (String roomKey : roomGuests.keptRooms()) {
            channels.add(ROOM_GUESTS_CHANNEL + roomKey);
        }
        subscriptions.async().subscribe(channels.toArray(String[]::new));
    }

    /** A frame with its filters as data: this node, the sender's account and name, its blocks by name. */
    private String envelope(ServerFrame frame, Chatter sender) {
        StringBuilder envelope = new StringBuilder(160).append(nodeId).append('\t');
        if (sender != null && sender.isLoggedIn()) {
            envelope.append(sender.account().id()).append('\t')
                    .append(sender.account().name().toLowerCase(Locale.ROOT));
        } else {
            envelope.append("-\t");
        }
        envelope.append('\t').append(sender == null ? "" : String.join(",", sender.blockedNames())).append('\t')
                .append(FrameCodec.encode(frame));
        return envelope.toString();
    }

    @Override
    public void toConnection(Chatter chatter, ServerFrame frame) {
        local.toConnection(chatter, frame); // a connection is always this node's own
    }

    @Override
    public boolean isOnline(long accountId) {
        return local.isOnline(accountId) || presence.isOnlineElsewhere(accountId);
    }

    @Override
    public void membershipChanged(String roomKey, long accountId, String name, boolean joined) {
        publish(ROOMS_CHANNEL, nodeId + '\t' + (joined ? '+' : '-') + '\t' + accountId + '\t' + name + '\t' + roomKey);
    }

    @Override
    public void onMembershipChanged(MembershipListener listener) {
        membershipListener = listener;
    }

    private void publish(String channel, String message) {
        redis.publish(channel, message).exceptionally(error -> {
            LOG.fine(() -> "publishing to " + channel + " failed: " + error);
            return null;
        });
    }

    /** A message from the bus, on the loop: delivered to this node's connections only. */
    private void received(String channel, String message) {
        List<String> fields = split(message, 5);
        if (fields.size() < 5 || fields.get(0).equals(nodeId)) {
            return; // our own, delivered locally already
        }
        if (channel.equals(ROOMS_CHANNEL)) {
            if (membershipListener != null) {
                membershipListener.changed(fields.get(4), Long.parseLong(fields.get(2)), fields.get(3),
                        fields.get(1).equals("+"));
            }
            return;
        }
        if (channel.startsWith(ROOM_GUESTS_CHANNEL)) {
            ServerFrame frame = decode(fields.get(4));
            if (frame != null) {
                roomGuests.heard(channel.substring(ROOM_GUESTS_CHANNEL.length()), fields.get(0), frame);
            }
            if (frame != null && guestFrameListener != null) {
                guestFrameListener.received(channel.substring(ROOM_GUESTS_CHANNEL.length()), frame,
                        senderId(fields), fields.get(2), senderBlocks(fields));
            }
            return;
        }
        if (!channel.startsWith(ACCOUNT_CHANNEL)) {
            return;
        }
        long accountId = Long.parseLong(channel.substring(ACCOUNT_CHANNEL.length()));
        if (fields.get(1).equals(BLOCKS)) {
            online.blocksChangedElsewhere(accountId);
            return;
        }
        if (fields.get(1).equals(SHOWN)) {
            online.shownElsewhere(accountId, fields.get(2).equals("1"), fields.get(3).equals("1"),
                    fields.get(4).isEmpty() ? null : fields.get(4));
            return;
        }
        ServerFrame frame = decode(fields.get(4));
        if (frame == null) {
            return;
        }
        Long senderId = senderId(fields);
        List<String> senderBlocks = senderBlocks(fields);
        for (Chatter device : online.devices(accountId)) {
            if (!device.blocksRemote(senderId, fields.get(2), senderBlocks)) {
                device.send(frame);
            }
        }
    }

    private static Long senderId(List<String> envelope) {
        return envelope.get(1).equals("-") ? null : Long.valueOf(envelope.get(1));
    }

    private static List<String> senderBlocks(List<String> envelope) {
        return envelope.get(3).isEmpty() ? List.of() : List.of(envelope.get(3).split(","));
    }

    /** The frame of an envelope, or null (logged) when it does not decode. */
    private static ServerFrame decode(String encoded) {
        try {
            return FrameCodec.decodeServer(encoded);
        } catch (FrameException e) {
            LOG.warning(() -> "a frame from the bus did not decode: " + e.getMessage());
            return null;
        }
    }

    /** Splits at the first {@code parts - 1} tabs; the last part keeps its tabs. */
    private static List<String> split(String message, int parts) {
        List<String> fields = new ArrayList<>(parts);
        int start = 0;
        while (fields.size() < parts - 1) {
            int tab = message.indexOf('\t', start);
            if (tab < 0) {
                break;
            }
            fields.add(message.substring(start, tab));
            start = tab + 1;
        }
        fields.add(message.substring(start));
        return fields;
    }

    @Override
    public void close() {
        strangers.close();
        presence.close();
        subscriptions.close();
        connection.close();
        RedisClients.close(client);
    }
}
