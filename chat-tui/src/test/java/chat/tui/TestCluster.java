package chat.tui;

import chat.server.ChatServer;
import chat.server.ClusterConfig;
import chat.server.TestPostgres;
import chat.server.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Two real nodes of one cluster on loopback (a fresh PostgreSQL database, a Redis of their own), for the client's
 * failover: a node is stopped to play its loss, and the other serves the same accounts.
 */
public final class TestCluster implements AutoCloseable {

    private final TestRedis redis;
    private final ChatServer[] nodes;
    private final boolean[] stopped;

    public TestCluster(Path directory) {
        redis = TestRedis.start();
        ClusterConfig cluster = new ClusterConfig(TestPostgres.shared().newDatabase(), redis.url());
        nodes = new ChatServer[2];
        stopped = new boolean[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = TestServers.start(directory.resolve("node-" + i), config -> config.cluster(cluster));
        }
    }

    public ChatServer node(int index) {
        return nodes[index];
    }

    /** {@code 127.0.0.1:PORT} of node {@code index}. */
    public String address(int index) {
        return TestServers.address(nodes[index]);
    }

    /** Stops node {@code index}: its connections end, as when its machine goes. */
    public void stop(int index) {
        if (!stopped[index]) {
            stopped[index] = true;
            nodes[index].close();
        }
    }

    /** An address where nothing listens (a node that is down from the start). */
    public static String deadAddress() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return "127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            stop(i);
        }
        redis.close();
    }
}
