package chat.server.chat;

import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import java.util.ArrayList;
import java.util.List;
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
    private final LongSupplier wallClockMillis;
    private final RecentSkips recentSkips = new RecentSkips();
    private final PairingQueue queue;
    private final SplittableRandom random = new SplittableRandom();
    private long messageSequence;

    /**
     * @param rematchCooldownMillis how long two people who parted are kept apart by the matcher
     * @param wallClockMillis the clock for message time stamps
     */
    public RandomChat(Scheduler scheduler, long rematchCooldownMillis, LongSupplier wallClockMillis) {
        this.scheduler = scheduler;
        this.rematchCooldownMillis = rematchCooldownMillis;
        this.wallClockMillis = wallClockMillis;
        this.queue = new PairingQueue((a, b) -> !recentSkips.keepsApart(a, b, System.nanoTime()));
    }

    /**
     * Looks for {@code size - 1} strangers for {@code chatter}, leaving its current random conversation first. The
     * chatter hears {@code queued} or, at once, {@code paired}.
     */
    public void next(Chatter chatter, int size) {
        if (chatter.conversation != null) {
            part(chatter);
        }
        List<Chatter> group = queue.enqueue(chatter, size);
        if (group == null) {
            chatter.send(new ServerFrame.Queued(size));
        } else {
            start(group);
        }
    }

    /** Leaves the current random conversation, or stops waiting for one. */
    public void leave(Chatter chatter, String conv) {
        if (chatter.conversation != null) {
            conversationOf(chatter, conv);
            part(chatter);
        } else if (conv == null && queue.remove(chatter)) {
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
        RandomConversation conversation = conversationOf(chatter, conv);
        ServerFrame.Message message = new ServerFrame.Message(conversation.id(), chatter.strangerHandle(), text,
                "r" + Long.toString(++messageSequence, 36), wallClockMillis.getAsLong());
        chatter.lastTypingForwardedNanos = 0;
        for (Chatter other : conversation.othersThan(chatter)) {
            other.send(message);
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
                new ServerFrame.Typing(conversation.id(), chatter.strangerHandle(), state.wireName());
        for (Chatter other : conversation.othersThan(chatter)) {
            other.send(frame);
        }
    }

    /** The chatter's connection is gone: takes it out of the queue and its conversation. */
    public void disconnected(Chatter chatter) {
        queue.remove(chatter);
        if (chatter.conversation != null) {
            part(chatter);
        }
    }

    /** How many people wait for a group of {@code size}. */
    public int waiting(int size) {
        return queue.waiting(size);
    }

    private RandomConversation conversationOf(Chatter chatter, String conv) {
        RandomConversation conversation = chatter.conversation;
        if (conv == null) {
            if (conversation == null) {
                throw new ChatException(ErrorCode.NO_CONVERSATION,
                        "you are not in a chat; /next meets a random stranger");
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

    private void start(List<Chatter> group) {
        RandomConversation conversation = new RandomConversation(newConversationId(), group);
        for (Chatter member : group) {
            member.conversation = conversation;
            member.lastTypingForwardedNanos = 0;
        }
        for (Chatter member : group) {
            List<String> partners = new ArrayList<>(group.size() - 1);
            for (Chatter other : conversation.othersThan(member)) {
                partners.add(other.strangerHandle());
            }
            member.send(new ServerFrame.Paired(conversation.id(), partners.get(0), partners, group.size(),
                    member.strangerHandle()));
        }
    }

    /** Takes {@code leaver} out of its conversation and tells everyone; ends the conversation if one is left. */
    private void part(Chatter leaver) {
        RandomConversation conversation = leaver.conversation;
        conversation.remove(leaver);
        leaver.conversation = null;
        leaver.send(new ServerFrame.Left(conversation.id()));
        List<Chatter> remaining = conversation.members();
        boolean ended = remaining.size() < 2;
        ServerFrame.PartnerLeft notice = new ServerFrame.PartnerLeft(conversation.id(), leaver.strangerHandle(), ended);
        long keepApartUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rematchCooldownMillis);
        for (Chatter other : remaining) {
            recentSkips.remember(leaver, other, keepApartUntil);
            other.send(notice);
            if (ended) {
                other.conversation = null;
            }
        }
        if (!remaining.isEmpty() && rematchCooldownMillis > 0) {
            scheduler.schedule(rematchCooldownMillis, this::cooldownExpired);
        }
    }

    private void cooldownExpired() {
        recentSkips.expire(System.nanoTime());
        for (List<Chatter> group : queue.sweep()) {
            start(group);
        }
    }

    private String newConversationId() {
        StringBuilder id = new StringBuilder(9).append(RandomConversation.ID_PREFIX);
        for (int i = 0; i < 8; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString().toLowerCase(Locale.ROOT);
    }
}
