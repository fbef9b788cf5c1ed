package chat.tui.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS certificates the client trusts on first use: one line per server, {@code host:port SHA256:AB:CD:...}, in
 * {@code known_servers} in the config directory (owner-only, like everything there). A line is added the first
 * time a server whose certificate no authority vouches for is seen; after that only that certificate is accepted
 * for it. Deleting the line forgets the server.
 */
public final class KnownServers {

    static final String FILE = "known_servers";

    private final ClientConfig config;

    KnownServers(ClientConfig config) {
        this.config = config;
    }

    /** The file, for messages that tell the user where to look. */
    public Path file() {
        return config.directory().resolve(FILE);
    }

    /** The fingerprint pinned for {@code hostAndPort}, if any. */
    public synchronized Optional<String> fingerprint(String hostAndPort) throws IOException {
        return Optional.ofNullable(read().get(hostAndPort));
    }

    /** Pins {@code fingerprint} for {@code hostAndPort}, replacing nothing: an existing pin wins. */
    public synchronized void pin(String hostAndPort, String fingerprint) throws IOException {
        Map<String, String> pins = read();
        if (pins.putIfAbsent(hostAndPort, fingerprint) != null) {
            return;
        }
        StringBuilder text = new StringBuilder("# chat-tui: TLS certificates trusted on first use (host:port SHA-256)\n");
        pins.forEach((server, pinned) -> text.append(server).append(' ').append(pinned).append('\n'));
        config.writePrivate(FILE, text.toString());
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> pins = new LinkedHashMap<>();
        if (!Files.isRegularFile(file())) {
            return pins;
        }
        for (String line : Files.readAllLines(file(), StandardCharsets.UTF_8)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 2 && !fields[0].startsWith("#")) {
                pins.putIfAbsent(fields[0], fields[1]);
            }
        }
        return pins;
    }
}
