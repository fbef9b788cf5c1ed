package chat.core.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of a group room as written on the wire: {@code #} and 2 to 32 letters, digits, {@code _} or {@code -}.
 * Rooms are the same without regard to case ({@link #key()}).
 */
public record RoomName(String value) {

    private static final Pattern SHAPE = Pattern.compile("#[A-Za-z0-9_-]{2,32}");

    public RoomName {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code candidate} is not a room name, in words for the user; null when it is one. */
    public static String problemWith(String candidate) {
        if (candidate == null || !SHAPE.matcher(candidate).matches()) {
            return "a room name is # and 2 to 32 letters, digits, _ or -";
        }
        return null;
    }

    /** The case-insensitive identity of the room. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
