package chat.tui.view;

import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.InputLine;
import chat.tui.model.LogLine;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the chat screen from a {@link ChatState}: the conversation list on the left (hidden on narrow terminals),
 * the message log with wrapping and scrollback, the input line, and the status bar. Pure drawing: the same state
 * always gives the same screen, which is what the view tests compare.
 */
public final class ChatView {

    private static final int NARROW = 50;
    private static final TextColor DEFAULT = TextColor.ANSI.DEFAULT;

    private final ColorMode colors;
    private final MessageLines lines;

    public ChatView(ZoneId zone) {
        this(zone, ColorMode.TRUE_COLOR);
    }

    public ChatView(ZoneId zone, ColorMode colors) {
        this.colors = colors;
        this.lines = new MessageLines(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(zone), colors);
    }

    /** How far the help panel can scroll on a screen of {@code size}. */
    public static int helpScrollLimit(ChatState state, TerminalSize size) {
        return HelpPanel.maxScroll(state, size);
    }

    /** Where each part of the screen goes for a state and a size. */
    private record Layout(int listWidth, int logLeft, int logWidth, int logTop, int logRows, int membersWidth) {
        static Layout of(ChatState state, TerminalSize size) {
            int width = size.getColumns();
            int height = size.getRows();
            int listWidth = width < NARROW ? 0 : Math.max(14, Math.min(24, width / 5));
            int logLeft = listWidth == 0 ? 0 : listWidth + 1;
            int logTop = height >= 6 ? 1 : 0; // the title bar, when there is room for it
            int membersWidth = 0;
            if (state.membersShown() && !state.current().members().isEmpty() && width - logLeft >= 50) {
                membersWidth = Math.max(12, Math.min(20, width / 6));
            }
            int logWidth = width - logLeft - (membersWidth == 0 ? 0 : membersWidth + 1);
            return new Layout(listWidth, logLeft, logWidth, logTop, Math.max(1, height - 2 - logTop), membersWidth);
        }
    }

    /** Rows of the log shown at once on a screen of {@code size}: a page for PgUp and PgDn. */
    public static int logRows(ChatState state, TerminalSize size) {
        return Layout.of(state, size).logRows();
    }

    /**
     * The scroll-back (in rows from the newest) that brings line {@code index} of the current conversation's log
     * into view, a few rows above the bottom.
     */
    public int scrollToShow(ChatState state, int index, TerminalSize size) {
        Layout layout = Layout.of(state, size);
        List<LogLine> log = state.current().log();
        int below = 0;
        for (int i = log.size() - 1; i > index; i--) {
            below += lines.render(log.get(i), layout.logWidth(), null).size();
        }
        return Math.max(0, below - Math.max(0, layout.logRows() / 2 - 1));
    }

    /**
     * Draws the whole screen.
     *
     * @param now epoch milliseconds, for typing indicators that expire
     * @return where the terminal cursor belongs (in the input line)
     */
    public TerminalPosition draw(ChatState state, TextGraphics g, TerminalSize size, long now) {
        g.setForegroundColor(DEFAULT);
        g.setBackgroundColor(DEFAULT);
        g.fill(' ');
        int width = size.getColumns();
        int height = size.getRows();
        if (height < 3 || width < 10) {
            put(g, 0, 0, "terminal too small", width, DEFAULT);
            return new TerminalPosition(0, 0);
        }
        Layout layout = Layout.of(state, size);
        if (layout.listWidth() > 0) {
            drawList(state, g, layout.listWidth(), height - 2);
        }
        if (layout.logTop() > 0) {
            TitleBar.draw(state, g, layout.logLeft(), width - layout.logLeft());
        }
        drawLog(state.current(), g, layout, state.link() == ChatState.Link.ONLINE);
        if (layout.membersWidth() > 0) {
            MemberList.draw(state, g, width - layout.membersWidth(), layout.logTop(), layout.membersWidth(),
                    layout.logRows());
        }
        TerminalPosition cursor = drawInput(state, g, height - 2, width);
        drawStatus(state, g, height - 1, width, layout.listWidth() == 0, now);
        if (state.startShown()) {
            drawStart(state, g, layout.logLeft(), width - layout.logLeft(), height - 2);
        }
        if (state.helpShown()) {
            HelpPanel.draw(state, g, size, state.helpScroll());
        }
        if (state.preview() != null) {
            drawPreview(state.preview(), g, size);
        }
        return cursor;
    }

    private void drawList(ChatState state, TextGraphics g, int listWidth, int rows) {
        List<Conversation> conversations = state.conversations();
        for (int i = 0; i < conversations.size() && i < rows; i++) {
            Conversation conversation = conversations.get(i);
            boolean selected = i == state.selectedIndex();
            String unread = conversation.unread() > 0 ? " (" + conversation.unread() + ")" : "";
            String marker = selected ? "> " : "  ";
            String title = fit(conversation.title(), listWidth - marker.length() - unread.length());
            SGR[] style = selected ? new SGR[] {SGR.BOLD} : conversation.unread() > 0 ? new SGR[] {SGR.BOLD}
                    : new SGR[0];
            TextColor colour = conversation.unread() > 0 && !selected ? TextColor.ANSI.YELLOW : DEFAULT;
            put(g, 0, i, marker + title + unread, listWidth, colour, style);
        }
        for (int row = 0; row < rows; row++) {
            g.setCharacter(listWidth, row, new TextCharacter('│'));
        }
    }

