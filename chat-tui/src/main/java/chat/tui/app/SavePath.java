package chat.tui.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where a downloaded file goes: never over an existing file, and never outside the chosen folder. */
final class SavePath {

    private SavePath() {
    }

    /**
     * The path to save {@code senderName} to: {@code requested} (a file, or a folder to put it in), else the
     * download folder. Any directory part of the sender's name is dropped; an existing file gets a " (1)", " (2)",
     * ... suffix.
     */
    static Path choose(String senderName, Path requested, Path downloads) {
        String base = senderName.substring(Math.max(senderName.lastIndexOf('/'), senderName.lastIndexOf('\\')) + 1)
                .strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "download";
        }
        Path target;
        if (requested == null) {
            target = downloads.resolve(base);
        } else {
            target = Files.isDirectory(requested) ? requested.resolve(base) : requested;
        }
        return free(target);
    }

    /** {@code target}, or the first of "name (1).ext", "name (2).ext", ... beside it that does not exist. */
    static Path free(Path target) {
        if (!Files.exists(target)) {
            return target;
        }
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            Path candidate = target.resolveSibling(stem + " (" + n + ")" + extension);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
    }
}
