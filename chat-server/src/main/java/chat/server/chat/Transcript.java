package chat.server.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a random chat, kept in memory as evidence in case someone in it reports it, and nothing else: it
 * is never stored unless reported. Bounded in lines and in characters, since a member's recent partners keep it for
 * a while after the chat ended ({@link RecentPartners}).
 *
 * <p>Every message passes through here and reports are rare, so lines are kept as said and written out as text only
 * for a report, and they are kept without an object per line: the texts are copied into one character ring and the
 * rest into small arrays, all made on the first line and grown to the bounds. A line kept as an object of its own
 * would live a second or so in a busy chat, long enough to be copied by the young collector and promoted, and the
 * old generation would fill with lines already dropped. Loop thread only.
 */
final class Transcript {

    /** Lines kept. */
    static final int MAX_LINES = 20;
    /** Characters of text kept in all, oldest lines dropped first. */
    static final int MAX_CHARS = 8_000;
    /** Characters kept of one line's text; the rest is cut and marked. */
    static final int MAX_LINE_CHARS = 1_000;
    private static final int FIRST_CHARS = 256;

    /** When each line was said, who said it, and where its text starts in {@link #text}; by line slot. */
    private long[] atMillis;
    private String[] from;
    private int[] start;
    /** The text's length, negative for a text that was cut. */
    private int[] length;
    /** The texts, in a ring. */
    private char[] text;
    /** The oldest line's slot, and how many lines there are. */
    private int first;
    private int lines;
    /** Where the next text goes in the ring, and how many characters are in use. */
    private int textEnd;
    private int chars;

    /** Adds what {@code speaker} said at {@code at}, dropping the oldest lines beyond the bounds. */
    void add(long at, String speaker, String said) {
        boolean cut = said.length() > MAX_LINE_CHARS;
        int size = cut ? (Character.isHighSurrogate(said.charAt(MAX_LINE_CHARS - 1)) ? MAX_LINE_CHARS - 1
                : MAX_LINE_CHARS) : said.length();
        if (atMillis == null) {
            atMillis = new long[MAX_LINES];
            from = new String[MAX_LINES];
            start = new int[MAX_LINES];
            length = new int[MAX_LINES];
            text = new char[Math.max(FIRST_CHARS, Integer.highestOneBit(Math.max(1, size)) << 1)];
        }
        if (lines == MAX_LINES) {
            dropOldest();
        }
        while (chars + size > text.length) {
            if (text.length < MAX_CHARS) {
                grow(chars + size);
            } else {
                dropOldest();
            }
        }
        int slot = (first + lines) % MAX_LINES;
        atMillis[slot] = at;
        from[slot] = speaker;
        start[slot] = textEnd;
        length[slot] = cut ? -size : size;
        int head = Math.min(size, text.length - textEnd);
        said.getChars(0, head, text, textEnd);
        said.getChars(head, size, text, 0);
        textEnd = (textEnd + size) % text.length;
        chars += size;
        lines++;
    }

    private void dropOldest() {
        chars -= Math.abs(length[first]);
        from[first] = null;
        first = (first + 1) % MAX_LINES;
        lines--;
    }

    /** Makes the ring big enough for {@code needed} characters (up to {@link #MAX_CHARS}), oldest text first. */
    private void grow(int needed) {
        char[] bigger = new char[Math.min(MAX_CHARS, Math.max(needed, text.length * 2))];
        int at = 0;
        for (int i = 0; i < lines; i++) {
            int slot = (first + i) % MAX_LINES;
            int size = Math.abs(length[slot]);
            copyText(start[slot], size, bigger, at);
            start[slot] = at;
            at += size;
        }
        text = bigger;
        textEnd = at % text.length;
    }

    private void copyText(int from, int size, char[] to, int at) {
        int head = Math.min(size, text.length - from);
        System.arraycopy(text, from, to, at, head);
        System.arraycopy(text, 0, to, at + head, size - head);
    }

    /** The lines as text ({@code 2024-01-01T12:00:00Z <guest-1234> hi}), oldest first. */
    List<String> lines() {
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            int slot = (first + i) % MAX_LINES;
            int size = Math.abs(length[slot]);
            char[] said = new char[size];
            copyText(start[slot], size, said, 0);
            out.add(Instant.ofEpochMilli(atMillis[slot]) + " <" + from[slot] + "> " + new String(said)
                    + (length[slot] < 0 ? " [cut]" : ""));
        }
        return List.copyOf(out);
    }

    /** How many characters of text the ring can hold now (for tests of its growth). */
    int capacity() {
        return text == null ? 0 : text.length;
    }
}
