package chat.core.model;

import java.lang.Character.UnicodeScript;
import java.util.Set;

/**
 * The character rules for text a person typed and other people will read: messages, topics, away messages, report
 * reasons, file names. Everything in such text must show as what it is, so the text is refused when it holds
 * <ul>
 *   <li>control characters (C0 except tab, DEL, C1) and line or paragraph separators: they move the cursor, clear
 *       screens, set window titles or start a new line that looks like the server's;</li>
 *   <li>bidirectional controls (U+202A..U+202E, U+2066..U+2069, LRM, RLM, ALM): they reorder what follows, so
 *       {@code "txt.exe"} can show as {@code "exe.txt"};</li>
 *   <li>other invisible format characters (zero-width space, word joiner, BOM, soft hyphen, tag characters, Hangul
 *       fillers, the combining grapheme joiner): they hide text or make two different strings look the same;</li>
 *   <li>a lone UTF-16 surrogate or a noncharacter: not text at all;</li>
 *   <li>a run of more than {@value #MAX_MARKS_IN_A_ROW} combining marks (they pile up over other lines), or more than
 *       one variation selector on a character (used to smuggle invisible data).</li>
 * </ul>
 * Emoji keep working: the zero-width joiner is allowed between two emoji (family, flag and profession sequences),
 * variation selectors after a character, and tag characters inside an emoji tag sequence (the flags of England,
 * Scotland, Wales). The zero-width joiner and non-joiner are also allowed between two letters of a script that needs
 * them for shaping (Arabic, Persian, the Indic scripts), never in Latin, Greek or Cyrillic text.
 *
 * <p>{@link #escaped} is the other half: it shows any of those characters as an escape, for logs and operator output,
 * which must show stored strings however they got there.
 */
public final class VisibleText {

    /** Most combining marks in a row on one character. */
    public static final int MAX_MARKS_IN_A_ROW = 8;

    private static final int ZWNJ = 0x200C;
    private static final int ZWJ = 0x200D;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;
    private static final int MAX_TAGS = 32;

    /** Scripts where a joiner between two letters is plainly a spoof: it changes nothing on screen. */
    private static final Set<UnicodeScript> NO_JOINERS = Set.of(UnicodeScript.LATIN, UnicodeScript.GREEK,
            UnicodeScript.CYRILLIC, UnicodeScript.COMMON, UnicodeScript.INHERITED, UnicodeScript.UNKNOWN);

    private VisibleText() {
    }

