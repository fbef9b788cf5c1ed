package chat.tui.net;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.LineDecoder;
import chat.core.wire.ServerFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to a chat server, speaking JSON frames with the same codec as the server. A reader thread decodes
 * what arrives: a reply (a frame whose {@code re} matches a request) completes that request's future; every frame,
 * reply or event, also goes to the listener. Writes are synchronised, so any thread may send.
 *
 * <p>The listener runs on the reader thread; a UI hands the frames over to its own thread.
 */
public final class ChatClient implements AutoCloseable {

    /** What the reader thread reports. */
    public interface Listener {
        /** A frame from the server. */
        void frame(ServerFrame frame);

        /** The connection ended: {@code cause} is null when {@link #close} ended it. */
        void disconnected(Exception cause);

        /** A listener for request-and-answer use, which takes answers from the futures and ignores the rest. */
        Listener IGNORE = new Listener() {
            @Override
            public void frame(ServerFrame frame) {
            }

            @Override
            public void disconnected(Exception cause) {
            }
        };
    }

    /** A request the server answered with an {@code error} frame. */
    public static final class ServerError extends Exception {
        private final ServerFrame.Error error;

        public ServerError(ServerFrame.Error error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public ServerFrame.Error error() {
            return error;
        }

        /** Whether the error has that code. */
        public boolean is(ErrorCode code) {
            return code.wireName().equals(error.code());
        }
    }

    /**
     * The server refused the connection with a line of its own before any frame ({@code ! banned: ...},
     * {@code ! server_full: ...}); the connection then closed.
     */
    public static final class RefusedException extends IOException {
        private final String code;

        RefusedException(String code, String message) {
            super(message);
            this.code = code;
        }

        /** The refusal's error code ({@code banned}, {@code server_full}, ...). */
        public String code() {
            return code;
        }
    }

    private static final int MAX_LINE_BYTES = 1 << 20;
    /** Base32 letters and digits (RFC 4648), for the per-process prefix of request ids. */
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /**
     * This process's prefix of request ids: 8 random base32 characters (40 bits). The server recognises a resent
     * {@code say} by its id, so ids must differ between processes of the same account, not only within one.
     */
    private static final String ID_PREFIX = randomPrefix(new SecureRandom());
    /** Ids are unique in the process, across connections, so a reconnect never reuses one. */
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    private final Socket socket;
    private final OutputStream out;
    private final Listener listener;
    private final Map<String, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closing;
    private final ServerTrust.Secured secured;
    /** Whether a JSON frame has come; before one, a {@code !} line is the server refusing the connection. */
    private boolean framesStarted;
    private RefusedException refusal;

