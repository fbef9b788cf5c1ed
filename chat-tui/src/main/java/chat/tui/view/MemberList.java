package chat.tui.view;

import chat.tui.model.ChatState;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/** The members of the room on screen, beside the log (F7 shows or hides it), each in their name's colour. */
final class MemberList {

    private MemberList() {
    }

    static void draw(ChatState state, TextGraphics g, int left, int top, int width, int rows) {
        for (int row = 0; row < rows; row++) {
            g.setCharacter(left - 1, top + row, new TextCharacter('│'));
        }
        List<String> members = state.current().members();
        ChatView.put(g, left, top, ChatView.fit(members.size() + (members.size() == 1 ? " person" : " people"),
                width), left + width, TextColor.ANSI.DEFAULT, SGR.BOLD);
        for (int i = 0; i < members.size() && i < rows - 1; i++) {
            String name = members.get(i);
            if (i == rows - 2 && members.size() > rows - 1) {
                ChatView.put(g, left, top + 1 + i, "… " + (members.size() - i) + " more", left + width,
                        TextColor.ANSI.BLACK_BRIGHT);
                break;
            }
            boolean me = name.equalsIgnoreCase(state.me());
            ChatView.put(g, left, top + 1 + i, ChatView.fit(name, width), left + width,
                    me ? TextColor.ANSI.GREEN : MessageLines.nickColour(name), me ? new SGR[] {SGR.BOLD} : new SGR[0]);
        }
    }
}
