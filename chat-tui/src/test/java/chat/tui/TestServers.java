package chat.tui;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real chat server on a free loopback port, with its SQLite file in the test's temp directory. */
public final class TestServers {

    private TestServers() {
    }

    public static ChatServer start(Path directory) {
        return start(directory, config -> config);
    }

    /** A server with some settings changed. */
    public static ChatServer start(Path directory, UnaryOperator<ServerConfig.Builder> adjust) {
        try {
            return ChatServer.start(adjust.apply(ServerConfig.builder(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), directory.resolve("chat.db"))
                    .bcryptCost(4)).build());
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    /** A server on {@code port} of the loopback address (to start one again where its clients will reconnect). */
    public static ChatServer startOnPort(Path directory, int port) {
        try {
            return ChatServer.start(ServerConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    directory.resolve("chat.db")).bcryptCost(4).build());
        } catch (Exception e) {
            throw new IllegalStateException("the test server did not start", e);
        }
    }

    /** {@code 127.0.0.1:PORT} of a running server. */
    public static String address(ChatServer server) {
        return "127.0.0.1:" + server.port();
    }
}