    /** Why {@code text} may not be shown to others, in words for the sender; null when it may. */
    public static String problemWith(String text) {
        int marks = 0;
        int previous = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == BLACK_FLAG && next < text.length() && isTag(text.codePointAt(next))) {
                int end = endOfTagSequence(text, next);
                if (end < 0) {
                    return "it holds invisible tag characters outside an emoji flag";
                }
                previous = cp;
                marks = 0;
                i = end;
                continue;
            }
            String problem = problemWith(cp, text, i, next, previous);
            if (problem != null) {
                return problem + " (found " + codePointName(cp) + ")";
            }
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                if (++marks > MAX_MARKS_IN_A_ROW) {
                    return "it piles more than " + MAX_MARKS_IN_A_ROW + " combining marks on one character";
                }
            } else {
                marks = 0;
            }
            previous = cp;
            i = next;
        }
        return null;
    }

    /** Whether {@code text} may be shown to others as it is. */
    public static boolean isVisible(String text) {
        return problemWith(text) == null;
    }

    /**
     * {@code text} with every character that does not show as itself (controls, separators, format and bidi
     * characters, tags, fillers, surrogates, noncharacters) written as an escape: {@code \n}, {@code \r},
     * {@code \t}, {@code \u001B}, {@code \U000E0041}. Everything else, backslashes included, stays as it is.
     */
    public static String escaped(String text) {
        int first = firstHidden(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!isHidden(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp <= 0xFFFF) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.append(String.format("\\U%08X", cp));
            }
        }
        return out.toString();
    }

    /** Whether {@code cp} never shows as itself: what {@link #escaped} escapes. */
    public static boolean isHidden(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || isFiller(cp) || isNoncharacter(cp);
    }

    private static int firstHidden(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp < 0x20 || cp >= 0x7F && isHidden(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static String problemWith(int cp, String text, int at, int next, int previous) {
        if (cp == '\t') {
            return null;
        }
        if (cp < 0x20 || cp >= 0x7F && cp <= 0x9F) {
            return "it holds control characters";
        }
        if (cp < 0x7F) {
            return null;
        }
        int type = Character.getType(cp);
        if (type == Character.SURROGATE) {
            return "it holds half of a UTF-16 surrogate pair";
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "it holds line breaks";
        }
        if (isBidiControl(cp)) {
            return "it holds bidirectional controls, which reorder what is shown";
        }
        if (cp == ZWJ && (joinsEmoji(text, at, next) || joinsLetters(text, at, next))
                || cp == ZWNJ && joinsLetters(text, at, next)) {
            return null;
        }
        if (type == Character.FORMAT || isFiller(cp) || cp == 0x034F) {
            return "it holds invisible characters";
        }
        if (isNoncharacter(cp)) {
            return "it holds a noncharacter";
        }
        if (isVariationSelector(cp) && (previous < 0 || isVariationSelector(previous)
                || Character.isWhitespace(previous))) {
            return "it holds a variation selector that belongs to no character";
        }
        return null;
    }

    private static boolean isBidiControl(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069 || cp == 0x200E || cp == 0x200F
                || cp == 0x061C;
    }

    /** Letters that draw nothing: the Hangul fillers, popular for invisible names and messages. */
    private static boolean isFiller(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0;
    }

    private static boolean isNoncharacter(int cp) {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }

    private static boolean isVariationSelector(int cp) {
        return cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= 0xE007E;
    }

    /** Where an emoji tag sequence's tags (starting at {@code from}) end after their cancel tag; -1 if they do not. */
    private static int endOfTagSequence(String text, int from) {
        int i = from;
        int tags = 0;
        while (i < text.length() && isTag(text.codePointAt(i))) {
            i += 2;
            if (++tags > MAX_TAGS) {
                return -1;
            }
        }
        return i < text.length() && text.codePointAt(i) == CANCEL_TAG ? i + 2 : -1;
    }

    /** A zero-width joiner between two emoji: the character before (past its variation selector) and after. */
    private static boolean joinsEmoji(String text, int at, int next) {
        int before = at;
        int cp;
        do {
            if (before == 0) {
                return false;
            }
            cp = text.codePointBefore(before);
            before -= Character.charCount(cp);
        } while (isVariationSelector(cp));
        return isEmoji(cp) && next < text.length() && isEmoji(text.codePointAt(next));
    }

    /** Roughly Unicode's Extended_Pictographic (Java 17 has no such property), plus skin tones. */
    private static boolean isEmoji(int cp) {
        return cp >= 0x1F000 && cp <= 0x1FAFF || cp >= 0x2600 && cp <= 0x27BF || cp >= 0x2300 && cp <= 0x23FF
                || cp >= 0x2B00 && cp <= 0x2BFF || cp >= 0x2190 && cp <= 0x21FF || cp >= 0x25A0 && cp <= 0x25FF
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
                || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }

    /** A joiner between two letters (or marks) of one script that shapes with joiners. */
    private static boolean joinsLetters(String text, int at, int next) {
        if (at == 0 || next >= text.length()) {
            return false;
        }
        int before = text.codePointBefore(at);
        int after = text.codePointAt(next);
        if (!isLetterOrMark(before) || !isLetterOrMark(after)) {
            return false;
        }
        UnicodeScript script = UnicodeScript.of(before);
        return !NO_JOINERS.contains(script) && script == UnicodeScript.of(after);
    }

    private static boolean isLetterOrMark(int cp) {
        int type = Character.getType(cp);
        return Character.isLetter(cp) || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static String codePointName(int cp) {
        return String.format("U+%04X", cp);
    }
}
