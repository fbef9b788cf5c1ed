package chat.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the server keeps its data unless {@code --db} says otherwise: one directory per user that does not depend on
 * where the server is started from, as the XDG base directory specification has it ({@code $XDG_DATA_HOME/chat-server},
 * else {@code ~/.local/share/chat-server}). So the operator commands find the running server's database, and a
 * second start from another directory does not open a new, empty one.
 */
final class DataDirectory {

    private DataDirectory() {
    }

    /** The directory for {@code environment} and the user's {@code home}. */
    static Path of(Map<String, String> environment, Path home) {
        String xdg = environment.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : home.resolve(".local").resolve("share"); // a relative XDG_DATA_HOME is invalid: ignored
        return base.resolve("chat-server");
    }

    /** This process's data directory: the home is {@code $HOME}, as {@code ~} is in the shell, else Java's. */
    static Path current() {
        String home = System.getenv("HOME");
        return of(System.getenv(), home != null && Path.of(home).isAbsolute() ? Path.of(home)
                : Path.of(System.getProperty("user.home")));
    }
}
