package chat.tui.view;

import com.googlecode.lanterna.TextColor;
import java.util.Locale;
import java.util.Map;

/**
 * How many colours the terminal shows, which decides how pictures are drawn: in true colour, in the nearest of 256,
 * or not at all (a placeholder line instead).
 */
public enum ColorMode {
    TRUE_COLOR,
    INDEXED_256,
    NONE;

    /** What the environment says the terminal can do: {@code COLORTERM}, then {@code TERM}. */
    public static ColorMode detect(Map<String, String> environment) {
        String colorTerm = environment.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
        if (colorTerm.contains("truecolor") || colorTerm.contains("24bit")) {
            return TRUE_COLOR;
        }
        String term = environment.getOrDefault("TERM", "").toLowerCase(Locale.ROOT);
        if (term.contains("256color") || term.contains("direct")) {
            return INDEXED_256;
        }
        return term.isEmpty() || term.equals("dumb") ? NONE : INDEXED_256;
    }

    /** Parses {@code auto}, {@code truecolor}, {@code 256} or {@code none}. */
    public static ColorMode parse(String value, Map<String, String> environment) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "truecolor", "24bit" -> TRUE_COLOR;
            case "256" -> INDEXED_256;
            case "none", "off" -> NONE;
            default -> detect(environment);
        };
    }

    /** The colour for a pixel (0xRRGGBB). */
    public TextColor color(int rgb) {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        return this == TRUE_COLOR ? new TextColor.RGB(r, g, b) : TextColor.Indexed.fromRGB(r, g, b);
    }
}
