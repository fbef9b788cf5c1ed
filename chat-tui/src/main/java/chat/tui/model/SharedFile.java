package chat.tui.model;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A file someone shared, as a log line shows it: {@code id} once the server has it (for {@code /save}),
 * {@code thumbnail} only for pictures, {@code local} for the user's own copy of a file they sent.
 */
public record SharedFile(String id, String name, long size, String type, Integer width, Integer height,
        Picture thumbnail, Path local) {

    public SharedFile(String id, String name, long size, String type, Integer width, Integer height,
            Picture thumbnail) {
        this(id, name, size, type, width, height, thumbnail, null);
    }

    /** {@code cat.png (12.3 KB, 640x480)} */
    public String describe() {
        String pixels = width == null ? "" : ", " + width + "x" + height;
        return name + " (" + humanSize(size) + pixels + ")";
    }

    /** The same file with the server's id. */
    public SharedFile withId(String serverId) {
        return new SharedFile(serverId, name, size, type, width, height, thumbnail, local);
    }

    /** Whether F4 can show it large: a picture the server or the user's disk has. */
    public boolean previewable() {
        return thumbnail != null && (id != null || local != null);
    }

    /** {@code 512 B}, {@code 12.3 KB}, {@code 19.0 MB}, {@code 1.2 GB}: binary units, one decimal. */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
