package chat.server.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Where file contents live: under the data directory, named by their SHA-256 ({@code ab/cd/abcd...}), so the same
 * content is kept once and no name a client chose ever becomes a path. Uploads grow in {@code tmp/} under random
 * names and move into place whole, only after their checksum matched; nothing half-written is ever served.
 */
public final class FileVault {

    private final Path root;
    private final Path temporary;

    public FileVault(Path root) throws IOException {
        this.root = root;
        this.temporary = root.resolve("tmp");
        Files.createDirectories(temporary);
    }

    /** A fresh, empty temporary file for an upload. */
    public Path newTemporary() throws IOException {
        return Files.createFile(temporary.resolve(UUID.randomUUID() + ".part"));
    }

    /** Where the content with this SHA-256 lives (whether or not it is there). */
    public Path blob(String sha256) {
        String hex = sha256.toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        HexFormat.of().parseHex(hex); // only hex digits reach the file system
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    /** Moves a finished upload into place under its SHA-256; an identical blob already there is kept. */
    public Path commit(Path finishedTemporary, String sha256) throws IOException {
        Path target = blob(sha256);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.deleteIfExists(finishedTemporary);
            return target;
        }
        try {
            Files.move(finishedTemporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(finishedTemporary);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finishedTemporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Deletes a blob (when no file record uses it any more). */
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(blob(sha256));
    }

    /** The SHA-256 of every content in the vault. */
    public List<String> contents() throws IOException {
        List<String> shas = new ArrayList<>();
        try (var files = Files.find(root, 3, (path, attributes) -> attributes.isRegularFile()
                && !path.startsWith(temporary) && path.getFileName().toString().matches("[0-9a-f]{64}"))) {
            files.forEach(path -> shas.add(path.getFileName().toString()));
        }
        return shas;
    }

    /** Deletes leftovers of uploads that never finished (at start-up: none of them can resume). */
    public int clearTemporary() throws IOException {
        int removed = 0;
        try (var files = Files.list(temporary)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}
