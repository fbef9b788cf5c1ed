package chat.server.chat;

import chat.core.wire.ServerFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RandomChat}'s half that spans the nodes of a cluster: waiting in the cluster's one queue
 * ({@link StrangerExchange}), and random chats whose members sit on different nodes.
 *
 * <p>Each node keeps its own copy of such a chat: its own connections, and for every member elsewhere a stand-in
 * {@link Chatter#elsewhere} that frames for it go through. The frames are the events: a message, a typing
 * indicator, {@code keep_requested}, {@code kept} and {@code partner_left} sent to a member elsewhere travel to its
 * node, which changes its copy as they say (the sender left, wants to keep, ...) and delivers them. So every change
 * is made by the node of the member it is about, and the others follow. A node that stops beating counts as if all
 * its members left. Loop thread only.
 */
final class RandomChatsAcrossNodes implements StrangerExchange.Listener {

    /**
     * How long a node may be missing from the live nodes before its strangers count as gone (on top of the
     * heart-beat's time to live): long enough that a Redis restart, after which every node beats again within a
     * second or two, ends no chat.
     */
    static final long GONE_AFTER_MILLIS = 3_000;

    private final RandomChat random;
    private final StrangerExchange exchange;
    private final Scheduler scheduler;
    private final long interestFallbackMillis;
    private final String node;
    /** This node's connections that asked for random chat, by connection, until they close. */
    private final Map<Long, Chatter> here = new HashMap<>();
    /** The random chats with members elsewhere that members here are still in. */
    private final Set<RandomConversation> spanning = new LinkedHashSet<>();
    /** Nodes missing from the live ones, and since when (wall clock). */
    private final Map<String, Long> missingSince = new HashMap<>();
    /** Ids of stand-ins: negative, so never those of this node's connections. */
    private long lastStandInId;

    RandomChatsAcrossNodes(RandomChat random, StrangerExchange exchange, Scheduler scheduler,
            long interestFallbackMillis) {
        this.random = random;
        this.exchange = exchange;
        this.scheduler = scheduler;
        this.interestFallbackMillis = interestFallbackMillis;
        this.node = exchange.nodeId();
        exchange.listen(this);
    }

    /** Puts the chatter, its interests set, in the cluster's queue for a group of {@code size}. */
    void enqueue(Chatter chatter, int size, Reply<Void> answered) {
        here.put(chatter.id(), chatter);
        chatter.queuedForSize = size;
        chatter.queuedSinceNanos = System.nanoTime();
        chatter.open = chatter.interests.isEmpty() || interestFallbackMillis <= 0;
        long wait = chatter.queuedSinceNanos;
        exchange.enqueue(chatter.asWaiter(node, chatter.strangerHandle()), (group, error) -> {
            if (error != null) {
                if (waits(chatter, wait)) {
                    chatter.queuedForSize = 0;
                }
                answered.done(null, error);
                return;
            }
            if (!group.isEmpty()) {
                begin(random.newConversationId(), group, true);
            } else if (waits(chatter, wait)) {
                chatter.send(new ServerFrame.Queued(size));
                if (!chatter.open) {
                    scheduler.schedule(interestFallbackMillis + 1, () -> open(chatter, wait));
                }
            }
            answered.done(null, null);
        });
    }

    /** Takes the chatter out of the cluster's queue; false when it was not waiting. */
    boolean withdraw(Chatter chatter) {
        if (chatter.queuedForSize == 0) {
            return false;
        }
        chatter.queuedForSize = 0;
        exchange.withdraw(key(chatter), chatter.queuedSinceNanos);
        return true;
    }

    /** The chatter blocked or unblocked someone: if it waits, the queue keeps it apart as it does now. */
    void blocksChanged(Chatter chatter) {
        if (chatter.queuedForSize != 0) {
            exchange.update(chatter.asWaiter(node, chatter.strangerHandle()));
        }
    }

    /** Tries again to match a chatter of this node that still waits, since something that kept it apart lifted. */
    void retry(Chatter chatter, boolean open) {
        if (chatter.elsewhere() != null || chatter.queuedForSize == 0) {
            return;
        }
        exchange.retry(key(chatter), chatter.queuedSinceNanos, open, (group, error) -> {
            if (error == null && !group.isEmpty()) {
                begin(random.newConversationId(), group, true);
            }
        });
    }

    void disconnected(Chatter chatter) {
        withdraw(chatter);
        here.remove(chatter.id());
    }

    /** Keeps two who parted from meeting again in the cluster's queue for {@code millis}. */
    void keepApart(Chatter a, Chatter b, long millis) {
        exchange.keepApart(key(a), key(b), millis);
    }

    void send(Chatter to, Chatter from, ServerFrame frame) {
        exchange.send(to.elsewhere(), key(from), from.account(), frame);
    }

    void forgetIfNoneHere(RandomConversation conversation) {
        if (spanning.contains(conversation) && conversation.members().stream().noneMatch(m -> m.elsewhere() == null)) {
            spanning.remove(conversation);
        }
    }

    @Override
    public void started(String conv, List<String> sharedInterests, List<StrangerExchange.Member> roster) {
        begin(conv, roster, false);
    }

    @Override
    public void frame(long connection, String fromKey, Chatter.Account fromAccount, ServerFrame frame) {
        Chatter target = here.get(connection);
        RandomConversation conversation = target == null ? null : target.conversation;
        if (conversation == null || !conversation.id().equals(convOf(frame))) {
            return; // the chat ended here meanwhile
        }
        Chatter from = conversation.memberElsewhere(fromKey);
        if (from == null) {
            return;
        }
        from.accountElsewhere(fromAccount);
        if (frame instanceof ServerFrame.Message message) {
            if (conversation.members().contains(from)) {
                conversation.heard(message);
                target.send(message);
            }
        } else if (frame instanceof ServerFrame.Typing) {
            target.send(frame);
        } else if (frame instanceof ServerFrame.KeepRequested) {
            if (conversation.members().contains(from)) {
                boolean everyone = conversation.wantsToKeep(from);
                target.send(frame);
                // Both asked before hearing the other: the one whose key sorts first completes the keep.
                if (everyone && key(target).compareTo(fromKey) < 0) {
                    random.keepAgreed(List.of(target, from));
                }
            }
        } else if (frame instanceof ServerFrame.Kept) {
            target.conversation = null;
            target.recentPartners.parted(from, true, System.currentTimeMillis());
            target.send(frame);
            forgetIfNoneHere(conversation);
            random.ended(conversation.id());
        } else if (frame instanceof ServerFrame.PartnerLeft) {
            left(conversation, from, target);
        }
    }

    @Override
    public void liveNodes(Set<String> nodes) {
        long now = System.currentTimeMillis();
        Set<String> gone = new HashSet<>();
        Set<String> referred = new HashSet<>();
        for (RandomConversation conversation : spanning) {
            for (Chatter member : conversation.members()) {
                if (member.elsewhere() != null) {
                    String memberNode = nodeOf(member.elsewhere());
                    referred.add(memberNode);
                    if (!nodes.contains(memberNode)
                            && now - missingSince.computeIfAbsent(memberNode, n -> now) >= GONE_AFTER_MILLIS) {
                        gone.add(memberNode);
                    }
                }
            }
        }
        missingSince.keySet().removeIf(n -> nodes.contains(n) || !referred.contains(n));
        if (gone.isEmpty()) {
            return;
        }
        for (RandomConversation conversation : new ArrayList<>(spanning)) {
            for (Chatter member : new ArrayList<>(conversation.members())) {
                if (member.elsewhere() != null && gone.contains(nodeOf(member.elsewhere()))) {
                    for (Chatter local : new ArrayList<>(conversation.members())) {
                        if (local.elsewhere() == null) {
                            left(conversation, member, local);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void emptied() {
        for (Chatter chatter : here.values()) {
            if (chatter.queuedForSize != 0) {
                // The same wait, so answers about it still count; its place in the line is lost with the queue.
                exchange.enqueue(chatter.asWaiter(node, chatter.strangerHandle()), (group, error) -> {
                    if (error == null && !group.isEmpty()) {
                        begin(random.newConversationId(), group, true);
                    }
                });
            }
        }
    }

    /**
     * Starts the chat {@code conv} among {@code roster}, the group the cluster's queue formed; with {@code announce}
     * (on the node that formed it) tells the other nodes first. A member of this node that stopped waiting
     * meanwhile (it left the queue, or closed) joins only to leave at once, so that the others hear it left.
     */
    private void begin(String conv, List<StrangerExchange.Member> roster, boolean announce) {
        List<Chatter> group = new ArrayList<>(roster.size());
        List<Chatter> gone = new ArrayList<>(0);
        boolean elsewhere = false;
        Set<String> shared = null;
        for (StrangerExchange.Member member : roster) {
            shared = shared == null ? new java.util.TreeSet<>(member.interests()) : shared;
            shared.retainAll(member.interests());
            Chatter local = member.node().equals(node) ? here.get(member.connection()) : null;
            if (local != null && waits(local, member.waitId())) {
                local.queuedForSize = 0;
                group.add(local);
                continue;
            }
            Chatter.Account account = member.accountId() == null ? null
                    : new Chatter.Account(member.accountId(), member.accountName());
            Chatter standIn = Chatter.elsewhere(--lastStandInId, member.key(), member.handle(), account);
            group.add(standIn);
            if (member.node().equals(node)) {
                gone.add(standIn);
            } else {
                elsewhere = true;
            }
        }
        if (announce && elsewhere) {
            exchange.started(conv, List.copyOf(shared), roster);
        }
        RandomConversation conversation = random.start(conv, group, shared);
        if (elsewhere) {
            spanning.add(conversation);
        }
        for (Chatter standIn : gone) {
            if (standIn.conversation != null) {
                random.part(standIn);
            }
        }
    }

    /** {@code from}, elsewhere, left the chat: {@code target}, here, hears it, and the chat ends if one is left. */
    private void left(RandomConversation conversation, Chatter from, Chatter target) {
        conversation.remove(from);
        boolean ended = conversation.members().size() < 2;
        random.rememberParting(target, from, System.currentTimeMillis());
        target.send(new ServerFrame.PartnerLeft(conversation.id(), conversation.handleOf(from), ended));
        if (ended) {
            target.conversation = null;
            forgetIfNoneHere(conversation);
            random.ended(conversation.id());
        }
    }

    private void open(Chatter chatter, long wait) {
        if (waits(chatter, wait) && !chatter.open) {
            chatter.open = true;
            retry(chatter, true);
        }
    }

    private String key(Chatter chatter) {
        return chatter.elsewhere() != null ? chatter.elsewhere() : node + ":" + chatter.id();
    }

    private static boolean waits(Chatter chatter, long wait) {
        return chatter.queuedForSize != 0 && chatter.queuedSinceNanos == wait;
    }

    private static String nodeOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    private static String convOf(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message m) {
            return m.conv();
        } else if (frame instanceof ServerFrame.Typing t) {
            return t.conv();
        } else if (frame instanceof ServerFrame.KeepRequested k) {
            return k.conv();
        } else if (frame instanceof ServerFrame.Kept k) {
            return k.conv();
        } else if (frame instanceof ServerFrame.PartnerLeft p) {
            return p.conv();
        }
        return null;
    }
}
