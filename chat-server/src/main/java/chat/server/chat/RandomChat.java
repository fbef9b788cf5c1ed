package chat.server.chat;

import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Random stranger chat: the pairing queue, the conversations it creates, and what happens in them (messages, typing
 * indicators, skipping and leaving). Conversations are kept in memory only; nothing here is ever stored.
 *
 * <p>Leaving or skipping a conversation keeps its members from being matched with the leaver again for the rematch
 * cool-down, in both directions. Loop thread only.
 */
public final class RandomChat {

    private static final String ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final Scheduler scheduler;
    private final long rematchCooldownMillis;
    private final long interestFallbackMillis;
    private final LongSupplier wallClockMillis;
    private final RecentSkips recentSkips = new RecentSkips();
    private final StrangersMet met;
    private final PairingQueue queue;
    /** The one pending sweep, or null; and when it is due (nanoTime). */
    private Scheduler.Cancellable sweepTimer;
    private long sweepDueNanos;
    private java.util.function.Consumer<String> onEnded = conv -> { };
    private final SplittableRandom random = new SplittableRandom();
    private long messageSequence;
    /** The random chats of a cluster, when this node is one; null alone. */
    private RandomChatsAcrossNodes acrossNodes;
    private java.util.function.Consumer<List<Chatter>> onKeepAgreed = pair -> { };

    /**
     * @param rematchCooldownMillis how long two people who parted are kept apart by the matcher
     * @param wallClockMillis the clock for message time stamps
     */
    public RandomChat(Scheduler scheduler, long rematchCooldownMillis, long interestFallbackMillis,
            LongSupplier wallClockMillis) {
        this.scheduler = scheduler;
        this.rematchCooldownMillis = rematchCooldownMillis;
        this.interestFallbackMillis = interestFallbackMillis;
        this.wallClockMillis = wallClockMillis;
        this.met = new StrangersMet(wallClockMillis);
        this.queue = new PairingQueue(this::keptApart, TimeUnit.MILLISECONDS.toNanos(interestFallbackMillis));
    }

    /** Whether a recent parting or a block keeps two waiting people apart, whatever their interests. */
    private boolean keptApart(Chatter a, Chatter b) {
        return recentSkips.keepsApart(a, b, System.nanoTime()) || a.keptApartFrom(b);
    }

    /**
     * Pairs strangers across the nodes of a cluster from now on, through {@code exchange}, instead of in this
     * node's memory. Called once, before the first request.
     */
    public void acrossNodes(StrangerExchange exchange) {
        this.acrossNodes = new RandomChatsAcrossNodes(this, exchange, scheduler, interestFallbackMillis);
    }

    /**
     * Runs {@code listener} with two strangers on different nodes who both asked to keep their chat, when the keep
     * completes on this node although its request arrived from the other node; the listener stores the direct
     * conversation and calls {@link #kept}, as for a keep asked here.
     */
    public void onKeepAgreed(java.util.function.Consumer<List<Chatter>> listener) {
        this.onKeepAgreed = listener;
    }

    /**
     * Looks for {@code size - 1} strangers for {@code chatter}, leaving its current random conversation first. The
     * chatter hears {@code queued} or {@code paired}, then {@code answered} runs (at once on one node; once the
     * cluster's queue answered on a node of a cluster, or with the error why not). With {@code interests},
     * strangers sharing one are preferred until the interest fall-back passes; then anyone will do.
     */
    public void next(Chatter chatter, int size, List<String> interests, Reply<Void> answered) {
        if (chatter.conversation != null) {
            part(chatter);
        }
        if (acrossNodes != null) {
            acrossNodes.withdraw(chatter);
            chatter.interests = normalized(interests);
            acrossNodes.enqueue(chatter, size, answered);
            return;
        }
        queue.remove(chatter); // under its old interests
        chatter.interests = normalized(interests);
        List<Chatter> group = queue.enqueue(chatter, size, System.nanoTime());
        if (group == null) {
            chatter.send(new ServerFrame.Queued(size));
            explainCoolDown(chatter);
            scheduleSweep();
        } else {
            start(group);
        }
        answered.done(null, null);
    }

    /**
     * Records that {@code chatter} wants to keep its random chat (of two) as a direct conversation.
     *
     * @return both chatters once both asked, so the caller can create the direct conversation and call
     *     {@link #kept}; null while the other has not asked yet (they hear {@code keep_requested})
     */
    public List<Chatter> keep(Chatter chatter, String conv) {
        RandomConversation conversation = conversationOf(chatter, conv);
        if (conversation.members().size() != 2) {
            throw new ChatException(ErrorCode.BAD_ARGUMENTS, "keeping works in a chat of two");
        }
        if (!chatter.isLoggedIn()) {
            throw new ChatException(ErrorCode.NOT_LOGGED_IN,
                    "register (or log in) first to keep in touch: /register NAME PASSWORD");
        }
        Chatter other = conversation.othersThan(chatter).get(0);
        if (conversation.wantsToKeep(chatter)) {
            return List.of(chatter, other);
        }
        tell(other, chatter, new ServerFrame.KeepRequested(conversation.id()));
        return null;
    }

