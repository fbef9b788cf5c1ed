package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The cheapest server the pairs scenario can run against: one selector thread that pairs connections in the order
 * they ask and copies each {@code say} to the partner as a {@code message}, with no sessions, limits, flood control,
 * JSON codec or storage. Not a chat server: a measuring stick. What it reaches on a machine is the floor set by the
 * kernel's sockets and the generator sharing the cores; the real server's distance from it is what its own code
 * costs.
 *
 * <p>Each frame must arrive whole in one line of the form the generator sends; anything else is ignored.
 */
final class FloorRelay implements AutoCloseable {

    private static final byte[] SAY_PREFIX = "{\"type\":\"say\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_PREFIX = "{\"type\":\"next\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_PREFIX =
            "{\"type\":\"message\",\"conv\":\"~floor\",\"from\":\"stranger\",\"text\":\""
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAIRED_LINE = ("{\"type\":\"paired\",\"conv\":\"~floor\",\"partner\":\"stranger\","
            + "\"partners\":[\"stranger\"],\"size\":2,\"you\":\"you\"}\n").getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 64 * 1024;

    /** One client: its unfinished line, its partner, and what could not be written yet. */
    private static final class Client {
        final SocketChannel channel;
        SelectionKey key;
        final ByteBuffer line = ByteBuffer.allocate(MAX_LINE);
        Client partner;
        final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();

        Client(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private final Selector selector;
    private final ServerSocketChannel server;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private Client waiting;
    private volatile boolean closed;

    FloorRelay(InetSocketAddress bind) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(bind, 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Serves until {@link #close} (or until the process is killed). */
    void run() throws IOException {
        while (!closed) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept();
                    continue;
                }
                Client client = (Client) key.attachment();
                if (key.isWritable()) {
                    flush(client);
                }
                if (key.isValid() && key.isReadable()) {
                    read(client);
                }
            }
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }

    /** Makes {@link #run} stop, closing every socket on its way out; safe from any thread. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Client client = new Client(channel);
            client.key = channel.register(selector, SelectionKey.OP_READ, client);
        }
    }

    private void read(Client client) {
        readBuffer.clear();
        int count;
        try {
            count = client.channel.read(readBuffer);
        } catch (IOException e) {
            count = -1;
        }
        if (count < 0) {
            close(client);
            return;
        }
        readBuffer.flip();
        while (readBuffer.hasRemaining()) {
            byte b = readBuffer.get();
            if (b == '\n') {
                client.line.flip();
                line(client, client.line);
                client.line.clear();
            } else if (client.line.hasRemaining()) {
                client.line.put(b);
            }
        }
    }

    private void line(Client client, ByteBuffer line) {
        if (startsWith(line, NEXT_PREFIX)) {
            if (waiting == null || !waiting.channel.isOpen()) {
                waiting = client;
            } else {
                client.partner = waiting;
                waiting.partner = client;
                send(waiting, ByteBuffer.wrap(PAIRED_LINE));
                send(client, ByteBuffer.wrap(PAIRED_LINE));
                waiting = null;
            }
        } else if (startsWith(line, SAY_PREFIX) && client.partner != null) {
            // {"type":"say","text":"T"}  ->  {"type":"message",...,"text":"T"}
            int textLength = line.remaining() - SAY_PREFIX.length - 2;
            if (textLength < 0) {
                return;
            }
            ByteBuffer out = ByteBuffer.allocate(MESSAGE_PREFIX.length + textLength + 3);
            out.put(MESSAGE_PREFIX).put(line.array(), SAY_PREFIX.length, textLength).put((byte) '"')
                    .put((byte) '}').put((byte) '\n').flip();
            send(client.partner, out);
        }
    }

    private void send(Client client, ByteBuffer bytes) {
        if (!client.channel.isOpen()) {
            return;
        }
        client.unsent.add(bytes);
        if (client.unsent.size() == 1) {
            flush(client);
        }
    }

    private void flush(Client client) {
        try {
            ByteBuffer head;
            while ((head = client.unsent.peek()) != null) {
                client.channel.write(head);
                if (head.hasRemaining()) {
                    client.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                client.unsent.poll();
            }
            client.key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            close(client);
        }
    }

    private void close(Client client) {
        client.key.cancel();
        try {
            client.channel.close();
        } catch (IOException e) {
            // closed anyway
        }
    }

    private static boolean startsWith(ByteBuffer line, byte[] prefix) {
        if (line.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line.get(line.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