    private void drawLog(Conversation conversation, TextGraphics g, Layout layout, boolean online) {
        int left = layout.logLeft();
        int width = layout.logWidth();
        int rows = layout.logRows();
        int top = layout.logTop();
        List<List<Cells.Cell>> shown = new ArrayList<>();
        List<LogLine> log = conversation.log();
        int needed = rows + conversation.scrollBack();
        for (int i = log.size() - 1; i >= 0 && shown.size() < needed; i--) {
            shown.addAll(0, lines.render(log.get(i), width, conversation.searchQuery()));
        }
        int maxScroll = Math.max(0, shown.size() - rows);
        int scroll = Math.min(conversation.scrollBack(), maxScroll);
        int first = Math.max(0, shown.size() - rows - scroll);
        for (int row = 0; row < rows && first + row < shown.size(); row++) {
            int y = shown.size() <= rows ? row + (rows - shown.size()) : row;
            drawCells(g, left, top + y, shown.get(first + row), width);
        }
        if (log.isEmpty() && conversation.key().equals(ChatState.RANDOM) && online) {
            put(g, left, top + rows / 2, center("Press F2 (or type /next) to meet a random stranger", width),
                    left + width, TextColor.ANSI.CYAN);
        }
        if (scroll > 0) {
            String more = " ↓ " + scroll + " more ";
            put(g, left + Math.max(0, width - Cells.width(more)), top + rows - 1, more, left + width,
                    TextColor.ANSI.BLACK, TextColor.ANSI.YELLOW);
        }
    }

    private void drawPreview(chat.tui.model.Picture picture, TextGraphics g, TerminalSize size) {
        g.setBackgroundColor(TextColor.ANSI.BLACK);
        g.fill(' ');
        int rows = (picture.height() + 1) / 2;
        int left = Math.max(0, (size.getColumns() - picture.width()) / 2);
        int top = Math.max(0, (size.getRows() - 1 - rows) / 2);
        if (colors == ColorMode.NONE) {
            put(g, 0, 0, "This terminal shows no colours; /save the picture to look at it.", size.getColumns(),
                    TextColor.ANSI.WHITE, TextColor.ANSI.BLACK);
        } else {
            for (int y = 0; y < picture.height(); y += 2) {
                for (int x = 0; x < picture.width() && left + x < size.getColumns(); x++) {
                    int upper = picture.pixel(x, y);
                    int lower = y + 1 < picture.height() ? picture.pixel(x, y + 1) : upper;
                    g.setCharacter(left + x, top + y / 2, new TextCharacter('▀', colors.color(upper),
                            colors.color(lower)));
                }
            }
        }
        put(g, 0, size.getRows() - 1, " Esc or F4 closes the preview ", size.getColumns(), TextColor.ANSI.BLACK,
                TextColor.ANSI.WHITE);
        g.setBackgroundColor(DEFAULT);
    }

    private TerminalPosition drawInput(ChatState state, TextGraphics g, int row, int width) {
        String prompt = "> ";
        String text = state.input().text();
        String shown = masked(text);
        List<Cells.Cell> cells = Cells.of(shown, DEFAULT, DEFAULT);
        int cursorColumns = Cells.width(Cells.of(
                shown.substring(0, shown.offsetByCodePoints(0, state.input().cursor())), DEFAULT, DEFAULT));
        int available = width - prompt.length() - 1;
        int skip = Math.max(0, cursorColumns - available);
        put(g, 0, row, prompt, width, TextColor.ANSI.GREEN, SGR.BOLD);
        int x = prompt.length();
        int column = 0;
        for (Cells.Cell cell : cells) {
            if (column >= skip && x + cell.width() <= width) {
                g.setCharacter(x, row, cell.character());
                x += cell.width();
            }
            column += cell.width();
        }
        return new TerminalPosition(prompt.length() + cursorColumns - skip, row);
    }

    /** The input as shown: the arguments of secret commands turned into stars, one per code point. */
    static String masked(String text) {
        int space = text.indexOf(' ');
        if (space < 0 || !InputLine.SECRET_COMMANDS.contains(text.substring(0, space).toLowerCase(Locale.ROOT))) {
            return text;
        }
        String command = text.substring(0, space + 1);
        String rest = text.substring(space + 1);
        if (text.toLowerCase(Locale.ROOT).startsWith("/login ") || text.toLowerCase(Locale.ROOT).startsWith(
                "/register ") || text.toLowerCase(Locale.ROOT).startsWith("/reset ")) {
            int nameEnd = rest.indexOf(' ');
            if (nameEnd < 0) {
                return text; // still typing the name
            }
            command += rest.substring(0, nameEnd + 1);
            rest = rest.substring(nameEnd + 1);
        }
        StringBuilder stars = new StringBuilder(command);
        rest.codePoints().forEach(codePoint -> stars.append(codePoint == ' ' ? ' ' : '*'));
        return stars.toString();
    }

