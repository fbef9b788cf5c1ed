package chat.tui.model;

/**
 * One line of a conversation's log: a message (someone else's or one's own) or a line from the client or server
 * about what happened.
 *
 * @param ts epoch milliseconds
 * @param from the speaker's handle, for messages
 * @param requestId for one's own messages: the id the send went out under, to match the server's ack
 */
public record LogLine(Kind kind, long ts, String from, String text, String requestId, Delivery delivery,
        SharedFile file) {

    public LogLine(Kind kind, long ts, String from, String text, String requestId, Delivery delivery) {
        this(kind, ts, from, text, requestId, delivery, null);
    }

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
        return new LogLine(Kind.MESSAGE, ts, from, text, null, null);
    }

    public static LogLine own(long ts, String from, String text, String requestId) {
        return new LogLine(Kind.OWN, ts, from, text, requestId, Delivery.SENDING);
    }

    public static LogLine event(long ts, String text) {
        return new LogLine(Kind.EVENT, ts, null, text, null, null);
    }

    public static LogLine error(long ts, String text) {
        return new LogLine(Kind.ERROR, ts, null, text, null, null);
    }

    /** Someone's message that shares a file. */
    public static LogLine file(long ts, String from, SharedFile file, boolean own, String requestId) {
        return new LogLine(own ? Kind.OWN : Kind.MESSAGE, ts, from, file.describe(), requestId,
                own ? Delivery.SENDING : null, file);
    }

    public LogLine withDelivery(Delivery delivery) {
        return new LogLine(kind, ts, from, text, requestId, delivery, file);
    }

    public LogLine withFile(SharedFile file) {
        return new LogLine(kind, ts, from, file.describe(), requestId, delivery, file);
    }
}