    /**
     * Ends a random chat whose two members kept it: each hears {@code kept} with the direct conversation it goes on
     * in. No cool-down: they are contacts now.
     */
    public void kept(List<Chatter> pair) {
        RandomConversation conversation = pair.get(0).conversation;
        if (conversation == null || pair.get(1).conversation != conversation) {
            return; // one of them left meanwhile
        }
        long now = wallClockMillis.getAsLong();
        for (Chatter member : pair) {
            member.conversation = null;
            Chatter other = member == pair.get(0) ? pair.get(1) : pair.get(0);
            member.recentPartners.parted(other, true, now);
            tell(member, other, new ServerFrame.Kept(conversation.id(), "@" + other.account().name()));
        }
        forgetIfNoneHere(conversation);
        onEnded.accept(conversation.id());
    }

    /** The strangers each chatter met lately, as reports and blocks name them. */
    public StrangersMet met() {
        return met;
    }

    /**
     * After {@code blocker} blocked the account {@code name}: ends its random chat with the stranger shown to it
     * under that name, if there is one. A stranger met under a handle is left alone, whoever it is: ending that chat
     * would tell the blocker whose account the handle hides.
     */
    public void separateNamed(Chatter blocker, String name) {
        if (GuestHandles.isHandle(name)) {
            return;
        }
        RecentPartners.Partner partner = blocker.recentPartners.byHandle(name, wallClockMillis.getAsLong());
        if (partner != null && partner.live() != null) {
            separate(blocker, partner.live());
        }
    }

    /**
     * The chatter's blocks changed. Alone, the queue asks about blocks whenever it matches; a cluster's queue holds
     * what the waiter brought along, so it is told.
     */
    public void blocksChanged(Chatter chatter) {
        if (acrossNodes != null) {
            acrossNodes.blocksChanged(chatter);
        }
    }

    /** Ends the random chat between two who block each other now, as if {@code blocker} left. */
    public void separate(Chatter blocker, Chatter blocked) {
        if (blocker.conversation != null && blocker.conversation == blocked.conversation) {
            part(blocker);
        }
    }

    /** Leaves the current random conversation, or stops waiting for one. */
    public void leave(Chatter chatter, String conv) {
        if (chatter.conversation != null) {
            conversationOf(chatter, conv);
            part(chatter);
        } else if (conv == null && (acrossNodes != null ? acrossNodes.withdraw(chatter) : queue.remove(chatter))) {
            chatter.send(new ServerFrame.Left(null));
        } else if (conv != null) {
            throw unknownConversation(conv);
        } else {
            throw new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a chat and not waiting for one");
        }
    }

    /**
     * Says {@code text}, already checked with {@link MessageText#validate}, to the others in the conversation.
     *
     * @param conv the conversation id, or null for the chatter's current one
     * @return the message as the others received it (its id and time go into the sender's {@code ok})
     */
    public ServerFrame.Message say(Chatter chatter, String conv, String text) {
        return say(chatter, conv, text, null);
    }

    /** {@link #say(Chatter, String, String)} for a message that shares {@code file}. */
    public ServerFrame.Message say(Chatter chatter, String conv, String text, ServerFrame.FileInfo file) {
        RandomConversation conversation = conversationOf(chatter, conv);
        ServerFrame.Message message = new ServerFrame.Message(conversation.id(), conversation.handleOf(chatter), text,
                "r" + Long.toString(++messageSequence, 36), wallClockMillis.getAsLong(), null, file);
        conversation.transcript().add(message.ts(), message.from(), text);
        chatter.lastTypingForwardedNanos = 0;
        List<Chatter> members = conversation.members();
        for (int i = 0; i < members.size(); i++) { // no copy of the list per message
            Chatter other = members.get(i);
            if (other != chatter) {
                tell(other, chatter, message);
            }
        }
        return message;
    }

    /**
     * Passes a typing indicator on to the others. {@code active} is passed on at most once per
     * {@link TypingState#REPEAT_INTERVAL_MILLIS}; extra ones are dropped quietly, since receivers keep showing the
     * last one until it expires.
     */
    public void typing(Chatter chatter, String conv, TypingState state) {
        RandomConversation conversation = conversationOf(chatter, conv);
        long now = System.nanoTime();
        if (state == TypingState.ACTIVE) {
            if (chatter.lastTypingForwardedNanos != 0 && now - chatter.lastTypingForwardedNanos
                    < TimeUnit.MILLISECONDS.toNanos(TypingState.REPEAT_INTERVAL_MILLIS)) {
                return;
            }
            chatter.lastTypingForwardedNanos = now;
        } else {
            chatter.lastTypingForwardedNanos = 0;
        }
        ServerFrame.Typing frame =
                new ServerFrame.Typing(conversation.id(), conversation.handleOf(chatter), state.wireName());
        for (Chatter other : conversation.othersThan(chatter)) {
            tell(other, chatter, frame);
        }
    }