    private void drawStatus(ChatState state, TextGraphics g, int row, int width, boolean narrow, long now) {
        StringBuilder left = new StringBuilder(" ");
        left.append(state.link() == ChatState.Link.ONLINE ? "● " : "○ ").append(state.link().label());
        if (state.secure()) {
            left.append(" · TLS");
        }
        if (!state.linkDetail().isEmpty()) {
            left.append(" (").append(state.linkDetail()).append(')');
        }
        left.append(" · ").append(state.me().isEmpty() ? "…" : state.me());
        if (state.loggedIn() && state.anon()) {
            left.append(" (anon)");
        }
        if (narrow) {
            left.append(" · ").append(state.current().title());
        }
        if (!state.transfer().isEmpty()) {
            left.append(" · ").append(state.transfer());
        }
        if (state.hint() != null) {
            left.append(" · ").append(state.hint());
        }
        List<String> typing = state.current().typingAt(now);
        if (!typing.isEmpty()) {
            left.append(" · ").append(String.join(", ", typing)).append(typing.size() == 1 ? " is typing…"
                    : " are typing…");
        }
        String right = " F1 help ";
        TextColor foreground = TextColor.ANSI.BLACK;
        TextColor background = state.link() == ChatState.Link.ONLINE ? TextColor.ANSI.WHITE : TextColor.ANSI.YELLOW;
        g.setBackgroundColor(background);
        g.setForegroundColor(foreground);
        g.drawLine(0, row, width - 1, row, ' ');
        put(g, 0, row, fit(left.toString(), width - right.length()), width, foreground, background);
        put(g, width - right.length(), row, right, width, foreground, background);
        g.setBackgroundColor(DEFAULT);
        g.setForegroundColor(DEFAULT);
    }

    private void drawStart(ChatState state, TextGraphics g, int left, int width, int rows) {
        List<String> text = new ArrayList<>(List.of(
            "Welcome to chat on " + state.server() + (state.secure() ? " (TLS)" : ""),
            "",
            "L  log in",
            "R  register a new account",
            "G  continue as a guest",
            "",
            "F1 shows the keys at any time"));
        List<List<Cells.Cell>> note = state.firstUseNote() == null ? List.of()
                : Cells.wrap(Cells.of(state.firstUseNote(), TextColor.ANSI.YELLOW, DEFAULT), Math.max(10, width - 4),
                        0);
        g.fillRectangle(new TerminalPosition(left, 0), new TerminalSize(width, rows), ' ');
        int height = text.size() + (note.isEmpty() ? 0 : note.size() + 1);
        int top = Math.max(0, (rows - height) / 2);
        for (int i = 0; i < text.size() && top + i < rows; i++) {
            boolean title = i == 0;
            put(g, left, top + i, center(text.get(i), width), left + width, title ? TextColor.ANSI.CYAN : DEFAULT,
                    title ? new SGR[] {SGR.BOLD} : new SGR[0]);
        }
        for (int i = 0; i < note.size() && top + text.size() + 1 + i < rows; i++) {
            drawCells(g, left + 2, top + text.size() + 1 + i, note.get(i), width - 2);
        }
    }

    static void drawCells(TextGraphics g, int left, int row, List<Cells.Cell> cells, int width) {
        int x = left;
        for (Cells.Cell cell : cells) {
            if (x + cell.width() > left + width) {
                break;
            }
            g.setCharacter(x, row, cell.character());
            x += cell.width();
        }
    }

    /** Writes {@code text} from column {@code x}, stopping before column {@code limit}. */
    static void put(TextGraphics g, int x, int row, String text, int limit, TextColor foreground,
            SGR... styles) {
        put(g, x, row, text, limit, foreground, DEFAULT, styles);
    }

    static void put(TextGraphics g, int x, int row, String text, int limit, TextColor foreground,
            TextColor background, SGR... styles) {
        int column = x;
        for (Cells.Cell cell : Cells.of(text, foreground, background, styles)) {
            if (column + cell.width() > limit) {
                break;
            }
            g.setCharacter(column, row, cell.character());
            column += cell.width();
        }
    }

    static String fit(String text, int columns) {
        if (Cells.width(text) <= columns) {
            return text;
        }
        StringBuilder fitted = new StringBuilder();
        int used = 0;
        for (Cells.Cell cell : Cells.of(text, DEFAULT, DEFAULT)) {
            if (used + cell.width() > columns - 1) {
                break;
            }
            fitted.append(cell.character().getCharacterString());
            used += cell.width();
        }
        return fitted + "…";
    }

    private static String center(String text, int width) {
        int pad = Math.max(0, (width - Cells.width(text)) / 2);
        return " ".repeat(pad) + text;
    }
}
