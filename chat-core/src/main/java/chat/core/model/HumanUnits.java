package chat.core.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Amounts as people read them: sizes in KB/MB/GB, waits in whole seconds or minutes, dates as a day. One place, so
 * that no message tells a person "26214400 bytes", "0.0 s" or an ISO timestamp.
 */
public final class HumanUnits {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HumanUnits() {
    }

    /** {@code 512 bytes}, {@code 12.3 KB}, {@code 25 MB}, {@code 1.5 GB} (1 KB = 1024 bytes). */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value >= 100 || value == Math.floor(value)
                ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    /** A wait, never shorter than a second: {@code 1 s}, {@code 45 s}, {@code 3 min}, {@code 2 h}. */
    public static String duration(long seconds) {
        long s = Math.max(1, seconds);
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return (s + 59) / 60 + " min";
        }
        return (s + 3599) / 3600 + " h";
    }

    /** The day of an instant, in UTC: {@code 30 December 2026}. */
    public static String day(long epochMillis) {
        return DAY.format(Instant.ofEpochMilli(epochMillis));
    }
}
