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

    /** Where servers started now keep their store: a SQLite file unless a test class says otherwise. */
    static volatile ClusterConfig cluster = ClusterConfig.NONE;

    private TestServer() {
    }

    /** The {@code --db} of servers started now in {@code tempDir}: their SQLite file or PostgreSQL database. */
    static String database(Path tempDir) {
        ClusterConfig current = cluster;
        return current.postgresUrl() != null ? current.postgresUrl() : tempDir.resolve("chat.db").toString();
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
            return ChatServer.start(adjust.apply(config.cluster(cluster).greetingWait(0)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
