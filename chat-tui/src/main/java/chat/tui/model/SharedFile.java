package chat.tui.model;

import java.util.Locale;

/** A file someone shared, as a log line shows it; {@code thumbnail} only for pictures. */
public record SharedFile(String id, String name, long size, String type, Integer width, Integer height,
        Picture thumbnail) {

    /** {@code cat.png (12.3 KB, 640x480)} */
    public String describe() {
        String pixels = width == null ? "" : ", " + width + "x" + height;
        return name + " (" + humanSize(size) + pixels + ")";
    }

    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
