package chat.core.model;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name of a registered account: 3 to 20 characters, ASCII letters, digits, {@code _} and {@code -}, starting
 * with a letter. Unique without regard to case ({@link #key()}); shown as registered ({@link #value()}). Names that
 * could pass for a guest handle ({@code guest...}) or for the server itself are refused.
 */
public record UserName(String value) {

    /** Shortest name. */
    public static final int MIN_LENGTH = 3;
    /** Longest name. */
    public static final int MAX_LENGTH = 20;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final Set<String> RESERVED = Set.of("admin", "administrator", "root", "server", "system",
            "operator", "moderator", "mod", "chat", "help", "support", "nobody", "everyone", "stranger");

    public UserName {
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Why {@code candidate} is not a valid name, in words for the user; null when it is valid.
     */
    public static String problemWith(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return "a name is required";
        }
        if (candidate.length() < MIN_LENGTH || candidate.length() > MAX_LENGTH) {
            return "a name has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters";
        }
        if (!SHAPE.matcher(candidate).matches()) {
            return "a name starts with a letter and has only letters, digits, _ and -";
        }
        String key = candidate.toLowerCase(Locale.ROOT);
        if (key.startsWith("guest")) {
            return "names starting with \"guest\" are kept for guests";
        }
        if (RESERVED.contains(key)) {
            return "\"" + candidate + "\" is reserved";
        }
        return null;
    }

    /** The case-insensitive identity of the name, for lookups and uniqueness. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    /** How the name looks ({@link NameSkeleton}): no two accounts may have names that look the same. */
    public String skeleton() {
        return NameSkeleton.of(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
