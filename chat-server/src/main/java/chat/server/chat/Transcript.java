package chat.server.chat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a random chat, kept in memory as evidence in case someone in it reports it, and nothing else: it
 * is never stored unless reported. Bounded in lines and in characters, since a member's recent partners keep it for
 * a while after the chat ended ({@link RecentPartners}). Lines are kept as said and written out as text only when a
 * report asks for them: every message passes through here, reports are rare. Loop thread only.
 */
final class Transcript {

    /** Lines kept. */
    static final int MAX_LINES = 20;
    /** Characters kept in all, oldest lines dropped first. */
    static final int MAX_CHARS = 8_000;
    /** Characters kept of one line; the rest is cut and marked. */
    static final int MAX_LINE_CHARS = 1_000;
    /** What a line adds to its sender and text: {@code 2024-01-01T00:00:00.000Z <} and {@code > }. */
    private static final int FRAME_CHARS = 28;

    /** One line as said. */
    private record Line(long atMillis, String from, String text) {
        int chars() {
            return FRAME_CHARS + from.length() + text.length();
        }

        @Override
        public String toString() {
            return Instant.ofEpochMilli(atMillis) + " <" + from + "> " + text;
        }
    }

    private final ArrayDeque<Line> lines = new ArrayDeque<>(2);
    private int chars;

    /** Adds what {@code from} said at {@code atMillis}, dropping the oldest lines beyond the bounds. */
    void add(long atMillis, String from, String text) {
        int room = Math.max(1, MAX_LINE_CHARS - FRAME_CHARS - from.length());
        String kept = text;
        if (text.length() > room) {
            int end = Character.isHighSurrogate(text.charAt(room - 1)) ? room - 1 : room;
            kept = text.substring(0, end) + " [cut]";
        }
        Line line = new Line(atMillis, from, kept);
        lines.addLast(line);
        chars += line.chars();
        while (lines.size() > MAX_LINES || chars > MAX_CHARS) {
            chars -= lines.removeFirst().chars();
        }
    }

    /** The lines as text ({@code 2024-01-01T12:00:00Z <guest-1234> hi}), oldest first. */
    List<String> lines() {
        List<String> text = new ArrayList<>(lines.size());
        for (Line line : lines) {
            text.add(line.toString());
        }
        return List.copyOf(text);
    }
}
