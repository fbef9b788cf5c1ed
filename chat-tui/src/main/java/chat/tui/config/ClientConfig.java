package chat.tui.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The client's directory for what it remembers: {@code $CHAT_TUI_HOME}, else {@code $XDG_CONFIG_HOME/chat-tui},
 * else {@code ~/.config/chat-tui}. The directory is readable by its owner only ({@code 700}) and so is every file
 * in it ({@code 600}), since the saved session token logs in without a password.
 */
public final class ClientConfig {

    private static final String SESSION_FILE = "session.properties";

    private final Path directory;

    public ClientConfig(Path directory) {
        this.directory = directory;
    }

    /**
     * The directory the environment points to: {@code $CHAT_TUI_HOME}, else {@code $XDG_CONFIG_HOME/chat-tui}, else
     * {@code ~/.config/chat-tui} (with {@code ~} as the shell has it, {@code $HOME}).
     */
    public static ClientConfig fromEnvironment(Map<String, String> environment) {
        String home = environment.get("CHAT_TUI_HOME");
        if (home != null && !home.isBlank()) {
            return new ClientConfig(Path.of(home));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new ClientConfig(Path.of(xdg, "chat-tui"));
        }
        String shellHome = environment.get("HOME"); // what ~ means in the user's shell
        Path userHome = shellHome != null && Path.of(shellHome).isAbsolute() ? Path.of(shellHome)
                : Path.of(System.getProperty("user.home"));
        return new ClientConfig(userHome.resolve(".config").resolve("chat-tui"));
    }

    public Path directory() {
        return directory;
    }

    /** The TLS certificates pinned on first use. */
    public KnownServers knownServers() {
        return new KnownServers(this);
    }

    /** The saved login, if there is a readable one. */
    public Optional<SavedSession> session() {
        Path file = directory.resolve(SESSION_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            String server = properties.getProperty("server");
            String name = properties.getProperty("name");
            String token = properties.getProperty("token");
            long expires = Long.parseLong(properties.getProperty("expires", "0"));
            if (server == null || name == null || token == null) {
                return Optional.empty();
            }
            return Optional.of(new SavedSession(server, name, token, expires));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable: as good as none
        }
    }

    /** Remembers a login, replacing the old one; the file is written whole or not at all. */
    public void saveSession(SavedSession session) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("server", session.server());
        properties.setProperty("name", session.name());
        properties.setProperty("token", session.token());
        properties.setProperty("expires", Long.toString(session.expires()));
        StringWriter text = new StringWriter();
        properties.store(text, "chat-tui login; the token logs in without a password, keep this file private");
        writePrivate(SESSION_FILE, text.toString());
    }

    /** Forgets the saved login. */
    public void forgetSession() throws IOException {
        Files.deleteIfExists(directory.resolve(SESSION_FILE));
    }

    /** Writes a file only its owner can read, through a temporary file and an atomic rename. */
    void writePrivate(String name, String content) throws IOException {
        createPrivateDirectory();
        Path temporary = directory.resolve(name + ".tmp");
        Files.deleteIfExists(temporary);
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary); // not a POSIX file system
        }
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.write(content);
        }
        Files.move(temporary, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private void createPrivateDirectory() throws IOException {
        try {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // keep it as it is
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        }
    }
}
