package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;

/**
 * Moving between conversations: opening a direct chat or a room, switching with the keys, and telling the server
 * what has been read once a direct chat is on screen. UI thread.
 */
final class Navigator {

    /** How many messages a direct chat loads when it is opened. */
    private static final int OPENING_HISTORY = 50;

    private final ChatState state;
    private final ServerLink link;

    Navigator(ChatState state, ServerLink link) {
        this.state = state;
        this.link = link;
    }

    /** Opens a direct chat or a room: joins the room, or shows the direct chat's recent history. */
    void open(String conv) {
        if (conv.startsWith("#")) {
            link.request(new ClientFrame.Join(null, conv));
        } else {
            String direct = conv.startsWith("@") ? conv : "@" + conv;
            state.select(state.conversationFor(direct));
            link.request(new ClientFrame.History(null, direct, null, OPENING_HISTORY));
        }
    }

    /** Shows {@code conversation} and marks it read. */
    void show(Conversation conversation) {
        state.select(conversation);
        markReadIfShown(conversation);
    }

    /** Switches by {@code delta} places in the list; a direct chat never loaded fetches its waiting messages. */
    void switchBy(int delta) {
        state.switchBy(delta);
        Conversation shown = state.current();
        if (shown.log().isEmpty() && shown.serverId() != null && shown.serverId().startsWith("@")) {
            link.request(new ClientFrame.History(null, shown.serverId(), null, OPENING_HISTORY));
        }
        markReadIfShown(shown);
    }

    /** Tells the server a direct chat on screen has been read. */
    void markReadIfShown(Conversation conversation) {
        if (conversation == state.current() && conversation.serverId() != null
                && conversation.serverId().startsWith("@") && conversation.lastMessageId() != null) {
            link.sendQuietly(new ClientFrame.Read(null, conversation.serverId(), conversation.lastMessageId()));
        }
    }

    /** The name the user speaks under in {@code conversation}: the anonymous handle with a stranger. */
    String speakerIn(Conversation conversation) {
        return conversation == state.random() && state.strangerHandle() != null ? state.strangerHandle()
                : state.me();
    }
}
