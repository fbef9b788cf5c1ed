package chat.tui.view;

import chat.tui.model.ChatState;
import chat.tui.model.Help;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.ArrayList;
import java.util.List;

/**
 * The F1 panel: {@link Help}'s sections laid out for the width at hand (two columns, the second wrapped under
 * itself; one column with the explanation below on a narrow screen), scrolled when taller than the screen.
 */
final class HelpPanel {

    private static final TextColor INK = TextColor.ANSI.WHITE;
    private static final TextColor PAPER = TextColor.ANSI.BLUE;
    private static final int MAX_WIDTH = 100;
    /** Below this many columns for the explanation, it goes under its command instead of beside it. */
    private static final int MIN_TEXT_COLUMNS = 24;

    private HelpPanel() {
    }

    /** The panel's rows for an inner width of {@code width} columns. */
    static List<List<Cells.Cell>> rows(ChatState state, int width) {
        List<List<Cells.Cell>> rows = new ArrayList<>();
        for (Help.Section section : Help.sections(state)) {
            if (!rows.isEmpty()) {
                rows.add(new ArrayList<>());
            }
            rows.add(Cells.of(section.title(), TextColor.ANSI.YELLOW_BRIGHT, PAPER, SGR.BOLD));
            int left = 0;
            for (Help.Entry entry : section.entries()) {
                left = Math.max(left, Cells.width(entry.what()));
            }
            left = Math.min(left + 4, width / 2); // two to indent, two between the columns
            boolean beside = width - left >= MIN_TEXT_COLUMNS;
            for (Help.Entry entry : section.entries()) {
                if (beside && Cells.width(entry.what()) + 4 <= left) {
                    String padded = "  " + entry.what() + " ".repeat(left - 2 - Cells.width(entry.what()));
                    List<Cells.Cell> line = new ArrayList<>(Cells.of(padded, TextColor.ANSI.CYAN_BRIGHT, PAPER));
                    line.addAll(Cells.of(entry.does(), INK, PAPER));
                    rows.addAll(Cells.wrap(line, width, left));
                } else {
                    rows.addAll(Cells.wrap(Cells.of("  " + entry.what(), TextColor.ANSI.CYAN_BRIGHT, PAPER), width,
                            4));
                    rows.addAll(Cells.wrap(Cells.of("      " + entry.does(), INK, PAPER), width, 6));
                }
            }
        }
        return rows;
    }

    /** How far the panel can scroll on a screen of {@code size}. */
    static int maxScroll(ChatState state, TerminalSize size) {
        return Math.max(0, rows(state, innerWidth(size)).size() - innerHeight(size));
    }

    /** Draws the panel over the screen, {@code scroll} rows down. */
    static void draw(ChatState state, TextGraphics g, TerminalSize size, int scroll) {
        int boxWidth = Math.min(size.getColumns(), MAX_WIDTH);
        int left = (size.getColumns() - boxWidth) / 2;
        int width = innerWidth(size);
        int height = innerHeight(size);
        List<List<Cells.Cell>> rows = rows(state, width);
        int first = Math.max(0, Math.min(scroll, rows.size() - height));
        g.setBackgroundColor(PAPER);
        g.setForegroundColor(INK);
        g.fillRectangle(new TerminalPosition(left, 0), new TerminalSize(boxWidth, size.getRows()), ' ');
        for (int i = 0; i < height && first + i < rows.size(); i++) {
            int x = left + 1;
            for (Cells.Cell cell : rows.get(first + i)) {
                if (x + cell.width() > left + 1 + width) {
                    break;
                }
                g.setCharacter(x, i, cell.character());
                x += cell.width();
            }
        }
        boolean more = first + height < rows.size();
        String footer = footer(first > 0 || more, more, boxWidth);
        int x = left + Math.max(0, boxWidth - Cells.width(footer)) / 2;
        for (Cells.Cell cell : Cells.of(footer, PAPER, INK)) {
            if (x + cell.width() > left + boxWidth) {
                break;
            }
            g.setCharacter(x, size.getRows() - 1, cell.character());
            x += cell.width();
        }
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        g.setForegroundColor(TextColor.ANSI.DEFAULT);
    }

    /** The longest footer that fits {@code width}. */
    private static String footer(boolean scrolls, boolean more, int width) {
        String[] choices = scrolls
                ? new String[] {" ↑↓ PgUp PgDn scroll · F1 or Esc closes" + (more ? " · more below " : " "),
                    " ↑↓ scroll · Esc closes" + (more ? " · more " : " "), " Esc closes "}
                : new String[] {" F1 or Esc closes ", " Esc closes "};
        for (String choice : choices) {
            if (Cells.width(choice) <= width) {
                return choice;
            }
        }
        return choices[choices.length - 1];
    }

    private static int innerWidth(TerminalSize size) {
        return Math.max(1, Math.min(size.getColumns(), MAX_WIDTH) - 2);
    }

    private static int innerHeight(TerminalSize size) {
        return Math.max(1, size.getRows() - 1);
    }
}
