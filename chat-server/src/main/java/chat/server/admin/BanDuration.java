package chat.server.admin;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a ban lasts, as the operator writes it: {@code 30m}, {@code 2h}, {@code 7d}, {@code 2w} or
 * {@code permanent}.
 */
public final class BanDuration {

    /** The word for a ban without an end. */
    public static final String PERMANENT = "permanent";

    private static final Pattern SHAPE = Pattern.compile("(\\d{1,6})([smhdw])");

    private BanDuration() {
    }

    /** Whether {@code text} is a duration (and not the first word of a reason). */
    public static boolean isDuration(String text) {
        return PERMANENT.equalsIgnoreCase(text) || SHAPE.matcher(text.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * The duration in milliseconds, or null for {@code permanent}.
     *
     * @throws IllegalArgumentException when {@code text} is no duration
     */
    public static Long millis(String text) {
        if (PERMANENT.equalsIgnoreCase(text)) {
            return null;
        }
        Matcher matcher = SHAPE.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("not a duration: " + text + " (30m, 2h, 7d, 2w or permanent)");
        }
        long count = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> TimeUnit.SECONDS.toMillis(count);
            case "m" -> TimeUnit.MINUTES.toMillis(count);
            case "h" -> TimeUnit.HOURS.toMillis(count);
            case "d" -> TimeUnit.DAYS.toMillis(count);
            default -> TimeUnit.DAYS.toMillis(7 * count);
        };
    }
}
