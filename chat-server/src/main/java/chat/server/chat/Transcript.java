package chat.server.chat;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines of a random chat, kept in memory as evidence in case someone in it reports it, and nothing else: it
 * is never stored unless reported. Bounded in lines and in characters, since a member's recent partners keep it for
 * a while after the chat ended ({@link RecentPartners}). Loop thread only.
 */
final class Transcript {

    /** Lines kept. */
    static final int MAX_LINES = 20;
    /** Characters kept in all, oldest lines dropped first. */
    static final int MAX_CHARS = 8_000;
    /** Characters kept of one line; the rest is cut and marked. */
    static final int MAX_LINE_CHARS = 1_000;

    private final ArrayDeque<String> lines = new ArrayDeque<>(MAX_LINES);
    private int chars;

    /** Adds a line, dropping the oldest ones beyond the bounds. */
    void add(String line) {
        String kept = line;
        if (line.length() > MAX_LINE_CHARS) {
            int end = Character.isHighSurrogate(line.charAt(MAX_LINE_CHARS - 1)) ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
            kept = line.substring(0, end) + " [cut]";
        }
        lines.addLast(kept);
        chars += kept.length();
        while (lines.size() > MAX_LINES || chars > MAX_CHARS) {
            chars -= lines.removeFirst().length();
        }
    }

    /** The lines, oldest first. */
    List<String> lines() {
        return List.copyOf(lines);
    }
}
