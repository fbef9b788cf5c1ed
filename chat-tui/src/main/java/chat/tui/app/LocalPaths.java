package chat.tui.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paths as a person types them in {@code /send} and {@code /save}: {@code ~} is the home folder, a relative path
 * starts in the folder the client was started in, Tab completes like a shell, and downloads go to the download
 * folder unless told otherwise.
 */
final class LocalPaths {

    /** What Tab found for a path being typed: the completed text and, when several matched, their names. */
    record Completion(String text, List<String> candidates) {
    }

    private static final int MAX_CANDIDATES = 200;

    private final Path current;
    private final Path home;
    private final Path downloads;

    LocalPaths(Path current, Path home, Path downloads) {
        this.current = current;
        this.home = home;
        this.downloads = downloads;
    }

    /**
     * Where downloads go, as the desktop's own tools find it: {@code $XDG_DOWNLOAD_DIR}, else the
     * {@code XDG_DOWNLOAD_DIR} line of {@code user-dirs.dirs} in {@code $XDG_CONFIG_HOME} (else {@code ~/.config}),
     * else {@code ~/Downloads}. Never the folder the client happened to start in: it is created when first used.
     */
    static Path downloadFolder(Map<String, String> environment, Path home, Path current) {
        String xdg = environment.get("XDG_DOWNLOAD_DIR");
        if (xdg == null || xdg.isBlank()) {
            xdg = userDirsEntry(environment, home);
        }
        if (xdg != null && !xdg.isBlank()) {
            Path folder = expand(xdg.strip().replace("${HOME}", home.toString()).replace("$HOME", home.toString()),
                    home, current).normalize();
            if (!folder.equals(home.normalize())) { // a download folder set to the home folder means "none"
                return folder;
            }
        }
        return home.resolve("Downloads");
    }

    /** {@code XDG_DOWNLOAD_DIR} as {@code xdg-user-dirs} wrote it into {@code user-dirs.dirs}, or null. */
    private static String userDirsEntry(Map<String, String> environment, Path home) {
        String configHome = environment.get("XDG_CONFIG_HOME");
        Path file = (configHome != null && !configHome.isBlank() ? Path.of(configHome) : home.resolve(".config"))
                .resolve("user-dirs.dirs");
        try {
            for (String line : Files.readAllLines(file)) {
                String entry = line.strip();
                if (entry.startsWith("XDG_DOWNLOAD_DIR=")) {
                    String value = entry.substring("XDG_DOWNLOAD_DIR=".length()).strip();
                    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such file, or unreadable: the default folder
        }
        return null;
    }

    Path downloads() {
        return downloads;
    }

    /** The path {@code typed} means. */
    Path resolve(String typed) {
        return expand(typed.strip(), home, current);
    }

    private static Path expand(String typed, Path home, Path current) {
        if (typed.equals("~")) {
            return home;
        }
        if (typed.startsWith("~/")) {
            return home.resolve(typed.substring(2));
        }
        return current.resolve(typed);
    }

    /**
     * Completes the path being typed as a shell would: to the one match (a folder gets a {@code /}), else to what
     * all matches share, listing them. Hidden files only when the typed name starts with a dot.
     */
    Completion complete(String typed) {
        int slash = typed.lastIndexOf('/');
        String folderPart = slash < 0 ? "" : typed.substring(0, slash + 1);
        String namePart = typed.substring(slash + 1);
        Path folder = folderPart.isEmpty() ? current : resolve(folderPart);
        List<String> matches = new ArrayList<>();
        List<Boolean> folders = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(namePart) && (namePart.startsWith(".") || !name.startsWith("."))) {
                    matches.add(name);
                    folders.add(Files.isDirectory(entry));
                    if (matches.size() > MAX_CANDIDATES) {
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Completion(typed, List.of());
        }
        if (matches.isEmpty()) {
            return new Completion(typed, List.of());
        }
        if (matches.size() == 1) {
            return new Completion(folderPart + matches.get(0) + (folders.get(0) ? "/" : ""), List.of());
        }
        String shared = matches.get(0);
        for (String match : matches) {
            int length = 0;
            while (length < Math.min(shared.length(), match.length())
                    && shared.charAt(length) == match.charAt(length)) {
                length++;
            }
            shared = shared.substring(0, length);
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            shown.add(matches.get(i) + (folders.get(i) ? "/" : ""));
        }
        shown.sort(String::compareTo);
        return new Completion(folderPart + shared, shown);
    }
}
