package chat.tui.app;

import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;

/**
 * What happens when something arrives: unread counts, and the terminal bell as {@link ChatState#bell()} says: a
 * message that names the user rings even on screen; with {@code mentions}, so do direct messages and a new stranger
 * while out of sight; with {@code all}, anything out of sight.
 */
final class Alerts {

    private final ChatState state;
    private final Terminal terminal;

    Alerts(ChatState state, Terminal terminal) {
        this.state = state;
        this.terminal = terminal;
    }

    /** {@code line} (null for an event such as a new stranger) arrived in {@code conversation}. */
    void arrived(Conversation conversation, LogLine line) {
        boolean outOfSight = conversation != state.current() || conversation.scrollBack() > 0;
        if (conversation != state.current()) {
            conversation.markUnread();
        }
        boolean mention = line != null && line.mention();
        boolean addressed = conversation.serverId() != null && !conversation.serverId().startsWith("#");
        boolean ring = switch (state.bell()) {
            case OFF -> false;
            case MENTIONS -> mention || outOfSight && addressed;
            case ALL -> mention || outOfSight;
        };
        if (ring) {
            ring();
        }
    }

    private void ring() {
        try {
            terminal.bell();
        } catch (IOException | UnsupportedOperationException e) {
            // no bell, no harm
        }
    }
}
