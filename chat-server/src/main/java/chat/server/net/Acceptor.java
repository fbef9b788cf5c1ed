package chat.server.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes new connections off the listening socket and decides who may stay: the server's connection limit, the
 * operator's bans ({@link ConnectFilter}), connects a second and connections at once per address. A refused
 * connection is told why in one line and closed at once; an admitted one is registered with the selector and handed
 * to the loop. Loop thread only (the filter may be set before the loop starts).
 */
final class Acceptor {

    private static final Logger LOG = Logger.getLogger(Acceptor.class.getName());

    /** A refusal: the line the client is told, and why, for the log. */
    private record Refusal(byte[] line, String why) {
    }

    private static final byte[] SERVER_FULL_LINE =
            "! server_full: the server is full, try again later\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOO_FAST_LINE =
            "! too_many_connects: connecting too fast from your address; wait a moment\n"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ADDRESS_FULL_LINE =
            "! too_many_connections: too many connections from your address\n".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_BUCKETS = 100_000;
    private static final long BUCKET_FORGOTTEN_NANOS = 60_000_000_000L;

    private final EventLoop loop;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final LineBufferPool lineBuffers;
    private final ConnectionLimits limits;
    private long nextConnectionId = 1;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    /** Connect tokens per address: a bucket of one second's worth, refilled at the configured rate. */
    private final Map<InetAddress, double[]> connectBuckets = new HashMap<>();
    private volatile ConnectFilter filter = address -> null;

    Acceptor(EventLoop loop, ServerSocketChannel server, Selector selector, ConnectionLimits limits,
            LineBufferPool lineBuffers) {
        this.loop = loop;
        this.server = server;
        this.selector = selector;
        this.limits = limits;
        this.lineBuffers = lineBuffers;
    }

    /** Accepts every connection waiting. */
    void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // e.g. out of file descriptors: log, keep serving the connections we have
                LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            InetAddress address = addressOf(channel);
            Refusal refusal = refusal(address, loop.connectionCount());
            if (refusal != null) {
                refuse(channel, refusal);
            } else {
                register(channel, address);
            }
        }
    }

    private static void refuse(SocketChannel channel, Refusal refusal) {
        try (channel) {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(refusal.line()));
        } catch (IOException e) {
            // the refusal is best effort
        }
        LOG.warning(() -> "refused a connection: " + refusal.why());
    }

    private void register(SocketChannel channel, InetAddress address) {
        Connection connection;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new Connection(loop, nextConnectionId++, channel, limits.maxLineBytes(),
                    limits.maxOutboundBytes(), lineBuffers);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to add
            }
            return;
        }
        if (address != null) {
            perAddress.merge(address, 1, Integer::sum);
        }
        loop.accepted(connection);
    }

    void filter(ConnectFilter filter) {
        this.filter = filter;
    }

    /** Why a new connection from {@code address} (null when unknown) is refused, or null when it may stay. */
    private Refusal refusal(InetAddress address, int connectionCount) {
        if (connectionCount >= limits.maxConnections()) {
            return new Refusal(SERVER_FULL_LINE, CloseReason.SERVER_FULL.description() + " ("
                    + limits.maxConnections() + " connections)");
        }
        if (address == null) {
            return null;
        }
        byte[] banned = filter.refusal(address);
        if (banned != null) {
            return new Refusal(banned, address.getHostAddress() + " is banned");
        }
        if (!takeConnectToken(address)) {
            return new Refusal(TOO_FAST_LINE, "connects from " + address.getHostAddress() + " too fast");
        }
        if (perAddress.getOrDefault(address, 0) >= limits.maxConnectionsPerAddress()) {
            return new Refusal(ADDRESS_FULL_LINE, "already " + limits.maxConnectionsPerAddress()
                    + " connections from " + address.getHostAddress());
        }
        return null;
    }

    /** Stops counting a connection that closed. */
    void closed(Connection connection) {
        if (connection.remoteAddress() instanceof InetSocketAddress inet) {
            perAddress.computeIfPresent(inet.getAddress(), (address, count) -> count > 1 ? count - 1 : null);
        }
    }

    /** The peer's address, or null when the channel cannot tell. */
    private static InetAddress addressOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Takes a connect token for {@code address}: a bucket of one second's worth, refilled continuously. */
    private boolean takeConnectToken(InetAddress address) {
        double rate = limits.connectsPerSecondPerAddress();
        long now = System.nanoTime();
        double[] bucket = connectBuckets.computeIfAbsent(address, a -> new double[] {rate, now});
        bucket[0] = Math.min(rate, bucket[0] + (now - bucket[1]) / 1e9 * rate);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        if (connectBuckets.size() > MAX_BUCKETS) {
            connectBuckets.values().removeIf(b -> now - (long) b[1] > BUCKET_FORGOTTEN_NANOS);
        }
        return true;
    }
}
