package chat.tui.view;

import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/** The bar above the log: which conversation this is, its topic or partner, and how many are in it. */
final class TitleBar {

    private static final TextColor INK = TextColor.ANSI.WHITE_BRIGHT;
    private static final TextColor PAPER = TextColor.ANSI.BLUE;

    private TitleBar() {
    }

    /** The bar's text for the conversation on screen. */
    static String text(ChatState state) {
        Conversation conversation = state.current();
        String conv = conversation.serverId();
        if (conversation == state.random()) {
            if (conv == null) {
                return "Stranger · nobody yet: F2 meets someone";
            }
            String who = conversation.members().size() > 1 ? "Group: " + String.join(", ", conversation.members())
                    : "Stranger: " + conversation.title();
            // What the strangers see for the user: the account name, or a handle (/anon on, a guest).
            return who + (conversation.topic() == null ? "" : " · shared: " + conversation.topic())
                    + (state.strangerHandle() == null ? "" : " · you are " + state.strangerHandle())
                    + " · not stored";
        }
        if (conv != null && conv.startsWith("#")) {
            int people = conversation.members().size();
            return conv + (conversation.topic() == null ? "" : " — " + conversation.topic())
                    + (people == 0 ? "" : " · " + people + (people == 1 ? " person" : " people"));
        }
        return conversation.title() + " · direct chat";
    }

    static void draw(ChatState state, TextGraphics g, int left, int width) {
        g.setBackgroundColor(PAPER);
        g.setForegroundColor(INK);
        g.drawLine(left, 0, left + width - 1, 0, ' ');
        ChatView.put(g, left, 0, ChatView.fit(" " + text(state), width), left + width, INK, PAPER);
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }
}
