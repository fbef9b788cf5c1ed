package chat.tui.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One line of a conversation's log: a message (someone else's or one's own) or a line from the client or server
 * about what happened.
 *
 * @param ts epoch milliseconds
 * @param from the speaker's handle, for messages
 * @param text for messages, the text as sent (an action keeps its {@link #ACTION_MARKER})
 * @param requestId for one's own messages: the id the send went out under, to match the server's ack
 * @param mention whether someone else's message names the user
 * @param messageId the server's id of a stored or delivered message, once known; what keeps a message from
 *     showing twice when it comes both live and in a history page
 */
public record LogLine(Kind kind, long ts, String from, String text, String requestId, Delivery delivery,
        SharedFile file, boolean mention, String messageId) {

    /**
     * How an action ({@code /me waves}) travels: as message text starting with this marker. The server has no action
     * frame; the marker passes through it untouched, and a netcat user reads it as IRC users write it.
     */
    public static final String ACTION_MARKER = "/me ";

    /** What kind of line it is; the view styles each kind. */
    public enum Kind {
        /** A message someone else sent. */
        MESSAGE,
        /** A message the user sent. */
        OWN,
        /** Something that happened: paired, left, logged in. */
        EVENT,
        /** Something that went wrong. */
        ERROR
    }

    /** Where one's own message is. */
    public enum Delivery {
        /** Sent, no answer yet. */
        SENDING,
        /** The server took it (and stored it, in a direct chat or room). */
        SENT,
        /** Someone received it at once. */
        DELIVERED,
        /** The server refused it, or the connection dropped before it answered. */
        FAILED
    }

    public static LogLine message(long ts, String from, String text) {
        return new LogLine(Kind.MESSAGE, ts, from, text, null, null, null, false, null);
    }

    public static LogLine own(long ts, String from, String text, String requestId) {
        return new LogLine(Kind.OWN, ts, from, text, requestId, Delivery.SENDING, null, false, null);
    }

    public static LogLine event(long ts, String text) {
        return new LogLine(Kind.EVENT, ts, null, text, null, null, null, false, null);
    }

    public static LogLine error(long ts, String text) {
        return new LogLine(Kind.ERROR, ts, null, text, null, null, null, false, null);
    }

    /** Someone's message that shares a file. */
    public static LogLine file(long ts, String from, SharedFile file, boolean own, String requestId) {
        return new LogLine(own ? Kind.OWN : Kind.MESSAGE, ts, from, file.describe(), requestId,
                own ? Delivery.SENDING : null, file, false, null);
    }

    public LogLine withDelivery(Delivery delivery) {
        return new LogLine(kind, ts, from, text, requestId, delivery, file, mention, messageId);
    }

    /** The same line under another sender's name (one's own line, named as the server stored it). */
    public LogLine withFrom(String from) {
        return new LogLine(kind, ts, from, text, requestId, delivery, file, mention, messageId);
    }

    /** The same line with the server's id of its message. */
    public LogLine withMessageId(String id) {
        return new LogLine(kind, ts, from, text, requestId, delivery, file, mention, id);
    }

    /** Someone else's line turned into the user's own, as the server stored it (✓). */
    public LogLine asOwn() {
        return new LogLine(Kind.OWN, ts, from, text, requestId, Delivery.SENT, file, false, messageId);
    }

    public LogLine withFile(SharedFile file) {
        return new LogLine(kind, ts, from, file.describe(), requestId, delivery, file, mention, messageId);
    }

    /** The same line, marked as naming the user when {@code handle} appears in it as a word. */
    public LogLine mentioning(String handle) {
        return new LogLine(kind, ts, from, text, requestId, delivery, file, names(text, handle), messageId);
    }

    /** Whether the message is an action ({@code /me waves}). */
    public boolean isAction() {
        return (kind == Kind.MESSAGE || kind == Kind.OWN) && file == null && text.startsWith(ACTION_MARKER)
                && text.length() > ACTION_MARKER.length();
    }

    /** The text to show: an action without its marker. */
    public String shownText() {
        return isAction() ? text.substring(ACTION_MARKER.length()) : text;
    }

    /** Whether {@code text} names {@code handle} as a word of its own, ignoring case ("@alice", "alice:" count). */
    static boolean names(String text, String handle) {
        if (handle == null || handle.isBlank() || text == null) {
            return false;
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}_-])" + Pattern.quote(handle.toLowerCase(Locale.ROOT))
                + "(?![\\p{L}\\p{N}_-])").matcher(text.toLowerCase(Locale.ROOT)).find();
    }
}