    /** The chatter's connection is gone: takes it out of the queue and its conversation. */
    public void disconnected(Chatter chatter) {
        if (acrossNodes != null) {
            acrossNodes.disconnected(chatter);
        } else {
            queue.remove(chatter);
        }
        if (chatter.conversation != null) {
            part(chatter);
        }
    }

    /** Runs {@code listener} with a random conversation's id when it ends (its files go with it). */
    public void onEnded(java.util.function.Consumer<String> listener) {
        this.onEnded = listener;
    }

    /** How many people wait for a group of {@code size}. */
    public int waiting(int size) {
        return queue.waiting(size);
    }

    private RandomConversation conversationOf(Chatter chatter, String conv) {
        RandomConversation conversation = chatter.conversation;
        if (conv == null) {
            if (conversation == null) {
                throw new ChatException(ErrorCode.NO_CONVERSATION, chatter.isQueued()
                        ? "you are still waiting for a stranger; that works once you are chatting (/leave stops"
                                + " waiting)"
                        : "you are not in a chat; /next meets a random stranger");
            }
            return conversation;
        }
        if (conversation == null || !conversation.id().equals(conv)) {
            throw unknownConversation(conv);
        }
        return conversation;
    }

    private static ChatException unknownConversation(String conv) {
        return new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "you are not in conversation " + conv);
    }

    /**
     * Tells a newcomer who waits only because of the rematch cool-down, and the others it concerns, why they wait:
     * once per wait, without saying who. In a group search the parting may be between two others: the newcomer then
     * hears that the group waits for them.
     */
    private void explainCoolDown(Chatter newcomer) {
        long now = System.nanoTime();
        List<Chatter> cooling = queue.coolingDownFrom(newcomer, (a, b) -> recentSkips.keepsApart(a, b, now));
        if (cooling.isEmpty()) {
            return;
        }
        boolean involved = cooling.stream().anyMatch(waiter -> recentSkips.keepsApart(waiter, newcomer, now));
        tellCoolDown(newcomer, involved ? metYou() : "Waiting: some of the others waiting for this group parted"
                + " a moment ago, and strangers who just parted meet again only after " + coolDownSeconds()
                + " s; the group starts then, or at once when someone new comes");
        cooling.forEach(waiter -> tellCoolDown(waiter, metYou()));
    }

    private String metYou() {
        return "Waiting: the others waiting now met you a moment ago, and strangers who just parted meet again only"
                + " after " + coolDownSeconds() + " s; someone new meets you at once";
    }

    private long coolDownSeconds() {
        return TimeUnit.MILLISECONDS.toSeconds(rematchCooldownMillis);
    }

    private void tellCoolDown(Chatter waiter, String why) {
        if (waiter.coolDownToldForNanos == waiter.queuedSinceNanos) {
            return;
        }
        waiter.coolDownToldForNanos = waiter.queuedSinceNanos;
        waiter.send(new ServerFrame.Notice(why));
    }

    private void start(List<Chatter> group) {
        Set<String> shared = new TreeSet<>(group.get(0).interests);
        for (Chatter member : group) {
            shared.retainAll(member.interests);
        }
        start(newConversationId(), group, shared);
    }

    /**
     * Starts random chat {@code id} among {@code group} (strangers of other nodes among them, whose own nodes tell
     * them): each member of this node hears {@code paired}.
     */
    RandomConversation start(String id, List<Chatter> group, Set<String> shared) {
        RandomConversation conversation = new RandomConversation(id, group);
        for (Chatter member : group) {
            member.conversation = conversation;
            member.lastTypingForwardedNanos = 0;
            member.interests = Set.of();
        }
        long now = wallClockMillis.getAsLong();
        for (Chatter member : group) {
            if (member.elsewhere() != null) {
                continue; // its own node tells it, and remembers its partners
            }
            List<String> partners = new ArrayList<>(group.size() - 1);
            for (Chatter other : conversation.othersThan(member)) {
                partners.add(conversation.handleOf(other));
                member.recentPartners.met(other, conversation.handleOf(other), conversation, now);
            }
            member.send(new ServerFrame.Paired(conversation.id(), partners.get(0), partners, group.size(),
                    conversation.handleOf(member), shared.isEmpty() ? null : List.copyOf(shared)));
        }
        return conversation;
    }

    private static Set<String> normalized(List<String> interests) {
        if (interests == null || interests.isEmpty()) {
            return Set.of();
        }
        Set<String> normalized = new HashSet<>();
        for (String interest : interests) {
            String cleaned = interest == null ? "" : interest.strip().toLowerCase(Locale.ROOT);
            if (!cleaned.isEmpty()) {
                normalized.add(cleaned);
            }
        }
        return normalized;
    }

    /**
     * Takes {@code leaver} out of its conversation and tells everyone; ends the conversation if one is left. The
     * leaver is this node's (or stands for one of its connections that left before its chat began).
     */
    void part(Chatter leaver) {
        RandomConversation conversation = leaver.conversation;
        conversation.remove(leaver);
        leaver.conversation = null;
        if (leaver.elsewhere() == null) {
            leaver.send(new ServerFrame.Left(conversation.id()));
        }
        List<Chatter> remaining = conversation.members();
        boolean ended = remaining.size() < 2;
        ServerFrame.PartnerLeft notice = new ServerFrame.PartnerLeft(conversation.id(), conversation.handleOf(leaver),
                ended);
        long keepApartUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rematchCooldownMillis);
        long now = wallClockMillis.getAsLong();
        for (Chatter other : remaining) {
            leaver.recentPartners.parted(other, false, now);
            other.recentPartners.parted(leaver, false, now);
            recentSkips.remember(leaver, other, keepApartUntil);
            if (acrossNodes != null && rematchCooldownMillis > 0) {
                acrossNodes.keepApart(leaver, other, rematchCooldownMillis);
            }
            tell(other, leaver, notice);
            if (ended) {
                other.conversation = null;
            }
        }
        forgetIfNoneHere(conversation);
        if (!remaining.isEmpty() && rematchCooldownMillis > 0) {
            scheduleSweep();
        }
        if (ended) {
            onEnded.accept(conversation.id());
        }
    }

    /**
     * Makes sure one sweep is due when the next restriction lifts (a cool-down ends, an interest wait passes). There is
     * never more than one sweep pending, however many requests came in; each sweep reschedules the next.
     */
    private void scheduleSweep() {
        long due = Math.min(queue.nextOpeningNanos(), recentSkips.nextExpiryNanos());
        if (due == Long.MAX_VALUE || sweepTimer != null && sweepDueNanos - due <= 0) {
            return;
        }
        if (sweepTimer != null) {
            sweepTimer.cancel();
        }
        sweepDueNanos = due;
        long delayNanos = Math.max(0, due - System.nanoTime());
        sweepTimer = scheduler.schedule(TimeUnit.NANOSECONDS.toMillis(delayNanos) + 1, this::sweep);
    }

    /**
     * Matches whoever can be matched now that restrictions have lifted: the pairs whose cool-down ended, and the
     * waiters whose interest wait passed. Each costs one bounded attempt; the rest of the queue is not looked at.
     */
    private void sweep() {
        sweepTimer = null;
        long now = System.nanoTime();
        for (Chatter[] pair : recentSkips.expire(now)) {
            for (Chatter side : pair) {
                if (acrossNodes != null) {
                    acrossNodes.retry(side, false);
                    continue;
                }
                List<Chatter> group = queue.retry(side);
                if (group != null) {
                    start(group);
                }
            }
        }
        for (List<Chatter> group : queue.openDue(now)) {
            start(group);
        }
        scheduleSweep();
    }

    /** Sends {@code frame} about {@code from} to {@code to}: on this node, or over the exchange to its node. */
    void tell(Chatter to, Chatter from, ServerFrame frame) {
        if (to.elsewhere() != null) {
            acrossNodes.send(to, from, frame);
        } else {
            to.send(frame);
        }
    }

    /** A random chat that had members elsewhere is forgotten here once none of this node's is left in it. */
    private void forgetIfNoneHere(RandomConversation conversation) {
        if (acrossNodes != null) {
            acrossNodes.forgetIfNoneHere(conversation);
        }
    }

    /** Both asked to keep a chat across nodes, and this node completes it. */
    void keepAgreed(List<Chatter> pair) {
        onKeepAgreed.accept(pair);
    }

    /** Schedules the sweep that lifts cool-downs after a parting told by another node. */
    void rememberParting(Chatter here, Chatter elsewhere, long nowMillis) {
        here.recentPartners.parted(elsewhere, false, nowMillis);
        if (rematchCooldownMillis > 0) {
            recentSkips.remember(here, elsewhere, System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(rematchCooldownMillis));
            scheduleSweep();
        }
    }

    /** The ended random chat's files go with it. */
    void ended(String conv) {
        onEnded.accept(conv);
    }

    /** A new id for a random chat. */
    String newConversationId() {
        StringBuilder id = new StringBuilder(9).append(RandomConversation.ID_PREFIX);
        for (int i = 0; i < 8; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString().toLowerCase(Locale.ROOT);
    }
}
