package chat.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One end of an admin connection, read and written in lines under deadlines: a peer that stalls, sends a line
 * without end, or stops reading costs its deadline and no more. Non-blocking underneath, with a selector of its own
 * (a blocking {@code SocketChannel} has no timeouts). Used by one thread at a time.
 */
final class AdminChannel implements Closeable {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer input = ByteBuffer.allocate(8 * 1024).flip();

    AdminChannel(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /** The deadline {@code seconds} from now, for the methods here. */
    static long deadline(long seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    /**
     * The next line, without its newline; null when the peer closed before sending a byte of it.
     *
     * @throws IOException when the line passes {@code maxBytes}, is not UTF-8, is cut off, or the deadline passes
     */
    String readLine(int maxBytes, long deadlineNanos) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            while (input.hasRemaining()) {
                byte b = input.get();
                if (b == '\n') {
                    return utf8(line.toByteArray());
                }
                if (line.size() >= maxBytes) {
                    throw new IOException("a line longer than " + maxBytes + " bytes");
                }
                line.write(b);
            }
            input.clear();
            int count = channel.read(input);
            input.flip();
            if (count < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the line was cut off");
            }
            if (count == 0) {
                await(SelectionKey.OP_READ, deadlineNanos);
            }
        }
    }

    /** Writes {@code line} and a newline. */
    void writeLine(String line, long deadlineNanos) throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(line + "\n");
        while (bytes.hasRemaining()) {
            if (channel.write(bytes) == 0) {
                await(SelectionKey.OP_WRITE, deadlineNanos);
            }
        }
    }

    private void await(int operation, long deadlineNanos) throws IOException {
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("the other side of the admin socket took too long");
        }
        key.interestOps(operation);
        selector.select(remainingMillis);
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    private static String utf8(byte[] bytes) throws IOException {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new IOException("a line that is not UTF-8", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
