package chat.server.cluster;

import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.ServerFrame;
import chat.server.chat.ChatException;
import chat.server.chat.Chatter;
import chat.core.wire.ErrorCode;
import chat.server.chat.Reply;
import chat.server.chat.StrangerExchange;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The {@link StrangerExchange} of a cluster, on Redis. The pairing queue is one set of keys that every node matches
 * against with one Lua script ({@code pairing.lua}), so a match is atomic however many nodes ask at once and the
 * order of arrival is one for the whole cluster. Random chats' frames, and the news that a chat began, go to the
 * inbox {@code chat:strangers:<node>} of the node that holds the connection they are for: the queue's answer says
 * which node each member is on, so no directory is needed. An inbox is a list, not a channel, because the news that a
 * chat began must not be lost while a node reconnects (after a Redis restart, say): its member would wait for ever
 * for a chat its partner is in. Each node reads its own with a blocking pop on a connection of its own; an inbox
 * nobody reads (its node died) expires a minute after the last push, and its members' partners learn from the
 * heart-beats that they left. Every answer is handed to the event loop.
 */
public final class RedisStrangers implements StrangerExchange {

    private static final Logger LOG = Logger.getLogger(RedisStrangers.class.getName());
    static final String CHANNEL = "chat:strangers:";
    /** The most waiting people one attempt to match looks at, as on one node. */
    static final int SCAN_LIMIT = 64;
    private static final String SCRIPT = script();
    /** How long an inbox nobody reads keeps what was pushed to it. */
    private static final long INBOX_TTL_MILLIS = 60_000;
    /** Takes up to 100 more messages from an inbox at once: KEYS[1] the inbox. */
    private static final String DRAIN = "local items = redis.call('LRANGE', KEYS[1], 0, 99) if #items > 0 then"
            + " redis.call('LTRIM', KEYS[1], #items, -1) end return items";

    private final String nodeId;
    private final RedisAsyncCommands<String, String> redis;
    private final Executor loop;
    /** The connection this node's inbox is read on, blocking; null when nobody reads it (a test of the queue). */
    private final StatefulRedisConnection<String, String> inbox;
    private volatile boolean closed;
    private Listener listener;

