package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;

/**
 * Moving between conversations: opening a direct chat or a room, switching with the keys, fetching once what a
 * conversation missed when it comes on screen, and telling the server what has been read (the account's read marks
 * and unread counts are shared by its devices). UI thread.
 */
final class Navigator {

    /** How many messages a conversation loads when it is opened. */
    static final int OPENING_HISTORY = 50;

    private final UiThread ui;
    private final ChatState state;
    private final ServerLink link;

    Navigator(UiThread ui, ServerLink link) {
        this.ui = ui;
        this.state = ui.state();
        this.link = link;
    }

    /**
     * Opens a direct chat or a room: a room the user is in, or any direct chat, is shown (with what it missed); a
     * room the user is not in is joined.
     */
    void open(String conv) {
        if (conv.startsWith("#")) {
            Conversation room = state.find(conv);
            if (room != null) {
                show(room);
            } else {
                link.request(new ClientFrame.Join(null, conv));
            }
        } else {
            show(state.conversationFor(conv.startsWith("@") ? conv : "@" + conv));
        }
    }

    /** Shows {@code conversation}, fetches what it missed, and marks it read. */
    void show(Conversation conversation) {
        state.select(conversation);
        catchUp(conversation);
        markReadIfShown(conversation);
    }

    /** Switches by {@code delta} places in the list; the one switched to fetches what it missed. */
    void switchBy(int delta) {
        state.switchBy(delta);
        Conversation shown = state.current();
        catchUp(shown);
        markReadIfShown(shown);
    }

    /**
     * Fetches the newest messages of a direct chat or room on screen once after each (re)connection, and a room's
     * members: what came while the client was away, or before it opened the conversation. What is shown already is
     * not shown twice ({@link Conversation#addMessage}).
     */
    void catchUp(Conversation conversation) {
        String conv = conversation.serverId();
        if (conversation != state.current() || conversation.caughtUp() || !link.online() || conv == null
                || !(conv.startsWith("@") || conv.startsWith("#"))) {
            return;
        }
        conversation.caughtUp(true);
        link.request(new ClientFrame.History(null, conv, null, OPENING_HISTORY));
        if (conv.startsWith("#")) {
            link.ask(new ClientFrame.Who(null, conv, null)).thenAccept(reply -> {
                if (reply instanceof ServerFrame.WhoList who) {
                    ui.post(() -> conversation.members(who.users().stream().map(ServerFrame.UserInfo::name)
                            .toList()));
                }
            });
        }
    }

    /** Tells the server that a direct chat or room on screen has been read up to its newest message. */
    void markReadIfShown(Conversation conversation) {
        if (conversation != state.current()) {
            return;
        }
        conversation.markRead();
        String conv = conversation.serverId();
        if (state.loggedIn() && conv != null && (conv.startsWith("@") || conv.startsWith("#"))
                && conversation.readTo(conversation.lastMessageId())) {
            link.sendQuietly(new ClientFrame.Read(null, conv, conversation.lastMessageId()));
        }
    }

    /** The name the user speaks under in {@code conversation}: the anonymous handle with a stranger. */
    String speakerIn(Conversation conversation) {
        return conversation == state.random() && state.strangerHandle() != null ? state.strangerHandle()
                : state.me();
    }
}
