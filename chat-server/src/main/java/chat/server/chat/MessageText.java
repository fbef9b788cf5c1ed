package chat.server.chat;

import chat.core.model.VisibleText;
import chat.core.wire.ErrorCode;

/**
 * The one check for every string a client sends that another person, an operator, a log or the disk will see:
 * message text, topics, away messages, report reasons, file names, interests. Each must show as what it is
 * ({@link VisibleText}: no control, bidi or invisible characters) and stay within its length. Such text is refused,
 * never altered: a silent edit of what someone typed is worse than a clear error.
 */
public final class MessageText {

    /** Longest room topic, in code points. */
    public static final int MAX_TOPIC = 200;
    /** Longest away message. */
    public static final int MAX_AWAY_MESSAGE = 200;
    /** Longest reason given with a report. */
    public static final int MAX_REPORT_REASON = 500;
    /** Longest file name. */
    public static final int MAX_FILE_NAME = 200;
    /** Longest interest a random chat is matched on. */
    public static final int MAX_INTEREST = 30;

    private MessageText() {
    }

    /**
     * Checks the text of a message and returns it unchanged.
     *
     * @throws ChatException {@link ErrorCode#INVALID_TEXT} or {@link ErrorCode#TEXT_TOO_LONG}
     */
    public static String validate(String text, int maxCodePoints) {
        return validate("a message", text, maxCodePoints);
    }

    /**
     * Checks a string that others will read, {@code what} naming it for the error ("a topic"), and returns it
     * unchanged. Blank is refused.
     *
     * @throws ChatException {@link ErrorCode#INVALID_TEXT} or {@link ErrorCode#TEXT_TOO_LONG}
     */
    public static String validate(String what, String text, int maxCodePoints) {
        if (text.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_TEXT, what + " cannot be empty");
        }
        return check(what, text, maxCodePoints);
    }

    /** Like {@link #validate(String, String, int)}, but null or blank is no text at all: null. */
    public static String optional(String what, String text, int maxCodePoints) {
        return text == null || text.isBlank() ? null : check(what, text, maxCodePoints);
    }

    private static String check(String what, String text, int maxCodePoints) {
        // Length first: a long text is not scanned character by character before it is refused.
        if (text.length() > 2 * maxCodePoints || text.codePointCount(0, text.length()) > maxCodePoints) {
            throw new ChatException(ErrorCode.TEXT_TOO_LONG, what + " can be at most " + maxCodePoints
                    + " characters long (this one has " + text.codePointCount(0, text.length()) + ")");
        }
        String problem = VisibleText.problemWith(text);
        if (problem != null) {
            throw new ChatException(ErrorCode.INVALID_TEXT, what + " cannot be shown as it is: " + problem);
        }
        return text;
    }
}
