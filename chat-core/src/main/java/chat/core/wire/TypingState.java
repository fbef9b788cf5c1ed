package chat.core.wire;

import java.util.Locale;

/** What a typing indicator says, as in the IRCv3 {@code +typing} client tag. */
public enum TypingState {
    /** Typing now; receivers show it for at most {@link #EXPIRES_AFTER_MILLIS}. */
    ACTIVE,
    /** Stopped typing for a while without sending; text is still in the input line. */
    PAUSED,
    /** Cleared the input line or sent the message. */
    DONE;

    /** A sender repeats {@code active} at most this often while typing goes on. */
    public static final long REPEAT_INTERVAL_MILLIS = 3_000;
    /** A receiver forgets an {@code active} or {@code paused} state after this long without news. */
    public static final long EXPIRES_AFTER_MILLIS = 6_000;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The state as it appears on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The state with that wire name, or {@code null} when there is none. */
    public static TypingState parse(String wireName) {
        for (TypingState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        return null;
    }
}
