package chat.server.chat;

import chat.core.model.UserName;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import chat.server.store.AccountStore;
import chat.server.store.ConversationStore;
import chat.server.store.ConversationStore.StoredMessage;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Direct messages between registered users. A message is stored first and delivered after the commit: live to
 * every connected device of the recipient (and the sender's other devices), or at the recipient's next login as an
 * unread count in the inbox. A resend under the same request id is answered with the first one, never stored twice.
 * On the wire a direct chat is {@code @name}, named after the other side. Loop thread only.
 */
public final class DirectChats {

    private final Store store;
    private final OnlineUsers online;
    private final Delivery delivery;
    private final NameLookups lookups;
    private final LongSupplier clock;
    private final OnlineElsewhere elsewhere;

    public DirectChats(Store store, OnlineUsers online, OnlineElsewhere elsewhere, Delivery delivery,
            NameLookups lookups, LongSupplier clock) {
        this.elsewhere = elsewhere;
        this.store = store;
        this.online = online;
        this.delivery = delivery;
        this.lookups = lookups;
        this.clock = clock;
    }

    /** Whether {@code conv} names a direct chat (it starts with {@code @}). */
    public static boolean isDirect(String conv) {
        return conv != null && conv.startsWith("@");
    }

    /** Sends {@code text} to the account named in {@code conv} ({@code @name}). */
    public void say(Chatter sender, String conv, String clientId, String text, ConversationStore.FileDraft file,
            Reply<Sent> reply) {
        Chatter.Account me = requireAccount(sender);
        String name = otherIn(me, conv);
        lookups.admit(sender, name);
        long now = clock.getAsLong();
        store.submit(LiveLogin.guard(sender, c -> {
            AccountStore.Account recipient = recipient(c, me, name);
            long conversation = ConversationStore.directConversation(c, me.id(), recipient.id(), now);
            StoredMessage stored = ConversationStore.insertMessage(c, conversation,
                    ConversationStore.conversationKey(c, conversation), me.id(), me.name(), clientId, text, file, now);
            return new Posted(recipient, stored);
        }), (posted, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            StoredMessage stored = posted.message();
            long recipientId = posted.recipient().id();
            ServerFrame.Message toRecipient = message("@" + me.name(), stored);
            ServerFrame.Message toSender = message("@" + posted.recipient().name(), stored);
            if (!stored.duplicate()) {
                delivery.toAccount(recipientId, toRecipient, null, null);
                delivery.toAccount(me.id(), toSender, sender, null);
            }
            OnlineElsewhere.User there = elsewhere.byId(recipientId);
            reply.done(new Sent(toSender, showsOnline(online.devices(recipientId))
                    || there != null && there.visible()), null);
        });
    }

    /** Checks, storing nothing, that {@code sender} may write to {@code conv} now (a file is about to be sent). */
    public void mayWrite(Chatter sender, String conv, Reply<Void> reply) {
        Chatter.Account me = requireAccount(sender);
        String name = otherIn(me, conv);
        store.submit(LiveLogin.guard(sender, c -> {
            recipient(c, me, name);
            return null;
        }), reply.asCallback());
    }

    /** The account {@code me} writes to as {@code name}, if it exists, is not {@code me} and no block stands between. */
    private static AccountStore.Account recipient(java.sql.Connection c, Chatter.Account me, String name)
            throws java.sql.SQLException {
        AccountStore.Account recipient = AccountStore.findByName(c, name);
        if (recipient == null) {
            throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
        }
        if (recipient.id() == me.id()) {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "that is you");
        }
        if (ConversationStore.blockedEitherWay(c, me.id(), recipient.id())) {
            throw new ChatException(ErrorCode.BLOCKED, "you cannot message " + recipient.name()
                    + " (one of you blocks the other)");
        }
        return recipient;
    }

    /** Stored messages of the direct chat with the account named in {@code conv}. */
    public void history(Chatter chatter, String conv, long beforeId, int limit, Reply<ServerFrame.History> reply) {
        Chatter.Account me = requireAccount(chatter);
        String name = otherIn(me, conv);
        lookups.admit(chatter, name);
        store.read(LiveLogin.guard(chatter, c -> {
            AccountStore.Account other = AccountStore.findByName(c, name);
            if (other == null) {
                throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
            }
            // Reading is no reason to create a conversation: the other side would find it in its inbox.
            Long conversation = ConversationStore.findDirectConversation(c, me.id(), other.id());
            List<StoredMessage> messages = conversation == null ? List.of()
                    : ConversationStore.history(c, conversation, beforeId, limit);
            return new ServerFrame.History(null, "@" + other.name(), messages(other.name(), messages),
                    messages.size() == limit);
        }), reply.asCallback());
    }

    /** A slice of the chatter's direct chats with unread counts, newest first. */
    public void inbox(Chatter chatter, int offset, int limit,
            Reply<ConversationStore.Slice<ServerFrame.ConversationSummary>> reply) {
        Chatter.Account me = requireAccount(chatter);
        Store.Work<ConversationStore.Slice<ConversationStore.DirectSummary>> work =
                c -> ConversationStore.directSummaries(c, me.id(), offset, limit);
        store.read(LiveLogin.guard(chatter, work), (summaries, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            List<ServerFrame.ConversationSummary> inbox = new ArrayList<>(summaries.rows().size());
            for (ConversationStore.DirectSummary summary : summaries.rows()) {
                String conv = "@" + summary.otherName();
                inbox.add(new ServerFrame.ConversationSummary(conv, summary.unread(),
                        summary.last() == null ? null : message(conv, summary.last())));
            }
            reply.done(new ConversationStore.Slice<>(inbox, summaries.total()), null);
        });
    }

    /**
     * Marks the direct chat read up to message {@code upTo}; the account's other devices hear {@code read_mark} when
     * the mark moved.
     */
    public void read(Chatter chatter, String conv, String upTo, Reply<Void> reply) {
        Chatter.Account me = requireAccount(chatter);
        String name = otherIn(me, conv);
        long messageId = messageId(upTo);
        lookups.admit(chatter, name);
        store.submit(LiveLogin.guard(chatter, c -> {
            AccountStore.Account other = AccountStore.findByName(c, name);
            if (other == null) {
                throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
            }
            Long conversation = ConversationStore.findDirectConversation(c, me.id(), other.id());
            if (conversation == null || !ConversationStore.markRead(c, conversation, me.id(), messageId)) {
                return null;
            }
            return new ServerFrame.ReadMark("@" + other.name(), Long.toString(messageId),
                    ConversationStore.unreadAfter(c, conversation, me.id(), messageId));
        }), (moved, error) -> {
            if (error != null) {
                reply.fail(error);
                return;
            }
            if (moved != null) {
                delivery.toAccount(me.id(), moved, chatter, null);
            }
            reply.done(null, null);
        });
    }

    /** Passes a typing indicator on to the other side's devices, if it is online and no block stands between. */
    public void typing(Chatter chatter, String conv, TypingState state) {
        Chatter.Account me = requireAccount(chatter);
        String name = otherIn(me, conv);
        List<Chatter> devices = online.devicesByName(name);
        OnlineElsewhere.User there = devices.isEmpty() ? elsewhere.byName(name) : null;
        if (devices.isEmpty() && there == null || !Typing.due(chatter, conv, state)) {
            return;
        }
        // Through the delivery, which leaves out devices that block the typist, here and on other nodes.
        delivery.toAccount(there != null ? there.accountId() : devices.get(0).account().id(),
                new ServerFrame.Typing("@" + me.name(), me.name(), state.wireName()), null, chatter);
    }

    /**
     * Whether a sender may be told its message reached a device: only when the recipient shows as online. A hidden
     * user's online state is nobody's business, so {@code delivered} says false for it as for someone offline.
     */
    private static boolean showsOnline(List<Chatter> devices) {
        return !devices.isEmpty() && devices.get(0).visible();
    }

    /** The message id a client sent back, as a number. */
    public static long messageId(String id) {
        if (id == null) {
            return 0;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ChatException(ErrorCode.BAD_FIELD, "not a message id of a stored conversation: " + id);
        }
    }

    private record Posted(AccountStore.Account recipient, StoredMessage message) {
    }

    private static Chatter.Account requireAccount(Chatter chatter) {
        if (!chatter.isLoggedIn()) {
            throw new ChatException(ErrorCode.NOT_LOGGED_IN,
                    "direct messages are for registered users: /register NAME PASSWORD or /login");
        }
        return chatter.account();
    }

    /** The key of the other side's name in {@code conv}; a direct chat with oneself is refused. */
    private static String otherIn(Chatter.Account me, String conv) {
        String name = nameIn(conv);
        if (name.equals(me.name().toLowerCase(Locale.ROOT))) {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "@" + me.name()
                    + " is you; a direct chat is with someone else");
        }
        return name;
    }

    private static String nameIn(String conv) {
        String name = conv.substring(1);
        if (UserName.problemWith(name) != null) {
            throw new ChatException(ErrorCode.UNKNOWN_USER, "no account is called " + name);
        }
        return new UserName(name).key();
    }

    private static ServerFrame.Message message(String conv, StoredMessage stored) {
        return new ServerFrame.Message(conv, stored.senderName(), stored.text(), Long.toString(stored.id()),
                stored.createdAt(), null, SharedFiles.info(stored.file()));
    }

    /** Whether the chatter's account takes part in the direct chat with that key ({@code direct:A:B}). */
    public static boolean isParticipant(Chatter chatter, String key) {
        if (!chatter.isLoggedIn()) {
            return false;
        }
        String[] parts = key.split(":");
        String me = Long.toString(chatter.account().id());
        return parts.length == 3 && (parts[1].equals(me) || parts[2].equals(me));
    }

    private static List<ServerFrame.Message> messages(String otherName, List<StoredMessage> stored) {
        List<ServerFrame.Message> messages = new ArrayList<>(stored.size());
        for (StoredMessage message : stored) {
            messages.add(message("@" + otherName, message));
        }
        return messages;
    }
}
