package chat.server.admin;

import chat.server.store.Store;
import java.io.IOException;
import java.util.List;

/**
 * Where operator commands act: inside the running server (its store, its file vault, its live connections), or on
 * the database file when no server runs ({@code live} is null then).
 *
 * @param files deletes file contents nothing uses any more (after an account's deletion)
 * @param live the running server's connections, or null when the command works on the file
 */
public record OperatorTarget(Store store, FileCleaner files, LiveServer live) {

    /** Deletes file contents by their SHA-256. */
    @FunctionalInterface
    public interface FileCleaner {
        void delete(List<String> sha256s) throws IOException;
    }

    /** Whether the command runs inside the server. */
    public boolean serverRunning() {
        return live != null;
    }
}
