package chat.tui.app;

import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;

/** What happens when something arrives: unread counts, and the terminal bell when the user asked for it. */
final class Alerts {

    private final ChatState state;
    private final Terminal terminal;
    private final boolean bell;

    Alerts(ChatState state, Terminal terminal, boolean bell) {
        this.state = state;
        this.terminal = terminal;
        this.bell = bell;
    }

    /** Something new in {@code conversation}: unread when not on screen, and a bell when out of sight. */
    void arrived(Conversation conversation) {
        if (conversation != state.current()) {
            conversation.markUnread();
            ring();
        } else if (conversation.scrollBack() > 0) {
            ring();
        }
    }

    void ring() {
        if (bell) {
            try {
                terminal.bell();
            } catch (IOException | UnsupportedOperationException e) {
                // no bell, no harm
            }
        }
    }
}