    /**
     * @param inbox a connection of its own for reading this node's inbox (its reads block), or null to read none
     */
    RedisStrangers(String nodeId, RedisAsyncCommands<String, String> redis,
            StatefulRedisConnection<String, String> inbox, Executor loop, ClusterPresence presence) {
        this.nodeId = nodeId;
        this.redis = redis;
        this.inbox = inbox;
        this.loop = loop;
        presence.onLiveNodes(nodes -> {
            if (listener != null) {
                listener.liveNodes(nodes);
            }
        });
        presence.onEmptied(() -> {
            if (listener != null) {
                listener.emptied();
            }
        });
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void listen(Listener value) {
        this.listener = value;
    }

    @Override
    public void enqueue(Waiter waiter, Reply<List<Member>> answer) {
        List<String> args = new ArrayList<>(List.of("enqueue", waiter.key(), now(),
                Long.toString(ClusterPresence.TTL_MILLIS), Integer.toString(SCAN_LIMIT),
                "node", nodeId, "wait", Long.toString(waiter.waitId()), "size", Integer.toString(waiter.size()),
                "interests", String.join("\n", waiter.interests()), "open", waiter.open() ? "1" : "0",
                "account", waiter.accountId() == null ? "" : waiter.accountId().toString(),
                "name", waiter.nameKey(), "display", waiter.accountName(), "handle", waiter.handle(),
                "ba", listed(waiter.blockedAccounts()), "av", listed(waiter.avoidedAccounts()),
                "bn", listed(waiter.blockedNames()), "bc", listed(waiter.blockedKeys())));
        match(args, answer);
    }

    @Override
    public void retry(String key, long wait, boolean open, Reply<List<Member>> answer) {
        match(new ArrayList<>(List.of("retry", key, now(), Long.toString(ClusterPresence.TTL_MILLIS),
                Integer.toString(SCAN_LIMIT), Long.toString(wait), open ? "1" : "0")), answer);
    }

    @Override
    public void update(Waiter waiter) {
        redis.eval(SCRIPT, ScriptOutputType.INTEGER, new String[0], "update", waiter.key(),
                Long.toString(waiter.waitId()), "ba", listed(waiter.blockedAccounts()), "av",
                listed(waiter.avoidedAccounts()), "bn", listed(waiter.blockedNames()), "bc",
                listed(waiter.blockedKeys())).exceptionally(error -> {
                    LOG.fine(() -> "updating a waiter failed: " + error);
                    return null;
                });
    }

    @Override
    public void withdraw(String key, long wait) {
        redis.eval(SCRIPT, ScriptOutputType.INTEGER, new String[0], "withdraw", key, Long.toString(wait))
                .exceptionally(error -> {
                    LOG.fine(() -> "leaving the queue failed: " + error);
                    return null;
                });
    }

    @Override
    public void keepApart(String a, String b, long millis) {
        String pair = a.compareTo(b) < 0 ? a + '|' + b : b + '|' + a;
        redis.set("chat:pair:skip:" + pair, "1", SetArgs.Builder.px(millis));
    }

    @Override
    public void started(String conv, List<String> sharedInterests, List<Member> roster) {
        StringBuilder message = new StringBuilder(64 * roster.size()).append("S\t").append(nodeId).append('\t')
                .append(conv);
        Set<String> nodes = new LinkedHashSet<>();
        for (Member member : roster) {
            nodes.add(member.node());
            message.append('\n').append(member.key()).append('\t').append(member.waitId()).append('\t')
                    .append(member.handle()).append('\t')
                    .append(member.accountId() == null ? "-" : member.accountId().toString()).append('\t')
                    .append(member.accountName() == null ? "" : member.accountName());
            for (String interest : member.interests()) {
                message.append('\t').append(interest);
            }
        }
        nodes.remove(nodeId);
        for (String node : nodes) {
            push(node, message.toString());
        }
    }

    @Override
    public void send(String toKey, String fromKey, Chatter.Account fromAccount, ServerFrame frame) {
        int colon = toKey.indexOf(':');
        push(toKey.substring(0, colon), "F\t" + nodeId + '\t' + toKey.substring(colon + 1) + '\t'
                + fromKey + '\t' + (fromAccount == null ? "-\t" : fromAccount.id() + "\t" + fromAccount.name())
                + '\n' + FrameCodec.encode(frame));
    }

    /** Starts reading this node's inbox, and goes on until {@link #close}. */
    void start() {
        if (inbox != null) {
            readInbox();
        }
    }

    /** Waits (on Redis, never on the loop) up to a second for the inbox, takes what is there, and waits again. */
    private void readInbox() {
        if (closed) {
            return;
        }
        String key = CHANNEL + nodeId;
        inbox.async().blpop(1, key).whenComplete((first, error) -> {
            if (closed) {
                return;
            }
            if (error != null) {
                LOG.fine(() -> "reading the inbox failed: " + error);
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(this::readInbox);
            } else if (first == null || !first.hasValue()) {
                readInbox();
            } else {
                inbox.async().<List<String>>eval(DRAIN, ScriptOutputType.MULTI, key).whenComplete((rest, failed) -> {
                    List<String> messages = new ArrayList<>(1 + (rest == null ? 0 : rest.size()));
                    messages.add(first.getValue());
                    if (rest != null) {
                        messages.addAll(rest);
                    }
                    loop.execute(() -> messages.forEach(this::received));
                    readInbox();
                });
            }
        });
    }

    /** Stops reading the inbox. */
    void close() {
        closed = true;
        if (inbox != null) {
            inbox.close();
        }
    }

    /** A message from this node's inbox, on the loop. */
    private void received(String message) {
        int newline = message.indexOf('\n');
        if (listener == null || newline < 0) {
            return;
        }
        String[] head = message.substring(0, newline).split("\t", -1);
        String body = message.substring(newline + 1);
        if (head[0].equals("S") && head.length == 3) {
            List<Member> roster = new ArrayList<>();
            for (String line : body.split("\n")) {
                String[] fields = line.split("\t", -1);
                Set<String> interests = new HashSet<>(List.of(fields).subList(5, fields.length));
                roster.add(new Member(fields[0], Long.parseLong(fields[1]), fields[2],
                        fields[3].equals("-") ? null : Long.valueOf(fields[3]), fields[4], interests));
            }
            listener.started(head[2], List.of(), roster);
        } else if (head[0].equals("F") && head.length == 6) {
            ServerFrame frame;
            try {
                frame = FrameCodec.decodeServer(body);
            } catch (FrameException e) {
                LOG.warning(() -> "a random chat's frame from another node did not decode: " + e.getMessage());
                return;
            }
            Chatter.Account from = head[4].equals("-") ? null : new Chatter.Account(Long.parseLong(head[4]), head[5]);
            listener.frame(Long.parseLong(head[2]), head[3], from, frame);
        }
    }

    private void match(List<String> args, Reply<List<Member>> answer) {
        redis.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, new String[0], args.toArray(String[]::new))
                .whenComplete((result, error) -> loop.execute(() -> {
                    if (error != null) {
                        LOG.fine(() -> "the pairing queue did not answer: " + error);
                        answer.done(null, new ChatException(ErrorCode.UNAVAILABLE, "random chat cannot reach"
                                + " the other servers just now; try again in a few seconds",
                                Reply.UNAVAILABLE_RETRY_SECONDS));
                    } else {
                        answer.done(members(result), null);
                    }
                }));
    }

    private static List<Member> members(List<Object> result) {
        List<Member> group = new ArrayList<>(result.size());
        for (Object row : result) {
            List<?> fields = (List<?>) row;
            String account = String.valueOf(fields.get(3));
            String interests = String.valueOf(fields.get(5));
            group.add(new Member(String.valueOf(fields.get(0)), Long.parseLong(String.valueOf(fields.get(1))),
                    String.valueOf(fields.get(2)), account.isEmpty() ? null : Long.valueOf(account),
                    String.valueOf(fields.get(4)),
                    interests.isEmpty() ? Set.of() : new HashSet<>(List.of(interests.split("\n")))));
        }
        return group;
    }

    private void push(String node, String message) {
        String key = CHANNEL + node;
        redis.rpush(key, message).exceptionally(error -> {
            LOG.fine(() -> "pushing to " + key + " failed: " + error);
            return null;
        });
        redis.pexpire(key, INBOX_TTL_MILLIS);
    }

    private static String listed(Collection<?> items) {
        if (items.isEmpty()) {
            return ",";
        }
        StringBuilder list = new StringBuilder(",");
        for (Object item : items) {
            list.append(item).append(',');
        }
        return list.toString();
    }

    private static String now() {
        return Long.toString(System.currentTimeMillis());
    }

    private static String script() {
        try (InputStream in = RedisStrangers.class.getResourceAsStream("pairing.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
