package chat.server.limits;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit's size: at most {@code count} requests per {@code periodMillis}, all of them at once if need be (a
 * token bucket that holds {@code count} and refills {@code count} per period). Written {@code 10/5s},
 * {@code 20/1h}.
 */
public record Rate(long count, long periodMillis) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)/(\\d*)(ms|s|m|min|h|d)");

    public Rate {
        if (count < 1) {
            throw new IllegalArgumentException("a rate allows at least 1 request (got " + count + ")");
        }
        if (periodMillis < 1) {
            throw new IllegalArgumentException("a rate's period is at least 1 ms (got " + periodMillis + ")");
        }
    }

    /** {@code count} a second once a burst of {@code burst} is used: the classic flood-control pair. */
    public static Rate perSecond(double perSecond, int burst) {
        return new Rate(burst, Math.max(1, Math.round(burst * 1000.0 / perSecond)));
    }

    /** Tokens that come back per nanosecond. */
    double perNano() {
        return count / (double) TimeUnit.MILLISECONDS.toNanos(periodMillis);
    }

    /**
     * Reads {@code COUNT/PERIOD}, the period a number (1 if left out) and a unit: {@code ms}, {@code s},
     * {@code m} or {@code min}, {@code h}, {@code d}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Rate parse(String text) {
        Matcher m = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: " + text + " (write COUNT/PERIOD, e.g. 10/5s or 20/1h)");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        TimeUnit unit = switch (m.group(3)) {
            case "ms" -> TimeUnit.MILLISECONDS;
            case "s" -> TimeUnit.SECONDS;
            case "m", "min" -> TimeUnit.MINUTES;
            case "h" -> TimeUnit.HOURS;
            default -> TimeUnit.DAYS;
        };
        return new Rate(Long.parseLong(m.group(1)), unit.toMillis(amount));
    }

    @Override
    public String toString() {
        long[] sizes = {TimeUnit.DAYS.toMillis(1), TimeUnit.HOURS.toMillis(1), TimeUnit.MINUTES.toMillis(1), 1000, 1};
        String[] units = {"d", "h", "min", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (periodMillis % sizes[i] == 0) {
                return count + "/" + periodMillis / sizes[i] + units[i];
            }
        }
        throw new AssertionError();
    }
}
