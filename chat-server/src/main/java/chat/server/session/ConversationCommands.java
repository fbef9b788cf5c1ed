package chat.server.session;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.server.chat.ChatException;
import chat.server.chat.Chatter;
import chat.server.chat.DirectChats;
import chat.server.chat.GuestHandles;
import chat.server.chat.LiveLogin;
import chat.server.chat.MessageText;
import chat.server.chat.Presence;
import chat.server.chat.RandomChat;
import chat.server.chat.Reply;
import chat.server.chat.Rooms;
import chat.server.chat.Safety;
import chat.server.chat.Sent;
import chat.server.chat.StrangersMet;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The conversation frames: routes each to random chat ({@code ~id} or none), a direct chat ({@code @name}) or a room
 * ({@code #name}), and answers. A {@code say} without {@code conv} goes to the connection's current conversation:
 * the room or direct chat it last joined, wrote to or focused, else its random chat. Loop thread only.
 */
final class ConversationCommands {

    private static final int EVIDENCE_LINES = 20;
    /** Direct chats in one {@code conversation_list}: each carries its last message, up to a few KiB. */
    static final int CONVERSATIONS_PER_PAGE = 100;

    private final RandomChat random;
    private final DirectChats direct;
    private final Rooms rooms;
    private final Presence presence;
    private final Safety safety;
    private final Store store;
    private final int maxMessageChars;
    private final Pages pages;

    ConversationCommands(RandomChat random, DirectChats direct, Rooms rooms, Presence presence, Safety safety,
            Store store, int maxMessageChars, Pages pages) {
        this.random = random;
        this.direct = direct;
        this.rooms = rooms;
        this.presence = presence;
        this.safety = safety;
        this.store = store;
        this.maxMessageChars = maxMessageChars;
        this.pages = pages;
        random.onKeepAgreed(this::keepAgreedElsewhere);
    }

    /** Handles {@code frame} if it is a conversation frame; false when it is not one. */
    boolean handle(Session session, ClientFrame frame) {
        Chatter chatter = session.chatter();
        if (frame instanceof ClientFrame.Say say) {
            say(session, say);
        } else if (frame instanceof ClientFrame.Next next) {
            List<String> interests = interests(next.interests());
            session.focus(null);
            random.next(chatter, next.groupSize(), interests, answer(session, next.id(), ignored -> ok(session,
                    next.id())));
        } else if (frame instanceof ClientFrame.Leave leave) {
            String conv = leave.conv() != null ? leave.conv() : randomOrNull(session);
            if (Rooms.isRoom(conv)) {
                part(session, leave.id(), conv);
            } else {
                random.leave(chatter, conv);
                ok(session, leave.id());
            }
        } else if (frame instanceof ClientFrame.Typing typing) {
            String conv = target(session, typing.conv());
            if (Rooms.isRoom(conv)) {
                rooms.typing(chatter, conv, typing.typingState());
            } else if (DirectChats.isDirect(conv)) {
                direct.typing(chatter, conv, typing.typingState());
            } else {
                random.typing(chatter, conv, typing.typingState());
            }
            ok(session, typing.id());
        } else if (frame instanceof ClientFrame.Keep keep) {
            List<Chatter> pair = random.keep(chatter, keep.conv());
            if (pair == null) {
                // The same words whoever the stranger is: a guest, or logged in.
                message(session, keep.id(), "the stranger is asked; if they /keep too (and are registered), you can"
                        + " write to each other later");
            } else {
                keepPair(session, keep.id(), pair);
            }
        } else if (frame instanceof ClientFrame.Join join) {
            if (session.speaksText() && Rooms.isRoom(join.room())
                    && rooms.isMember(chatter, join.room().toLowerCase(java.util.Locale.ROOT))) {
                // netcat: no second banner and history for a room the account is in; it becomes the current chat
                session.focus(join.room());
                session.deliver(ServerFrame.Ok.saying(join.id(), "you are in " + join.room() + " already; what you"
                        + " type goes there (/history shows its last lines, /who " + join.room() + " who is in it)"));
            } else {
                rooms.join(chatter, join.room(), join.id(), answer(session, join.id(), history -> {
                    session.focus(history.conv());
                    session.deliver(pages.fitted(history));
                }));
            }
        } else if (frame instanceof ClientFrame.Part part) {
            String conv = part.conv() != null ? part.conv() : session.focused();
            if (!Rooms.isRoom(conv)) {
                throw new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a room; /join #room first");
            }
            part(session, part.id(), conv);
        } else if (frame instanceof ClientFrame.Rooms list) {
            int offset = list.offset() == null ? 0 : list.offset();
            rooms.list(offset, Pages.MAX_ENTRIES, answer(session, list.id(), slice -> {
                Pages.Page<ServerFrame.RoomSummary> page = pages.ofSlice(slice.rows(), offset, slice.total(),
                        Pages::bytes);
                session.deliver(new ServerFrame.RoomList(list.id(), page.entries(), page.omitted(),
                        page.nextOffset()));
            }));
        } else if (frame instanceof ClientFrame.Topic topic) {
            String conv = topic.conv() != null ? topic.conv() : session.focused();
            if (topic.conv() == null && !Rooms.isRoom(conv)) {
                throw new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a room; /join #room first");
            }
            String text = MessageText.validate("a topic", topic.topic(), MessageText.MAX_TOPIC);
            rooms.topic(chatter, conv, text, answer(session, topic.id(), ignored -> ok(session, topic.id())));
        } else if (frame instanceof ClientFrame.History history) {
            history(session, history.id(), target(session, history.conv()), history.before(),
                    history.limit() == null ? 50 : history.limit());
        } else if (frame instanceof ClientFrame.Focus focus) {
            String conv = focus.conv();
            if (!Rooms.isRoom(conv) && !DirectChats.isDirect(conv)) {
                throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "go to @name or #room");
            }
            history(session, focus.id(), conv, null, 10);
            session.focus(conv);
        } else if (frame instanceof ClientFrame.Who who) {
            String conv = who.conv();
            List<ServerFrame.UserInfo> users = conv == null ? presence.everyoneOnline()
                    : presence.members(rooms.members(chatter, conv));
            Pages.Page<ServerFrame.UserInfo> page = pages.of(users, who.offset(), Pages::bytes);
            session.deliver(new ServerFrame.WhoList(who.id(), conv, page.entries(), page.omitted(),
                    page.nextOffset()));
        } else if (frame instanceof ClientFrame.Whois whois) {
            presence.whois(chatter, whois.name(), answer(session, whois.id(),
                    user -> session.deliver(new ServerFrame.Presence(whois.id(), user))));
        } else if (frame instanceof ClientFrame.Away away) {
            presence.away(chatter, away.away(), MessageText.optional("an away message", away.message(),
                    MessageText.MAX_AWAY_MESSAGE));
            rooms.awayChanged(chatter, new ServerFrame.Presence(null, Presence.info(chatter)));
            message(session, away.id(), away.away() ? "you are away" : "you are back");
        } else if (frame instanceof ClientFrame.Conversations list) {
            inbox(session, list.id(), list.offset() == null ? 0 : list.offset(), false);
        } else if (frame instanceof ClientFrame.Read read) {
            Reply<Void> done = answer(session, read.id(), ignored -> ok(session, read.id()));
            if (Rooms.isRoom(read.conv())) {
                rooms.read(chatter, read.conv(), DirectChats.messageId(read.upTo()), done);
            } else {
                direct.read(chatter, read.conv(), read.upTo(), done);
            }
        } else if (frame instanceof ClientFrame.Block block) {
            safety.block(chatter, block.name(), answer(session, block.id(), done -> message(session, block.id(),
                    done)));
        } else if (frame instanceof ClientFrame.Unblock unblock) {
            safety.unblock(chatter, unblock.name(), answer(session, unblock.id(), done -> message(session,
                    unblock.id(), done)));
        } else if (frame instanceof ClientFrame.Blocks blocks) {
            int offset = blocks.offset() == null ? 0 : blocks.offset();
            safety.blocks(chatter, offset, Pages.MAX_ENTRIES, answer(session, blocks.id(), names -> {
                Pages.Page<String> page = pages.ofSlice(names.rows(), offset, names.total(), Pages::bytes);
                session.deliver(new ServerFrame.BlockList(blocks.id(), page.entries(), page.omitted(),
                        page.nextOffset()));
            }));
        } else if (frame instanceof ClientFrame.Report report) {
            report(session, report);
        } else {
            return false;
        }
        return true;
    }

    /** After a login: the inbox with unread counts. */
    void loggedIn(Session session) {
        inbox(session, null, 0, true);
    }

    /** Forgets a connection that closed. */
    void closed(Session session) {
        Chatter chatter = session.chatter();
        random.disconnected(chatter);
        rooms.disconnected(chatter);
        presence.disconnected(chatter);
    }

    private void say(Session session, ClientFrame.Say say) {
        String text = MessageText.validate(say.text(), maxMessageChars);
        post(session, say.id(), target(session, say.conv()), text, null, null);
    }

    /**
     * Posts a message, maybe sharing a file, in {@code conv}: a direct chat, a room or the random chat. The sender
     * hears {@code ok} with the message's id when the request had an id.
     */
    void post(Session session, String requestId, String conv, String text, ConversationStore.FileDraft file,
            ServerFrame.FileInfo randomFile) {
        post(session, requestId, conv, text, file, randomFile, error -> { });
    }

    /**
     * {@link #post(Session, String, String, String, ConversationStore.FileDraft, ServerFrame.FileInfo)} that tells
     * {@code settled} whether the message was stored and sent (null) or why not, whatever happens to the connection
     * meanwhile: a shared file's content is deleted when its message was not stored.
     */
    void post(Session session, String requestId, String conv, String text, ConversationStore.FileDraft file,
            ServerFrame.FileInfo randomFile, Consumer<ChatException> settled) {
        Chatter chatter = session.chatter();
        if (!DirectChats.isDirect(conv) && !Rooms.isRoom(conv)) {
            sayInRandomChat(session, requestId, conv, text, randomFile, settled);
            return;
        }
        Reply<Sent> answered = answer(session, requestId, sent -> {
            if (requestId != null) {
                session.deliver(ServerFrame.Ok.sent(requestId, sent.message().id(), sent.message().ts(),
                        sent.delivered()));
            } else if (!sent.delivered() && DirectChats.isDirect(conv)) {
                // Typed on netcat (no id, so no ok): a person still wants to know the message waits.
                session.deliver(ServerFrame.Ok.saying(null, "stored: " + conv.substring(1)
                        + " is not online and will see it at the next login"));
            }
        });
        Reply<Sent> acknowledge = (sent, error) -> {
            settled.accept(error);
            answered.done(sent, error);
        };
        try {
            if (DirectChats.isDirect(conv)) {
                direct.say(chatter, conv, requestId, text, file, acknowledge);
                session.focus(conv);
            } else {
                rooms.say(chatter, conv, requestId, text, file, acknowledge);
            }
        } catch (ChatException e) {
            acknowledge.done(null, e);
        }
    }

    /**
     * A random chat is answered at once (nothing is stored), so its say takes no hold and makes no callbacks: the
     * path most messages take allocates only the message and its bytes.
     */
    private void sayInRandomChat(Session session, String requestId, String conv, String text,
            ServerFrame.FileInfo randomFile, Consumer<ChatException> settled) {
        ServerFrame.Message message;
        try {
            message = random.say(session.chatter(), conv, text, randomFile);
        } catch (ChatException e) {
            settled.accept(e);
            session.deliver(error(requestId, e));
            return;
        }
        settled.accept(null);
        if (requestId != null) {
            session.deliver(ServerFrame.Ok.sent(requestId, message.id(), message.ts(), true));
        }
    }

    /**
     * Checks, storing nothing, that the session may post in {@code conv} now: it is in the room, in the random chat,
     * or may write to the account (it exists, and no block stands between). Answers on the loop.
     */
    void mayPost(Session session, String conv, Reply<Void> reply) {
        Chatter chatter = session.chatter();
        if (DirectChats.isDirect(conv)) {
            direct.mayWrite(chatter, conv, reply);
        } else if (Rooms.isRoom(conv)) {
            reply.done(null, rooms.isMember(chatter, conv.toLowerCase(java.util.Locale.ROOT)) ? null
                    : new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "you are not in " + conv + "; /join it first"));
        } else if (conv != null && conv.equals(chatter.currentConversationId())) {
            reply.done(null, null);
        } else {
            reply.done(null, conv == null ? new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a chat")
                    : new ChatException(ErrorCode.UNKNOWN_CONVERSATION, "you are not in conversation " + conv));
        }
    }

    /** The conversation a frame means: its own {@code conv}, else the focused one, else the random chat. */
    String conversationFor(Session session, String conv) {
        return target(session, conv);
    }

    private void history(Session session, String requestId, String conv, String before, int limit) {
        Chatter chatter = session.chatter();
        long beforeId = DirectChats.messageId(before);
        Reply<ServerFrame.History> deliver = answer(session, requestId, history -> session.deliver(pages.fitted(
                new ServerFrame.History(requestId, history.conv(), history.messages(), history.more()))));
        if (DirectChats.isDirect(conv)) {
            direct.history(chatter, conv, beforeId, limit, deliver);
        } else if (Rooms.isRoom(conv)) {
            rooms.history(chatter, conv, beforeId, limit, deliver);
        } else {
            throw new ChatException(ErrorCode.UNKNOWN_CONVERSATION,
                    "random chats keep no history; name @someone or a #room");
        }
    }

    /** Leaves a room (an account on every device) and answers. */
    private void part(Session session, String requestId, String conv) {
        rooms.part(session.chatter(), conv, answer(session, requestId, ignored -> {
            session.unfocus(conv);
            ok(session, requestId);
        }));
    }

    /**
     * The account's conversations, one list: its rooms first, then its direct chats, newest first within each; an
     * offset counts through both. After a login, a person on netcat with no chats at all is spared the empty list.
     */
    private void inbox(Session session, String requestId, int offset, boolean atLogin) {
        Chatter chatter = session.chatter();
        rooms.conversations(chatter, answer(session, requestId, roomList -> {
            int fromRooms = Math.min(offset, roomList.size());
            direct.inbox(chatter, Math.max(0, offset - roomList.size()), CONVERSATIONS_PER_PAGE,
                    answer(session, requestId, inbox -> {
                        List<ServerFrame.ConversationSummary> slice =
                                new ArrayList<>(roomList.subList(fromRooms, roomList.size()));
                        slice.addAll(inbox.rows());
                        Pages.Page<ServerFrame.ConversationSummary> page = pages.ofSlice(slice, offset,
                                roomList.size() + inbox.total(), Pages::bytes);
                        if (atLogin && slice.isEmpty() && session.speaksText()) {
                            return;
                        }
                        session.deliver(new ServerFrame.ConversationList(requestId, page.entries(), page.omitted(),
                                page.nextOffset()));
                    }));
        }));
    }

    private void keepPair(Session session, String requestId, List<Chatter> pair) {
        Chatter a = pair.get(0);
        Chatter b = pair.get(1);
        if (a.account().id() == b.account().id()) {
            throw new ChatException(ErrorCode.BAD_ARGUMENTS, "that stranger is you, on another device");
        }
        long now = System.currentTimeMillis();
        store.submit(LiveLogin.guard(a, c -> ConversationStore.directConversation(c, a.account().id(),
                b.account().id(), now)),
                ConversationCommands.<Long>answer(session, requestId, ignored -> {
                    random.kept(pair);
                    ok(session, requestId);
                }).asCallback());
    }

    /**
     * Two strangers on different nodes both asked to keep their chat before hearing each other, and this node
     * completes it: as {@link #keepPair}, with nobody here waiting for an answer.
     */
    private void keepAgreedElsewhere(List<Chatter> pair) {
        Chatter a = pair.get(0);
        Chatter b = pair.get(1);
        if (a.account() == null || b.account() == null || a.account().id() == b.account().id()) {
            return;
        }
        long now = System.currentTimeMillis();
        store.submit(LiveLogin.guard(a, c -> ConversationStore.directConversation(c, a.account().id(),
                b.account().id(), now)), (ignored, error) -> {
                    if (error == null) {
                        random.kept(pair);
                    }
                });
    }

    private void report(Session session, ClientFrame.Report report) {
        Chatter chatter = session.chatter();
        String reason = MessageText.optional("a report's reason", report.reason(), MessageText.MAX_REPORT_REASON);
        Reply<Long> done = answer(session, report.id(), id -> message(session, report.id(),
                "reported; thank you. An operator will look at it"));
        if (report.name() != null) {
            if (!GuestHandles.isHandle(report.name()) && !random.met().metLately(chatter, report.name())) {
                throw new ChatException(ErrorCode.BAD_FIELD, "name: a recent stranger's handle (guest-1234) or the"
                        + " name they showed you; to report a direct chat or a room, give conv");
            }
            StrangersMet.Evidence evidence = random.met().about(chatter, report.name());
            safety.report(chatter, evidence.conv(), evidence.reported(), evidence.lines(), reason, done);
            return;
        }
        String conv = target(session, report.conv());
        if (Rooms.isRoom(conv) || DirectChats.isDirect(conv)) {
            Reply<ServerFrame.History> withHistory = answer(session, report.id(), history -> {
                List<String> lines = new ArrayList<>();
                for (ServerFrame.Message message : history.messages()) {
                    lines.add(java.time.Instant.ofEpochMilli(message.ts()) + " <" + message.from() + "> "
                            + message.text());
                }
                safety.report(chatter, history.conv(), DirectChats.isDirect(conv) ? conv.substring(1) : null, lines,
                        reason, done);
            });
            if (Rooms.isRoom(conv)) {
                rooms.history(chatter, conv, 0, EVIDENCE_LINES, withHistory);
            } else {
                direct.history(chatter, conv, 0, EVIDENCE_LINES, withHistory);
            }
        } else {
            StrangersMet.Evidence evidence = random.met().inChat(chatter, conv);
            safety.report(chatter, evidence.conv(), evidence.reported(), evidence.lines(), reason, done);
        }
    }

    /** The interests of a {@code next}, each checked like any text strangers will read. */
    private static List<String> interests(List<String> interests) {
        if (interests == null) {
            return null;
        }
        List<String> checked = new ArrayList<>(interests.size());
        for (String interest : interests) {
            if (interest != null && !interest.isBlank()) {
                checked.add(MessageText.validate("an interest", interest.strip(), MessageText.MAX_INTEREST));
            }
        }
        return checked;
    }

    /** The conversation a frame means: its own {@code conv}, else the focused one, else the random chat. */
    private static String target(Session session, String conv) {
        if (conv != null) {
            return conv;
        }
        return session.focused() != null ? session.focused() : session.chatter().currentConversationId();
    }

    private static String randomOrNull(Session session) {
        return session.chatter().currentConversationId() != null || session.focused() == null
                ? session.chatter().currentConversationId() : session.focused();
    }

    private static void ok(Session session, String requestId) {
        if (requestId != null) {
            session.deliver(new ServerFrame.Ok(requestId));
        }
    }

    private static void message(Session session, String requestId, String text) {
        session.deliver(ServerFrame.Ok.saying(requestId, text));
    }

    private static ServerFrame.Error error(String requestId, ChatException e) {
        return new ServerFrame.Error(requestId, e.code(), e.getMessage(), e.retryAfterSeconds());
    }

    /**
     * A reply that answers an error with an {@code error} frame and hands a result to {@code onResult}. It keeps the
     * connection's request in flight until it has run, so the connection's next line waits for this answer.
     */
    static <T> Reply<T> answer(Session session, String requestId, Consumer<T> onResult) {
        Runnable release = session.hold();
        return (result, error) -> {
            try {
                if (!session.isOpen()) {
                    return;
                }
                if (error != null) {
                    session.deliver(error(requestId, error));
                } else {
                    onResult.accept(result);
                }
            } catch (ChatException refused) {
                session.deliver(error(requestId, refused));
                session.requests().abandonHolds(); // the request is answered: nothing it started is awaited
            } finally {
                release.run();
            }
        };
    }
}
