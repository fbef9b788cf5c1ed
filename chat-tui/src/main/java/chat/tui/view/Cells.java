package chat.tui.view;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import java.util.ArrayList;
import java.util.List;

/**
 * Text as terminal cells. A CJK character or an emoji takes two columns, everything else one; zero-width joiners
 * and variation selectors are dropped, since terminals disagree about them and a wrong guess shifts the whole line.
 * Lanterna's {@code putString} splits surrogate pairs, so every string is drawn through here.
 */
public final class Cells {

    /** One styled character and the columns it takes. */
    public record Cell(TextCharacter character, int width) {
    }

    private Cells() {
    }

    /** The cells of {@code text} in the given colours and styles. */
    public static List<Cell> of(String text, TextColor foreground, TextColor background, SGR... styles) {
        List<Cell> cells = new ArrayList<>(text.length());
        for (TextCharacter character : TextCharacter.fromString(clean(text), foreground, background, styles)) {
            String glyph = character.getCharacterString();
            if (glyph.isEmpty()) {
                continue;
            }
            cells.add(new Cell(character, character.isDoubleWidth() ? 2 : 1));
        }
        return cells;
    }

    /** The columns {@code text} takes. */
    public static int width(String text) {
        int width = 0;
        for (Cell cell : of(text, TextColor.ANSI.DEFAULT, TextColor.ANSI.DEFAULT)) {
            width += cell.width();
        }
        return width;
    }

    /** The columns a list of cells takes. */
    public static int width(List<Cell> cells) {
        int width = 0;
        for (Cell cell : cells) {
            width += cell.width();
        }
        return width;
    }

    /**
     * Breaks cells into rows of at most {@code width} columns, at spaces where it can; rows after the first start
     * with {@code indent} blank columns. A wide character never straddles a row's end.
     */
    public static List<List<Cell>> wrap(List<Cell> cells, int width, int indent) {
        List<List<Cell>> rows = new ArrayList<>();
        int start = 0;
        int firstRowWidth = width;
        while (start < cells.size()) {
            int available = rows.isEmpty() ? firstRowWidth : Math.max(1, width - indent);
            int used = 0;
            int end = start;
            int lastSpace = -1;
            while (end < cells.size() && used + cells.get(end).width() <= available) {
                if (" ".equals(cells.get(end).character().getCharacterString())) {
                    lastSpace = end;
                }
                used += cells.get(end).width();
                end++;
            }
            if (end == start) {
                end = start + 1; // a character wider than the row: put it alone
            } else if (end < cells.size() && lastSpace > start) {
                end = lastSpace + 1; // break after the last space
            }
            List<Cell> row = new ArrayList<>(cells.subList(start, end));
            if (!rows.isEmpty()) {
                List<Cell> indented = new ArrayList<>(row.size() + indent);
                for (int i = 0; i < indent && indent < width; i++) {
                    indented.add(new Cell(new TextCharacter(' '), 1));
                }
                indented.addAll(row);
                row = indented;
            }
            rows.add(row);
            start = end;
        }
        if (rows.isEmpty()) {
            rows.add(new ArrayList<>());
        }
        return rows;
    }

    private static String clean(String text) {
        StringBuilder cleaned = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (codePoint == 0x200D || codePoint >= 0xFE00 && codePoint <= 0xFE0F) {
                return; // zero-width joiner, variation selectors
            }
            if (codePoint < 0x20 || codePoint >= 0x7F && codePoint <= 0x9F) {
                cleaned.append(' '); // control characters never reach the terminal
                return;
            }
            cleaned.appendCodePoint(codePoint);
        });
        return cleaned.toString();
    }
}
