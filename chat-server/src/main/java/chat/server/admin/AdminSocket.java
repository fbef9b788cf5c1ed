package chat.server.admin;

import chat.server.log.LogText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running server's door for operator commands: a Unix domain socket beside the database file
 * ({@code chat.db.admin.sock}), mode 0600. Whoever may open the file may give any operator command; nothing else
 * authorizes, so the file is never readable or writable by anyone but the server's user: the socket is bound inside a
 * fresh directory of mode 0700, set to 0600 there, and only then renamed into place.
 *
 * <p>One thread of its own takes one connection at a time: it reads one request line ({@link AdminRequest}, at most
 * {@link AdminRequest#MAX_LINE_BYTES}, within {@link #REQUEST_SECONDS}), runs it through the {@link Handler}, which
 * hands anything touching live connections to the event loop and waits for it, and streams the answer back within
 * {@link #ANSWER_SECONDS}. The event loop never waits for an operator.
 */
public final class AdminSocket implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AdminSocket.class.getName());
    /** The longest path a Unix domain socket can have on Linux ({@code sun_path} is 108 bytes with its NUL). */
    static final int MAX_PATH_BYTES = 107;
    /** How long a connection may take to send its request. */
    static final long REQUEST_SECONDS = 5;
    /** How long an answer may take to run and be read. */
    static final long ANSWER_SECONDS = 60;
    private static final int BACKLOG = 8;

    /** Runs one request; called on the admin thread, may block. */
    @FunctionalInterface
    public interface Handler {
        /** @return the command's exit status */
        int handle(AdminRequest request, PrintWriter out, PrintWriter err);
    }

    /** The admin socket cannot be made: another server answers on it, or something is in the way. */
    public static final class SetupException extends IOException {
        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Object fileKey;
    private final Handler handler;
    private volatile boolean closed;

    private AdminSocket(Path path, ServerSocketChannel server, Object fileKey, Handler handler) {
        this.path = path;
        this.server = server;
        this.fileKey = fileKey;
        this.handler = handler;
    }

    /** Where the admin socket of the server using {@code database} is. */
    public static Path pathFor(Path database) {
        Path absolute = database.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".admin.sock");
    }

    /** Whether a Unix domain socket can have {@code path} here. */
    static boolean fits(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    /**
     * Opens the admin socket of the server using {@code database}: removes one left by a server that crashed (after
     * making sure nothing answers on it), binds, and starts taking requests.
     *
     * @return the socket, or null when its path is too long for a Unix domain socket (the server then runs without;
     *     operator commands work on the database file, and running servers notice within a second or two)
     * @throws SetupException when another server answers on it, or it cannot be made
     */
    public static AdminSocket open(Path database, Handler handler) throws SetupException {
        Path path = pathFor(database);
        if (!fits(path)) {
            LOG.warning(() -> "no admin socket: its path " + path + " is longer than " + MAX_PATH_BYTES + " bytes;"
                    + " chat-server kick and who need one (give --db a shorter path)");
            return null;
        }
        try {
            removeStale(path);
            return bind(path, handler);
        } catch (SetupException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SetupException("cannot make the admin socket " + path + ": " + e, e);
        }
    }

    private static AdminSocket bind(Path path, Handler handler) throws IOException {
        Path directory = privateDirectory(path.getParent());
        Path inside = directory.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(inside), BACKLOG);
            Files.setPosixFilePermissions(inside, PosixFilePermissions.fromString("rw-------"));
            Files.move(inside, path, StandardCopyOption.ATOMIC_MOVE);
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            AdminSocket socket = new AdminSocket(path, server, fileKey, handler);
            Thread thread = new Thread(socket::run, "chat-admin");
            thread.setDaemon(true);
            thread.start();
            return socket;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(inside);
            Files.deleteIfExists(directory);
        }
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    /** Takes no more requests and removes the socket file (unless another server has put its own there since). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (Objects.equals(attributes.fileKey(), fileKey)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.fine(() -> "closing the admin socket: " + e.getMessage());
        }
    }

    /** Removes a socket file nothing answers on (left by a server that crashed); refuses anything else. */
    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new SetupException(path + " is in the way of the admin socket and is not a socket; move it away",
                    null);
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new SetupException("another server answers on " + path + "; is one already running with this"
                    + " database?", null);
        } catch (ConnectException e) {
            Files.deleteIfExists(path);
            LOG.info(() -> "removed the admin socket of a server that did not stop cleanly: " + path);
        }
    }

    /** A new directory only this user can enter, beside the socket (a short name: socket paths are short). */
    private static Path privateDirectory(Path parent) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path directory = parent.resolve(".a" + HexFormat.of().toHexDigits(ThreadLocalRandom.current()
                    .nextInt(1 << 24), 6));
            try {
                return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    private void run() {
        while (!closed) {
            SocketChannel accepted;
            try {
                accepted = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warning(() -> "the admin socket failed to accept: " + e.getMessage());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // out of file descriptors, say
                continue;
            }
            serve(accepted);
        }
    }

    /** Answers one connection: one request, its output, its exit status. */
    private void serve(SocketChannel accepted) {
        try (AdminChannel channel = new AdminChannel(accepted)) {
            String line;
            try {
                line = channel.readLine(AdminRequest.MAX_LINE_BYTES, AdminChannel.deadline(REQUEST_SECONDS));
            } catch (IOException e) {
                LOG.info(() -> "an admin connection sent no request: " + e.getMessage());
                return;
            }
            if (line == null) {
                return; // a probe: another server looking whether this one runs
            }
            Answer answer = new Answer(channel, AdminChannel.deadline(ANSWER_SECONDS));
            int status;
            try {
                AdminRequest request = AdminRequest.decode(line);
                LOG.info(() -> "operator: " + request.verb().wireName() + (request.arguments().isEmpty() ? ""
                        : " " + LogText.quote(request.argument(0)))); // never a later argument: a password hash
                status = handler.handle(request, answer.out, answer.err);
            } catch (IllegalArgumentException e) {
                answer.err.println("chat-server: " + e.getMessage());
                status = 2;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "an operator request failed", e);
                answer.err.println("chat-server: the server failed to do that: " + e);
                status = 1;
            }
            answer.exit(status);
        } catch (IOException e) {
            LOG.fine(() -> "closing an admin connection: " + e.getMessage());
        }
    }

    /** The answer to one request, written as the command prints it. */
    private static final class Answer {
        private final AdminChannel channel;
        private final long deadlineNanos;
        private IOException failure;
        final PrintWriter out = new PrintWriter(new LineWriter(this, "out"), true);
        final PrintWriter err = new PrintWriter(new LineWriter(this, "err"), true);

        Answer(AdminChannel channel, long deadlineNanos) {
            this.channel = channel;
            this.deadlineNanos = deadlineNanos;
        }

        void send(String kind, String text) {
            if (failure != null) {
                return; // the operator went away; the request still runs to its end
            }
            try {
                channel.writeLine(AdminRequest.fields(List.of(kind, text)), deadlineNanos);
            } catch (IOException e) {
                failure = e;
                LOG.info(() -> "an operator stopped reading the answer: " + e.getMessage());
            }
        }

        void exit(int status) {
            out.close();
            err.close();
            send("exit", String.valueOf(status));
        }
    }

    /** Turns what a command prints into answer lines, one per line printed. */
    private static final class LineWriter extends Writer {
        private final Answer answer;
        private final String kind;
        private final StringBuilder line = new StringBuilder();

        LineWriter(Answer answer, String kind) {
            this.answer = answer;
            this.kind = kind;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    emit();
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        private void emit() {
            answer.send(kind, line.toString());
            line.setLength(0);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            if (line.length() > 0) {
                emit();
            }
        }
    }
}
