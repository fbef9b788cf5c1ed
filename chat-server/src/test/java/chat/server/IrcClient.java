package chat.server;

import static org.assertj.core.api.Assertions.fail;

import chat.core.irc.IrcMessage;
import chat.core.irc.IrcParseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An IRC client on a real loopback socket, for end-to-end tests; reads are bounded by {@link TestClient#TIMEOUT}. */
final class IrcClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    /** Every line received, in order, as text. */
    final List<String> received = new ArrayList<>();

    IrcClient(int port) {
        this(connect(port));
    }

    /** An IRC client over a socket already connected (a TLS one, say). */
    IrcClient(Socket socket) {
        try {
            this.socket = socket;
            this.in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket connect(int port) {
        try {
            return new Socket("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends raw bytes (a line cut anywhere, bytes that are not UTF-8). */
    void sendBytes(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in with SASL PLAIN during registration, with the given caps besides {@code sasl}. */
    List<IrcMessage> registerWithSasl(String name, String password, String... caps) {
        send("CAP LS 302");
        send("NICK " + name);
        send("USER u 0 * :Real Name");
        send("CAP REQ :" + String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("sasl"),
                java.util.Arrays.stream(caps)).toList()));
        await("CAP");
        send("AUTHENTICATE PLAIN");
        await("AUTHENTICATE");
        send("AUTHENTICATE " + java.util.Base64.getEncoder().encodeToString(("\0" + name + "\0" + password)
                .getBytes(StandardCharsets.UTF_8)));
        await("903");
        send("CAP END");
        return until(m -> m.command().equals("376"));
    }

    void send(String line) {
        try {
            socket.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers with the given caps (none: no CAP negotiation) and reads up to the end of the MOTD. */
    List<IrcMessage> register(String nick, String... caps) {
        if (caps.length > 0) {
            send("CAP LS 302");
            send("CAP REQ :" + String.join(" ", caps));
        }
        send("NICK " + nick);
        send("USER u 0 * :Real Name");
        if (caps.length > 0) {
            send("CAP END");
        }
        return until(m -> m.command().equals("376"));
    }

    /** The next message; fails after the timeout. */
    IrcMessage message() {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                if (remaining <= 0) {
                    fail("no IRC line within " + TestClient.TIMEOUT + "; received " + received);
                }
                socket.setSoTimeout((int) remaining);
                int b;
                try {
                    b = in.read();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (b < 0) {
                    fail("connection closed; received " + received);
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    if (!text.endsWith("\r")) {
                        fail("IRC line without CR LF: " + text);
                    }
                    text = text.substring(0, text.length() - 1);
                    received.add(text);
                    return IrcMessage.parse(text);
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IrcParseException e) {
            throw new AssertionError("the server sent a malformed line: " + received, e);
        }
    }

    /** The next line as it came, without its line ending (for lines that are not IRC). */
    String rawLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            return line.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages up to and including the first that matches. */
    List<IrcMessage> until(Predicate<IrcMessage> condition) {
        List<IrcMessage> messages = new ArrayList<>();
        while (true) {
            IrcMessage m = message();
            messages.add(m);
            if (condition.test(m)) {
                return messages;
            }
        }
    }

    /** The first message with {@code command}, skipping others. */
    IrcMessage await(String command) {
        List<IrcMessage> all = until(m -> m.command().equals(command));
        return all.get(all.size() - 1);
    }

    /** Sends PING and returns what came before the PONG. */
    List<IrcMessage> sync() {
        send("PING sync");
        return until(m -> m.command().equals("PONG"));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