    private ChatClient(Socket socket, Listener listener, ServerTrust.Secured secured) throws IOException {
        this.socket = socket;
        this.secured = secured;
        this.out = socket.getOutputStream();
        this.listener = listener;
        this.reader = new Thread(this::readLoop, "chat-client-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Connects and starts reading: over TLS when {@code server} says so, trusting the server as {@code trust}
     * decides ({@code trust} may be null for a plain-text address).
     *
     * @throws ServerTrust.ChangedCertificateException when a pinned certificate changed
     * @throws IOException when the server cannot be reached within {@code timeout}, or TLS fails
     */
    public static ChatClient connect(HostPort server, ServerTrust trust, Duration timeout, Listener listener)
            throws IOException {
        if (server.tls() && trust == null) {
            throw new IllegalArgumentException("a TLS address needs a ServerTrust");
        }
        int millis = (int) timeout.toMillis();
        if (server.tls()) {
            ServerTrust.Secured secured = trust.prepare(server).connect(millis);
            return start(secured.socket(), listener, secured);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(server.host(), server.port()), millis);
            return start(socket, listener, null);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static ChatClient start(Socket socket, Listener listener, ServerTrust.Secured secured)
            throws IOException {
        try {
            ChatClient client = new ChatClient(socket, listener, secured);
            client.reader.start();
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Why the server was trusted (TLS), or null for a plain-text connection. */
    public String securityNote() {
        return secured == null ? null : secured.note();
    }

    /** Whether this connection pinned the server's certificate for the first time. */
    public boolean pinnedNow() {
        return secured != null && secured.firstUse();
    }

    /** A fresh request id, unique across processes: this process's random prefix and a counter. */
    public String nextId() {
        return newId();
    }

    /** {@link #nextId()}, also without a connection (a line kept to be sent once one is back). */
    public static String newId() {
        return ID_PREFIX + "-" + NEXT_ID.getAndIncrement();
    }

    /** 8 random base32 characters. */
    static String randomPrefix(SecureRandom random) {
        char[] prefix = new char[8];
        for (int i = 0; i < prefix.length; i++) {
            prefix[i] = BASE32[random.nextInt(BASE32.length)];
        }
        return new String(prefix);
    }

    /** Sends a frame without waiting for anything. */
    public void send(ClientFrame frame) throws IOException {
        write(FrameCodec.encode(frame));
    }

    /**
     * Sends {@code frame} under a fresh request id and returns the reply: {@code ok}, {@code logged_in},
     * {@code welcome}, ... An {@code error} reply fails the future with {@link ServerError}; a lost connection fails
     * it with an {@link IOException}.
     */
    public CompletableFuture<ServerFrame> request(ClientFrame frame) {
        return request(nextId(), frame);
    }

    /** {@link #request(ClientFrame)} under a request id the caller chose (to match the reply to its own records). */
    public CompletableFuture<ServerFrame> request(String id, ClientFrame frame) {
        CompletableFuture<ServerFrame> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            write(FrameCodec.encode(frame, id));
        } catch (IOException e) {
            pending.remove(id);
            reply.completeExceptionally(e);
        }
        return reply;
    }

    private void write(String json) throws IOException {
        byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(line);
            out.flush();
        }
    }

    /**
     * {@link #request} and wait for the reply, for command-line use.
     *
     * @throws ServerError when the server refused
     * @throws IOException when the connection failed or the reply did not come in time
     */
    public <T extends ServerFrame> T call(ClientFrame frame, Class<T> replyType, Duration timeout)
            throws IOException, ServerError {
        try {
            ServerFrame reply = request(frame).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!replyType.isInstance(reply)) {
                throw new IOException("unexpected answer from the server: " + FrameCodec.encode(reply));
            }
            return replyType.cast(reply);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ServerError serverError) {
                throw serverError;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the server did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void readLoop() {
        Exception cause = null;
        LineDecoder decoder = new LineDecoder(MAX_LINE_BYTES);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(String line) {
                handleLine(line);
            }

            @Override
            public void error(LineDecoder.LineError error) {
                // a line we cannot read is skipped; the next one may be fine
            }
        };
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            int count;
            while ((count = in.read(buffer)) >= 0) {
                decoder.decode(ByteBuffer.wrap(buffer, 0, count), sink);
            }
            cause = closing ? null : refusal != null ? refusal : new IOException("the server closed the connection");
        } catch (IOException e) {
            cause = closing ? null : refusal != null ? refusal : e; // a reset after the refusal line: the refusal
        } finally {
            IOException lost = new IOException(cause != null ? cause.getMessage() : "connection closed");
            pending.values().forEach(future -> future.completeExceptionally(lost));
            pending.clear();
            close();
            listener.disconnected(cause);
        }
    }

    private void handleLine(String line) {
        if (!line.startsWith("{")) {
            int colon = line.indexOf(':');
            if (!framesStarted && line.startsWith("! ") && colon > 2) {
                refusal = new RefusedException(line.substring(2, colon), line.substring(colon + 1).strip());
            }
            return; // the greeting and other lines for people
        }
        framesStarted = true;
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(line);
        } catch (FrameException e) {
            return; // a frame type from a newer server: ignore it
        }
        String re = replyTo(frame);
        if (re != null) {
            CompletableFuture<ServerFrame> future = pending.remove(re);
            if (future != null) {
                if (frame instanceof ServerFrame.Error error) {
                    future.completeExceptionally(new ServerError(error));
                } else {
                    future.complete(frame);
                }
            }
        }
        listener.frame(frame);
    }

    /** The request id a frame answers, or null for events. */
    public static String replyTo(ServerFrame frame) {
        if (frame instanceof ServerFrame.Ok ok) {
            return ok.re();
        } else if (frame instanceof ServerFrame.Error error) {
            return error.re();
        } else if (frame instanceof ServerFrame.LoggedIn loggedIn) {
            return loggedIn.re();
        } else if (frame instanceof ServerFrame.LoggedOut loggedOut) {
            return loggedOut.re();
        } else if (frame instanceof ServerFrame.Welcome welcome) {
            return welcome.re();
        } else if (frame instanceof ServerFrame.Pong pong) {
            return pong.re();
        } else if (frame instanceof ServerFrame.History history) {
            return history.re();
        } else if (frame instanceof ServerFrame.Room room) {
            return room.re();
        } else if (frame instanceof ServerFrame.RoomList list) {
            return list.re();
        } else if (frame instanceof ServerFrame.WhoList who) {
            return who.re();
        } else if (frame instanceof ServerFrame.Presence presence) {
            return presence.re();
        } else if (frame instanceof ServerFrame.ConversationList list) {
            return list.re();
        } else if (frame instanceof ServerFrame.BlockList list) {
            return list.re();
        } else if (frame instanceof ServerFrame.UploadReady ready) {
            return ready.re();
        } else if (frame instanceof ServerFrame.UploadProgress progress) {
            return progress.re();
        }
        // file_chunk frames carry the download's id too, but the download ends with its ok
        return null;
    }
}
