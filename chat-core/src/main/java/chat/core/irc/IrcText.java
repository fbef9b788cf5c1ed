package chat.core.irc;

import java.util.ArrayList;
import java.util.List;

/**
 * Text as IRC carries it: formatting codes that IRC clients put in what people type (bold, colours, italics), CTCP
 * ACTION for {@code /me}, and long text cut into lines that fit the 512-byte limit.
 */
public final class IrcText {

    private static final char CTCP = '\u0001';

    private IrcText() {
    }

    /**
     * {@code text} without mIRC formatting codes: bold (0x02), colour (0x03 with up to two digits, a comma and up to
     * two more), hex colour (0x04 with six hex digits), reset (0x0F), monospace (0x11), reverse (0x16), italics
     * (0x1D), strikethrough (0x1E), underline (0x1F). Other control characters are left for the chat's own check.
     */
    public static String stripFormatting(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int skip = switch (c) {
                case 0x02, 0x0F, 0x11, 0x16, 0x1D, 0x1E, 0x1F -> 1;
                case 0x03 -> 1 + colourLength(text, i + 1, false);
                case 0x04 -> 1 + colourLength(text, i + 1, true);
                default -> 0;
            };
            if (skip == 0) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            i += skip - 1;
        }
        return out == null ? text : out.toString();
    }

    private static int colourLength(String text, int from, boolean hex) {
        int width = hex ? 6 : 2;
        int first = digits(text, from, width, hex);
        if (first == 0 || hex && first != 6) {
            return hex && first == 6 ? 6 : 0;
        }
        int pos = from + first;
        if (pos < text.length() && text.charAt(pos) == ',') {
            int second = digits(text, pos + 1, width, hex);
            if (second > 0 && (!hex || second == 6)) {
                return first + 1 + second;
            }
        }
        return first;
    }

    private static int digits(String text, int from, int max, boolean hex) {
        int n = 0;
        while (n < max && from + n < text.length()) {
            char c = text.charAt(from + n);
            if (!(c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'))) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The action of a CTCP ACTION ({@code \x01ACTION waves\x01} gives {@code waves}), or null for other text. */
    public static String action(String text) {
        if (text.length() >= 8 && text.charAt(0) == CTCP && text.startsWith("ACTION ", 1)) {
            int end = text.charAt(text.length() - 1) == CTCP ? text.length() - 1 : text.length();
            return text.substring(8, end);
        }
        return null;
    }

    /** Whether {@code text} is a CTCP request or reply (VERSION, PING, ...), ACTION included. */
    public static boolean isCtcp(String text) {
        return !text.isEmpty() && text.charAt(0) == CTCP;
    }

    /** {@code action} as a CTCP ACTION. */
    public static String asAction(String action) {
        return CTCP + "ACTION " + action + CTCP;
    }

    /**
     * {@code text} cut into pieces of at most {@code maxBytes} bytes of UTF-8, at spaces where one is near the end of
     * a piece, never inside a code point.
     */
    public static List<String> split(String text, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (IrcMessage.utf8Length(text, start, text.length()) > maxBytes) {
            int bytes = 0;
            int end = start;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (bytes + size > maxBytes) {
                    break;
                }
                bytes += size;
                end += Character.charCount(cp);
            }
            int space = text.lastIndexOf(' ', end);
            int cut = space > start && end - space < 60 ? space + 1 : end;
            pieces.add(text.substring(start, cut));
            start = cut;
        }
        if (start < text.length() || pieces.isEmpty()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }
}
