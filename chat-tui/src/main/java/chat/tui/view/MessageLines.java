package chat.tui.view;

import chat.tui.model.LogLine;
import chat.tui.model.Picture;
import chat.tui.model.SharedFile;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One log line as rows of cells: the time, the speaker in a colour of their own (the same for a name on every
 * screen and run), the text wrapped under itself, delivery marks, actions as {@code * alice waves}, a line that names
 * the user highlighted, search matches in reverse, and pictures in half blocks.
 */
final class MessageLines {

    private static final TextColor DEFAULT = TextColor.ANSI.DEFAULT;
    /** Colours for other people's names; never green (the user's own) nor the terminal's ink or paper. */
    private static final TextColor[] NICK_COLOURS = {
        TextColor.ANSI.CYAN, TextColor.ANSI.MAGENTA, TextColor.ANSI.YELLOW, TextColor.ANSI.BLUE_BRIGHT,
        TextColor.ANSI.RED_BRIGHT, TextColor.ANSI.CYAN_BRIGHT, TextColor.ANSI.MAGENTA_BRIGHT,
        TextColor.ANSI.YELLOW_BRIGHT, TextColor.ANSI.BLUE, TextColor.ANSI.RED,
    };
    private static final TextColor OWN = TextColor.ANSI.GREEN;

    private final DateTimeFormatter clock;
    private final ColorMode colors;

    MessageLines(DateTimeFormatter clock, ColorMode colors) {
        this.clock = clock;
        this.colors = colors;
    }

    /** The colour of {@code name}: from its lower-case form, so it is the same everywhere and always. */
    static TextColor nickColour(String name) {
        return NICK_COLOURS[Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), NICK_COLOURS.length)];
    }

    /** {@code line} as rows at most {@code width} wide; {@code search} (or null) is shown in reverse. */
    List<List<Cells.Cell>> render(LogLine line, int width, String search) {
        String time = clock.format(Instant.ofEpochMilli(line.ts())) + " ";
        List<Cells.Cell> cells = new ArrayList<>(Cells.of(time, TextColor.ANSI.BLACK_BRIGHT, DEFAULT));
        int indent;
        switch (line.kind()) {
            case MESSAGE, OWN -> {
                TextColor nick = line.kind() == LogLine.Kind.OWN ? OWN : nickColour(line.from());
                String prefix = line.isAction() ? "* " + line.from() + " " : "<" + line.from() + "> ";
                SGR[] nickStyle = line.mention() ? new SGR[] {SGR.BOLD, SGR.REVERSE} : new SGR[] {SGR.BOLD};
                cells.addAll(Cells.of(prefix, nick, DEFAULT, nickStyle));
                String text = line.file() != null ? "📎 " + line.shownText() : line.shownText();
                SGR[] textStyle = line.mention() ? new SGR[] {SGR.BOLD} : line.isAction() ? new SGR[] {SGR.ITALIC}
                        : new SGR[0];
                cells.addAll(highlighted(text, search, line.mention() ? TextColor.ANSI.WHITE_BRIGHT : DEFAULT,
                        textStyle));
                if (line.kind() == LogLine.Kind.OWN) {
                    cells.addAll(mark(line.delivery()));
                }
                if (line.file() != null && line.file().id() != null) {
                    cells.addAll(Cells.of("  /save " + line.file().id(), TextColor.ANSI.BLACK_BRIGHT, DEFAULT));
                }
                indent = Cells.width(time) + Cells.width(prefix);
            }
            case EVENT -> {
                cells.addAll(highlighted("* " + line.text(), search, TextColor.ANSI.YELLOW));
                indent = Cells.width(time) + 2;
            }
            default -> {
                cells.addAll(highlighted("! " + line.text(), search, TextColor.ANSI.RED, SGR.BOLD));
                indent = Cells.width(time) + 2;
            }
        }
        List<List<Cells.Cell>> rows = Cells.wrap(cells, width, indent < width / 2 ? indent : 0);
        if (line.file() != null && line.file().thumbnail() != null) {
            rows.addAll(pictureRows(line.file(), Cells.width(time), width));
        }
        return rows;
    }

    private static List<Cells.Cell> mark(LogLine.Delivery delivery) {
        return switch (delivery) {
            case SENDING -> Cells.of(" …", TextColor.ANSI.BLACK_BRIGHT, DEFAULT);
            case SENT -> Cells.of(" ✓", OWN, DEFAULT);
            case DELIVERED -> Cells.of(" ✓✓", OWN, DEFAULT);
            case FAILED -> Cells.of(" ✗ not sent (/resend)", TextColor.ANSI.RED, DEFAULT);
        };
    }

    /** {@code text} in {@code ink}, with every match of {@code search} (ignoring case) in reverse. */
    private static List<Cells.Cell> highlighted(String text, String search, TextColor ink, SGR... styles) {
        if (search == null || search.isEmpty()) {
            return Cells.of(text, ink, DEFAULT, styles);
        }
        List<Cells.Cell> cells = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        String wanted = search.toLowerCase(Locale.ROOT);
        SGR[] found = Arrays.copyOf(styles, styles.length + 1);
        found[styles.length] = SGR.REVERSE;
        int from = 0;
        int at;
        while (lower.length() == text.length() && (at = lower.indexOf(wanted, from)) >= 0) {
            cells.addAll(Cells.of(text.substring(from, at), ink, DEFAULT, styles));
            cells.addAll(Cells.of(text.substring(at, at + wanted.length()), ink, DEFAULT, found));
            from = at + wanted.length();
        }
        cells.addAll(Cells.of(text.substring(from), ink, DEFAULT, styles));
        return cells;
    }

    /** A picture as rows of half blocks: each cell shows two pixels, the upper as ink, the lower as paper. */
    private List<List<Cells.Cell>> pictureRows(SharedFile file, int indent, int width) {
        List<List<Cells.Cell>> rows = new ArrayList<>();
        if (colors == ColorMode.NONE) {
            List<Cells.Cell> row = new ArrayList<>(Cells.of(" ".repeat(indent), DEFAULT, DEFAULT));
            row.addAll(Cells.of("[picture " + file.width() + "x" + file.height() + "]", TextColor.ANSI.BLACK_BRIGHT,
                    DEFAULT));
            rows.add(row);
            return rows;
        }
        Picture picture = file.thumbnail();
        for (int y = 0; y < picture.height(); y += 2) {
            List<Cells.Cell> row = new ArrayList<>(Cells.of(" ".repeat(indent), DEFAULT, DEFAULT));
            for (int x = 0; x < picture.width() && indent + x < width; x++) {
                int top = picture.pixel(x, y);
                int bottom = y + 1 < picture.height() ? picture.pixel(x, y + 1) : top;
                row.add(new Cells.Cell(new TextCharacter('▀', colors.color(top), colors.color(bottom)), 1));
            }
            rows.add(row);
        }
        return rows;
    }
}
