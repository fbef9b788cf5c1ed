package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A client on a real loopback socket, for end-to-end tests. Reads are bounded by a deadline (no sleeps): a test
 * that waits for something that never comes fails after {@link #TIMEOUT}.
 */
final class TestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream lineBuffer = new ByteArrayOutputStream();
    private String greeting;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static TestClient connect(int port) {
        return connect(port, 0);
    }

    /** Connects with a receive buffer of {@code receiveBufferBytes} (0 for the default). */
    static TestClient connect(int port, int receiveBufferBytes) {
        return connect(new InetSocketAddress("127.0.0.1", port), receiveBufferBytes);
    }

    /**
     * Connects from {@code sourceAddress} (another loopback address, such as 127.0.0.2, stands for another machine
     * to the server's per-address limits; it is still loopback for everything else).
     */
    static TestClient connectFrom(String sourceAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            return over(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to {@code address} (any address, not only loopback). */
    static TestClient connect(InetSocketAddress address) {
        return connect(address, 0);
    }

    private static TestClient connect(InetSocketAddress address, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.connect(address, (int) TIMEOUT.toMillis());
            return over(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client on a socket that is already connected (a TLS socket, say); reads the greeting first. */
    static TestClient over(Socket socket) {
        try {
            TestClient client = new TestClient(socket);
            client.greeting = client.line();
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The socket underneath, for tests of the transport itself. */
    Socket socket() {
        return socket;
    }

    /** The greeting line the server sent on connect. */
    String greeting() {
        return greeting;
    }

    /** The guest handle from the greeting. */
    String handle() {
        int start = greeting.indexOf("You are ") + "You are ".length();
        return greeting.substring(start, greeting.indexOf('.', start));
    }

    void send(String line) {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void send(ClientFrame frame) {
        send(FrameCodec.encode(frame));
    }

    void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line, without its newline; fails after the timeout. */
    String line() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    fail("no line within " + TIMEOUT + "; partial: " + lineBuffer.toString(StandardCharsets.UTF_8));
                }
                socket.setSoTimeout((int) remainingMillis);
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (b < 0) {
                    throw new AssertionError("connection closed by the server while waiting for a line");
                }
                if (b == '\n') {
                    String line = lineBuffer.toString(StandardCharsets.UTF_8);
                    lineBuffer.reset();
                    return line;
                }
                lineBuffer.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether input starts arriving within {@code millis}; what arrived stays for {@link #line}. */
    boolean inputWithin(int millis) {
        try {
            socket.setSoTimeout(millis);
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed by the server while waiting for input");
            }
            lineBuffer.write(b);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line, decoded as a server frame. */
    ServerFrame frame() {
        String line = line();
        try {
            return FrameCodec.decodeServer(line);
        } catch (FrameException e) {
            throw new AssertionError("not a server frame: " + line, e);
        }
    }

    /** The next frame, which must be of {@code type}. */
    <T extends ServerFrame> T frame(Class<T> type) {
        ServerFrame frame = frame();
        assertThat(frame).isInstanceOf(type);
        return type.cast(frame);
    }

    /** A {@code logged_in} and the inbox that follows every login. */
    /**
     * Logs this connection in as {@code name} with the password {@code "password " + name}, registering the account
     * the first time; returns with the login answered and the conversation list read.
     */
    TestClient logInOrRegister(String name) {
        send(new ClientFrame.Login("login", name, "password " + name));
        ServerFrame frame = frame();
        if (frame instanceof ServerFrame.Error) {
            send(new ClientFrame.Register("register", name, "password " + name));
            loggedIn();
        } else {
            assertThat(frame).isInstanceOf(ServerFrame.LoggedIn.class);
            frame(ServerFrame.ConversationList.class);
        }
        return this;
    }

    ServerFrame.LoggedIn loggedIn() {
        ServerFrame.LoggedIn loggedIn = frame(ServerFrame.LoggedIn.class);
        frame(ServerFrame.ConversationList.class);
        return loggedIn;
    }

    /** Skips frames until one of {@code type} that matches {@code condition}. */
    <T extends ServerFrame> T awaitFrame(Class<T> type, Predicate<T> condition) {
        while (true) {
            ServerFrame frame = frame();
            if (type.isInstance(frame) && condition.test(type.cast(frame))) {
                return type.cast(frame);
            }
        }
    }

    <T extends ServerFrame> T awaitFrame(Class<T> type) {
        return awaitFrame(type, frame -> true);
    }

    /** Reads until the server closes the connection; fails if it does not within the timeout. */
    void awaitClosed() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        byte[] sink = new byte[64 * 1024];
        try {
            while (true) {
                long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    fail("the server did not close the connection within " + TIMEOUT);
                }
                socket.setSoTimeout((int) remainingMillis);
                try {
                    if (in.read(sink) < 0) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // loop to the deadline check
                }
            }
        } catch (IOException e) {
            return; // reset by the server: closed as well
        }
    }

    /** Drops the connection with a TCP reset, as a crashing client would. */
    void vanish() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
