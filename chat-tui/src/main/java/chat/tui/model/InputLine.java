package chat.tui.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The line the user is typing: text edited by code point (so an emoji or a CJK character is one step for the
 * cursor and for backspace), a cursor, and a history of sent lines walked with Up and Down.
 */
public final class InputLine {

    private static final int HISTORY_LIMIT = 200;
    /** Commands whose arguments are secrets: shown as stars while typed, never kept in the history. */
    public static final Set<String> SECRET_COMMANDS = Set.of("/login", "/register", "/passwd", "/reset",
            "/delete-account");

    private final List<Integer> codePoints = new ArrayList<>();
    private int cursor;
    private final List<String> history = new ArrayList<>();
    private int historyIndex = -1;
    private String draft = "";

    public String text() {
        StringBuilder text = new StringBuilder(codePoints.size());
        for (int codePoint : codePoints) {
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** The cursor position, in code points from the start. */
    public int cursor() {
        return cursor;
    }

    public boolean isEmpty() {
        return codePoints.isEmpty();
    }

    public void insert(String text) {
        text.codePoints().forEach(codePoint -> codePoints.add(cursor++, codePoint));
    }

    public void backspace() {
        if (cursor > 0) {
            codePoints.remove(--cursor);
        }
    }

    public void delete() {
        if (cursor < codePoints.size()) {
            codePoints.remove(cursor);
        }
    }

    public void left() {
        cursor = Math.max(0, cursor - 1);
    }

    public void right() {
        cursor = Math.min(codePoints.size(), cursor + 1);
    }

    public void home() {
        cursor = 0;
    }

    public void end() {
        cursor = codePoints.size();
    }

    /** Deletes the word before the cursor (Ctrl+W). */
    public void deleteWord() {
        while (cursor > 0 && codePoints.get(cursor - 1) == ' ') {
            codePoints.remove(--cursor);
        }
        while (cursor > 0 && codePoints.get(cursor - 1) != ' ') {
            codePoints.remove(--cursor);
        }
    }

    /** Replaces the whole text, cursor at the end. */
    public void set(String text) {
        codePoints.clear();
        cursor = 0;
        insert(text);
    }

    /** Whether {@code text} is a command that carries a secret. */
    public static boolean carriesSecret(String text) {
        String command = text.strip().split(" ", 2)[0].toLowerCase(Locale.ROOT);
        return SECRET_COMMANDS.contains(command);
    }

    /** Takes the text out to send it: remembers it in the history (unless it carries a secret) and empties the line. */
    public String take() {
        String text = text();
        if (!text.isBlank() && !carriesSecret(text)
                && (history.isEmpty() || !history.get(history.size() - 1).equals(text))) {
            history.add(text);
            if (history.size() > HISTORY_LIMIT) {
                history.remove(0);
            }
        }
        historyIndex = -1;
        draft = "";
        set("");
        return text;
    }

    /** Up: the previous line of the history; the line being typed is kept as a draft. */
    public void historyBack() {
        if (history.isEmpty() || historyIndex == 0) {
            return;
        }
        if (historyIndex < 0) {
            draft = text();
            historyIndex = history.size();
        }
        set(history.get(--historyIndex));
    }

    /** Down: the next line of the history, and after the newest one the draft. */
    public void historyForward() {
        if (historyIndex < 0) {
            return;
        }
        if (++historyIndex >= history.size()) {
            historyIndex = -1;
            set(draft);
        } else {
            set(history.get(historyIndex));
        }
    }
}
