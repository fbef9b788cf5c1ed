package chat.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.UnaryOperator;

/** Starts a real server on a free loopback port for a test, with its store in the test's temp directory. */
final class TestServer {

    private TestServer() {
    }

    static ChatServer start(Path tempDir) {
        return start(tempDir, config -> config);
    }

    static ChatServer start(Path tempDir, UnaryOperator<ServerConfig.Builder> adjust) {
        return start(tempDir, InetAddress.getLoopbackAddress(), adjust);
    }

    /** Starts a server listening on {@code bind} (the wildcard address lets tests connect from a non-loopback one). */
    static ChatServer start(Path tempDir, InetAddress bind, UnaryOperator<ServerConfig.Builder> adjust) {
        ServerConfig.Builder config = ServerConfig.builder(new InetSocketAddress(bind, 0), tempDir.resolve("chat.db"));
        try {
            return ChatServer.start(adjust.apply(config).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
