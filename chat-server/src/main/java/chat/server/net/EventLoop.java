package chat.server.net;

import chat.core.wire.LineDecoder;
import chat.server.log.LogText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The server's one network thread: a {@link Selector} that accepts, reads and writes every connection, and runs
 * all chat logic through the {@link ConnectionHandler}, so chat state needs no locks.
 *
 * <p>One turn of the loop: run tasks handed in by other threads ({@link #execute}), run due timers, close the
 * connections marked for closing and write pending output (replies are written here, directly, before waiting;
 * OP_WRITE is registered only for a connection whose bytes did not all fit), then wait in {@code select} until a
 * socket is ready, a task arrives ({@code selector.wakeup()}) or the next timer is due.
 *
 * <p>Nothing here blocks: slow work (bcrypt, SQLite) runs elsewhere and comes back as a task. One direct buffer is
 * reused for every read.
 */
public final class EventLoop implements Executor {

    private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int WRITE_STAGING_BYTES = 128 * 1024;
    private static final long DRAIN_TIMEOUT_MILLIS = 5_000;
    private static final byte[] SERVER_FULL_LINE =
            "! server_full: the server is full, try again later\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TOO_FAST_LINE =
            "! too_many_connects: connecting too fast from your address; wait a moment\n"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] ADDRESS_FULL_LINE =
            "! too_many_connections: too many connections from your address\n".getBytes(StandardCharsets.UTF_8);

    private static final byte[] TLS_REQUIRED_LINE =
            "! tls_required: this server only accepts TLS from other machines; use chat-tui connect --tls\n"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] TLS_UNAVAILABLE_LINE =
            "! tls_unavailable: this server speaks plain text only; connect without TLS\n"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    /**
     * TLS on the listening port, beside plain text.
     *
     * @param context the server's certificate and key
     * @param detectMillis how long a silent new connection is given to start a TLS handshake before it is taken
     *     for plain text and greeted (clients that speak first are told apart by their first byte at once)
     * @param requiredForRemote whether plain text from a non-loopback address is refused
     * @param handshakeThreads threads that run the handshakes' crypto, off the loop
     */
    public record Tls(SSLContext context, long detectMillis, boolean requiredForRemote, int handshakeThreads) {
    }

    /** Limits applied to every connection. */
    /** @param lineBufferBytes bytes of unfinished lines held for all connections together ({@link LineBudget}) */
    public record Limits(int maxLineBytes, long maxOutboundBytes, int maxConnections, int maxConnectionsPerAddress,
            double connectsPerSecondPerAddress, long idleTimeoutMillis, long firstLineTimeoutMillis,
            long lineBufferBytes) {
    }

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final ConnectionHandler handler;
    private final Limits limits;
    /** TLS settings, or null when the server speaks plain text only. */
    private final Tls tls;
    private final ExecutorService handshakeTasks;
    private final TlsLayer.Scratch tlsScratch;
    private final TlsLayer.Plaintext tlsPlaintext;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ArrayDeque<Connection> flushQueue = new ArrayDeque<>();
    private final ArrayDeque<Connection> closeQueue = new ArrayDeque<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** What a plain read brought, copied in one go: lines are found and decoded in a heap array, without a copy each. */
    private final ByteBuffer readCopy = ByteBuffer.allocate(READ_BUFFER_BYTES);
    /** Output is copied here to be written: one plain write per socket, whatever is queued (OutboundQueue). */
    private final ByteBuffer writeStaging = ByteBuffer.allocateDirect(WRITE_STAGING_BYTES);
    private final java.util.function.Consumer<SelectionKey> readyHandler = this::handleReady;
    private final LineSink lineSink = new LineSink();
    private final LineBudget lineBudget;
    private final LineBufferPool lineBuffers;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final InetSocketAddress localAddress;
    private volatile Thread thread;
    private long nextConnectionId = 1;
    private long timerSequence;
    private int connectionCount;
    private final java.util.Map<java.net.InetAddress, Integer> perAddress = new java.util.HashMap<>();
    /** Connect tokens per address: a bucket of one second's worth, refilled at the configured rate. */
    private final java.util.Map<java.net.InetAddress, double[]> connectBuckets = new java.util.HashMap<>();
    /** Who may not connect at all; set before the loop starts, then loop thread only. */
    private volatile ConnectFilter connectFilter = address -> null;
    private boolean shuttingDown;
    private long shutdownDeadlineNanos;
    private boolean running = true;

    /**
     * Opens the listening socket. Binding happens here so that a port already in use fails before anything starts.
     *
     * @throws IOException when the address cannot be bound
     */
    public EventLoop(InetSocketAddress bindAddress, Limits limits, Tls tls, ConnectionHandler handler)
            throws IOException {
        this.limits = limits;
        this.lineBudget = new LineBudget(limits.lineBufferBytes());
        this.lineBuffers = new LineBufferPool(limits.lineBufferBytes() / 4);
        this.tls = tls;
        this.handler = handler;
        this.tlsScratch = tls == null ? null : new TlsLayer.Scratch();
        this.tlsPlaintext = bytes -> lineSink.connection.decoder.decode(bytes, lineSink);
        this.handshakeTasks = tls == null ? null : Executors.newFixedThreadPool(tls.handshakeThreads(), runnable -> {
            Thread thread = new Thread(runnable, "chat-tls-handshake");
            thread.setDaemon(true);
            return thread;
        });
        this.selector = Selector.open();
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(bindAddress, 1024);
            serverChannel.configureBlocking(false);
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
            this.localAddress = (InetSocketAddress) serverChannel.getLocalAddress();
        } catch (IOException e) {
            serverChannel.close();
            selector.close();
            throw e;
        }
    }

    /** The address the server listens on; its port is the real one when port 0 was asked for. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Starts the loop on a new thread named {@code name}. */
    public void start(String name) {
        execute(this::sweepTimeouts);
        Thread t = new Thread(this::run, name);
        thread = t;
        t.start();
    }

    /** Runs the loop on the calling thread until it has shut down. */
    public void run() {
        if (thread == null) {
            execute(this::sweepTimeouts);
        }
        thread = Thread.currentThread();
        try {
            while (running) {
                turn();
            }
        } catch (ClosedSelectorException e) {
            // closed during shutdown
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "event loop failed", e);
        } finally {
            closeEverything();
            terminated.countDown();
        }
    }

    /** Whether the caller runs on the loop thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread soon; safe to call from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /**
     * Runs {@code task} on the loop thread after {@code delayMillis}. Loop thread only.
     *
     * @return a handle that cancels the task
     */
    public Timer schedule(long delayMillis, Runnable task) {
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /**
     * Stops accepting, lets the handler say goodbye to every connection, writes what is queued for up to
     * {@code graceMillis}, then closes everything. Safe to call from any thread; returns at once.
     */
    public void shutdown(long graceMillis) {
        execute(() -> beginShutdown(graceMillis));
    }

    /** Waits until the loop has stopped and every socket is closed. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Sets who may not connect at all (the operator's bans); before {@link #start}, or on the loop thread. */
    public void connectFilter(ConnectFilter filter) {
        this.connectFilter = filter;
    }

    /** Every connection not yet closing, in no particular order; a copy. Loop thread only. */
    public List<Connection> connections() {
        return openConnections();
    }

    /** The number of open connections. Loop thread only. */
    public int connectionCount() {
        return connectionCount;
    }

    // ---- one turn -------------------------------------------------------------------------------------------------

    private void turn() throws IOException {
        runTasks();
        runTimers();
        settle();
        if (shuttingDown && (connectionCount == 0 || System.nanoTime() - shutdownDeadlineNanos >= 0)) {
            running = false;
            return;
        }
        long timeoutMillis = selectTimeoutMillis();
        // Ready keys are handed straight to the handler, never put in the selected-key set: no set to fill, iterate
        // and empty on every turn. No test of select's count: under steady load it is never 0, the JIT compiles that
        // branch away, and the first quiet turn would then throw the whole compiled loop out mid-load.
        if (timeoutMillis < 0) {
            selector.select(readyHandler);
        } else if (timeoutMillis == 0) {
            selector.selectNow(readyHandler);
        } else {
            selector.select(readyHandler, timeoutMillis);
        }
    }

    /** Closes what is marked for closing and writes what is pending, until neither produces more work. */
    private void settle() {
        while (!closeQueue.isEmpty() || !flushQueue.isEmpty()) {
            Connection toClose;
            while ((toClose = closeQueue.poll()) != null) {
                finishClose(toClose);
            }
            Connection toFlush;
            while ((toFlush = flushQueue.poll()) != null) {
                toFlush.flushScheduled = false;
                flush(toFlush);
            }
        }
    }

    /** How long {@code select} may wait: 0 for not at all, -1 for until something happens. */
    private long selectTimeoutMillis() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        long deadline = Long.MAX_VALUE;
        Timer next = timers.peek();
        if (next != null) {
            deadline = next.deadlineNanos;
        }
        if (shuttingDown) {
            deadline = Math.min(deadline, shutdownDeadlineNanos);
        }
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime() + 999_999);
        return Math.max(millis, 1);
    }

    private void runTasks() {
        Runnable task;
        int budget = 4096; // tasks queued while running wait for the next turn, so sockets are never starved
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "task failed", e);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadlineNanos - now <= 0) {
            timers.poll();
            if (!timer.cancelled) {
                try {
                    timer.task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "timer failed", e);
                }
            }
        }
    }

    private void handleReady(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                acceptAll();
                return;
            }
            Connection connection = (Connection) key.attachment();
            if (key.isWritable()) {
                flush(connection);
            }
            if (key.isValid() && key.isReadable()) {
                read(connection);
                if (lineBudget.update(connection, System.nanoTime())) {
                    shedUnfinishedLines();
                }
            }
        } catch (CancelledKeyException e) {
            // closed while handling; nothing left to do
        }
    }

    // ---- accept, read, write ---------------------------------------------------------------------------------------

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (IOException e) {
                // e.g. out of file descriptors: log, keep serving the connections we have
                LOG.log(Level.WARNING, "accept failed: " + e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            if (connectionCount >= limits.maxConnections()) {
                refuse(channel, SERVER_FULL_LINE, CloseReason.SERVER_FULL.description() + " ("
                        + limits.maxConnections() + " connections)");
                continue;
            }
            java.net.InetAddress address = addressOf(channel);
            byte[] refusal = address == null ? null : connectFilter.refusal(address);
            if (refusal != null) {
                refuse(channel, refusal, address.getHostAddress() + " is banned");
                continue;
            }
            if (address != null && !connectAllowed(address)) {
                refuse(channel, TOO_FAST_LINE, "connects from " + address.getHostAddress() + " too fast");
                continue;
            }
            if (address != null && perAddress.getOrDefault(address, 0) >= limits.maxConnectionsPerAddress()) {
                refuse(channel, ADDRESS_FULL_LINE, "already " + limits.maxConnectionsPerAddress()
                        + " connections from " + address.getHostAddress());
                continue;
            }
            register(channel);
        }
    }

    private void refuse(SocketChannel channel, byte[] line, String why) {
        try (channel) {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(line));
        } catch (IOException e) {
            // the refusal is best effort
        }
        LOG.warning(() -> "refused a connection: " + why);
    }

    /** Takes a connect token for {@code address}: a bucket of one second's worth, refilled continuously. */
    private boolean connectAllowed(java.net.InetAddress address) {
        double rate = limits.connectsPerSecondPerAddress();
        long now = System.nanoTime();
        double[] bucket = connectBuckets.computeIfAbsent(address, a -> new double[] {rate, now});
        bucket[0] = Math.min(rate, bucket[0] + (now - bucket[1]) / 1e9 * rate);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        if (connectBuckets.size() > 100_000) {
            connectBuckets.values().removeIf(b -> now - (long) b[1] > 60_000_000_000L);
        }
        return true;
    }

    private static java.net.InetAddress addressOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void register(SocketChannel channel) {
        Connection connection;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new Connection(this, nextConnectionId++, channel, limits.maxLineBytes(),
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
        connectionCount++;
        java.net.InetAddress address = addressOf(channel);
        if (address != null) {
            perAddress.merge(address, 1, Integer::sum);
        }
        if (tls == null) {
            connection.transport = Connection.Transport.PLAIN;
            open(connection);
        } else {
            schedule(tls.detectMillis(), () -> {
                if (connection.transport == Connection.Transport.UNDECIDED && connection.state == Connection.State.OPEN
                        && !connection.sawBytes) {
                    connection.silentAtOpen = true;
                    if (!becomePlain(connection)) {
                        // Refused plain text, told so; a TLS client that is merely slow may still start its handshake.
                        schedule(limits.firstLineTimeoutMillis(), () -> {
                            if (connection.transport == Connection.Transport.UNDECIDED
                                    && connection.state == Connection.State.OPEN) {
                                connection.closeAfterFlush(CloseReason.TLS_REQUIRED);
                            }
                        });
                    }
                }
            });
        }
    }

    private void open(Connection connection) {
        connection.opened = true;
        try {
            handler.opened(connection);
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
        }
    }

    /**
     * Takes an undecided connection for plain text and greets it. Where plain text is refused to it, it is told so
     * once and stays undecided (its first byte still decides). A connection taken for plain text before it said
     * anything may still start TLS: see {@link #read}.
     *
     * @return false when plain text is refused to it
     */
    private boolean becomePlain(Connection connection) {
        if (tls.requiredForRemote() && !connection.isLoopback()) {
            if (!connection.plainRefused) {
                LOG.info(() -> connection + " refused: plain text while TLS is required");
                connection.send(TLS_REQUIRED_LINE);
                connection.plainRefused = true;
            }
            return false;
        }
        connection.transport = Connection.Transport.PLAIN;
        open(connection);
        return true;
    }

    /**
     * Speaks TLS on the connection from now on. A connection whose session was opened already (greeted in plain text
     * because its ClientHello came after the detection window) keeps that session: only the transport changes.
     */
    private void becomeTls(Connection connection) {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(new String[] {"TLSv1.3"});
        connection.tls = new TlsLayer(engine);
        boolean late = connection.transport == Connection.Transport.PLAIN;
        connection.transport = Connection.Transport.TLS;
        if (!late) {
            open(connection); // the greeting waits in the queue until the handshake is done
            return;
        }
        LOG.fine(() -> connection + " started TLS after its plain-text greeting (a slow TLS client)");
        try {
            handler.secured(connection);
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
        }
    }

    private void read(Connection connection) {
        if (connection.state != Connection.State.OPEN) {
            return;
        }
        ByteBuffer buffer = readBuffer;
        buffer.clear();
        int count;
        try {
            count = connection.channel().read(buffer);
        } catch (IOException e) {
            close(connection, CloseReason.IO_ERROR);
            return;
        }
        if (count < 0) {
            if (connection.tls != null) {
                connection.tls.inputEnded();
            }
            inputEnded(connection);
            return;
        }
        connection.lastInputNanos = System.nanoTime();
        buffer.flip();
        if (!connection.sawBytes && count > 0) {
            connection.sawBytes = true;
            boolean handshake = buffer.get(0) == TLS_HANDSHAKE_RECORD;
            if (connection.transport == Connection.Transport.UNDECIDED) {
                if (handshake) {
                    becomeTls(connection);
                } else if (!becomePlain(connection)) {
                    connection.closeAfterFlush(CloseReason.TLS_REQUIRED);
                    return;
                }
            } else if (handshake && tls != null && connection.transport == Connection.Transport.PLAIN) {
                becomeTls(connection); // greeted as plain text while its ClientHello was on the way
            } else if (handshake && tls == null) {
                LOG.info(() -> connection + " closed: it started a TLS handshake, but TLS is not enabled"
                        + " (see --tls-keystore)");
                // Said in plain text, so that a TLS client can tell the server speaks plain text, not that it failed.
                connection.send(TLS_UNAVAILABLE_LINE);
                connection.closeAfterFlush(CloseReason.TLS_UNAVAILABLE);
                return;
            }
        }
        if (connection.tls != null) {
            pumpTls(connection, buffer);
            trackUnfinishedLine(connection);
            return;
        }
        ByteBuffer copy = readCopy;
        copy.clear();
        copy.put(buffer).flip();
        lineSink.connection = connection;
        try {
            connection.decoder.decode(copy, lineSink);
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
        } finally {
            lineSink.connection = null;
        }
        trackUnfinishedLine(connection);
    }

    /** Notes when a line started and has not ended, for the line timeout (slowloris). */
    private static void trackUnfinishedLine(Connection connection) {
        if (connection.decoder.bufferedBytes() == 0 && !connection.decoder.isDiscarding()) {
            connection.unfinishedLineSinceNanos = 0;
        } else if (connection.unfinishedLineSinceNanos == 0) {
            connection.unfinishedLineSinceNanos = connection.lastInputNanos;
        }
    }

    /** Hands decoded lines to the handler, and stops handing them once the connection is no longer open. */
    private final class LineSink implements LineDecoder.Sink {
        private Connection connection;

        @Override
        public void line(String line) {
            connection.sawLine = true;
            if (connection.state == Connection.State.OPEN) {
                handler.line(connection, line);
            }
        }

        @Override
        public void error(LineDecoder.LineError error) {
            connection.sawLine = true;
            if (connection.state == Connection.State.OPEN) {
                handler.lineError(connection, error);
            }
        }
    }

    void scheduleFlush(Connection connection) {
        SelectionKey key = connection.key;
        if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            // The socket is full: the selector says when it drains. Trying now would copy the queue for nothing,
            // and for a client that stopped reading that copy would come with every new frame.
            return;
        }
        if (!connection.flushScheduled) {
            connection.flushScheduled = true;
            flushQueue.add(connection);
        }
    }

    private void flush(Connection connection) {
        if (!connection.isWritable()) {
            return;
        }
        if (connection.tls != null) {
            pumpTls(connection, NO_BYTES);
            return;
        }
        boolean done;
        try {
            done = connection.outbound.writeTo(connection.channel(), writeStaging);
        } catch (IOException e) {
            close(connection, CloseReason.IO_ERROR);
            return;
        }
        writesSettled(connection, !done);
    }

    /**
     * After writing, plain or TLS: a full socket waits for OP_WRITE; otherwise OP_WRITE is dropped, and a draining
     * connection with nothing left to send is closed.
     */
    private void writesSettled(Connection connection, boolean socketFull) {
        SelectionKey key = connection.key;
        boolean waitingToWrite = (key.interestOps() & SelectionKey.OP_WRITE) != 0;
        if (socketFull) {
            if (!waitingToWrite) {
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            }
            return;
        }
        if (waitingToWrite) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
        if (connection.state == Connection.State.DRAINING && connection.outbound.isEmpty()) {
            close(connection, connection.closeReason);
        }
    }

    // ---- TLS -------------------------------------------------------------------------------------------------------

    /** Moves a TLS connection as far as it can go: see {@link TlsLayer#pump}. */
    private void pumpTls(Connection connection, ByteBuffer fresh) {
        TlsLayer layer = connection.tls;
        TlsLayer.Waiting waiting;
        lineSink.connection = connection;
        try {
            waiting = layer.pump(fresh, connection.channel(), connection.outbound, tlsScratch, tlsPlaintext);
        } catch (javax.net.ssl.SSLException e) {
            LOG.info(() -> connection + " closed: TLS failed: " + LogText.quote(e.getMessage()));
            close(connection, CloseReason.TLS_ERROR);
            return;
        } catch (IOException e) {
            close(connection, CloseReason.IO_ERROR);
            return;
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
            return;
        } finally {
            lineSink.connection = null;
        }
        if (connection.state == Connection.State.CLOSING || connection.state == Connection.State.CLOSED) {
            return;
        }
        switch (waiting) {
            case WRITABLE -> writesSettled(connection, true);
            case NOTHING -> writesSettled(connection, false);
            case TASK -> runHandshakeTasks(connection);
            case PEER_CLOSED -> {
                if (connection.state == Connection.State.OPEN) {
                    inputEnded(connection);
                } else if (connection.outbound.isEmpty()) {
                    close(connection, connection.closeReason);
                }
            }
            case CLOSED -> close(connection, connection.closeReason != null ? connection.closeReason : CloseReason.EOF);
        }
    }

    /** Runs the engine's delegated tasks on the handshake threads; the connection reads nothing meanwhile. */
    private void runHandshakeTasks(Connection connection) {
        TlsLayer layer = connection.tls;
        if (layer.taskRunning()) {
            return;
        }
        layer.taskStarted();
        updateReadInterest(connection);
        try {
            handshakeTasks.execute(() -> {
                Runnable task;
                while ((task = layer.takeTask()) != null) {
                    task.run();
                }
                execute(() -> {
                    layer.taskDone();
                    updateReadInterest(connection);
                    if (connection.isWritable()) {
                        pumpTls(connection, NO_BYTES);
                    }
                });
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            close(connection, CloseReason.SERVER_SHUTDOWN);
        }
    }

    // ---- timeouts --------------------------------------------------------------------------------------------------

    /** Checks every connection against the timeouts, then comes back in a while. One pass costs O(connections). */
    private void sweepTimeouts() {
        long now = System.nanoTime();
        long firstLine = TimeUnit.MILLISECONDS.toNanos(limits.firstLineTimeoutMillis());
        long idle = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis());
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection && connection.state == Connection.State.OPEN) {
                boolean handshaking = !connection.opened
                        || connection.tls != null && !connection.tls.handshakeDone();
                long unfinished = connection.unfinishedLineSinceNanos;
                CloseReason reason = handshaking && now - connection.openedNanos > firstLine
                        || unfinished != 0 && now - unfinished > firstLine
                        ? CloseReason.LINE_TIMEOUT
                        : now - connection.lastInputNanos > idle ? CloseReason.IDLE_TIMEOUT : null;
                if (reason != null && handshaking) {
                    close(connection, reason); // nothing readable can be said to it
                } else if (reason != null) {
                    try {
                        handler.timedOut(connection, reason);
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "timing out " + connection + " failed", e);
                    }
                    connection.closeAfterFlush(reason);
                }
            }
        }
        long period = Math.max(50, Math.min(1_000,
                Math.min(limits.firstLineTimeoutMillis(), limits.idleTimeoutMillis()) / 4));
        schedule(period, this::sweepTimeouts);
    }

    // ---- closing ---------------------------------------------------------------------------------------------------

    void slowConsumer(Connection connection) {
        LOG.warning(() -> connection + " closed: " + CloseReason.SLOW_CONSUMER.description() + " ("
                + connection.outbound.queuedBytes() + " bytes unsent, limit " + limits.maxOutboundBytes() + ")");
        close(connection, CloseReason.SLOW_CONSUMER);
    }

    /**
     * The peer will send no more. The layer above answers what it was sent (lines may still wait for earlier
     * requests) and closes when done; a connection the layer never heard of just closes.
     */
    private void inputEnded(Connection connection) {
        if (connection.inputEnded) {
            return;
        }
        connection.inputEnded = true;
        updateReadInterest(connection);
        if (!connection.opened) {
            connection.closeAfterFlush(CloseReason.EOF);
            return;
        }
        try {
            handler.inputEnded(connection);
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
        }
    }

    /**
     * Reads only what can be taken: not while the layer above has paused the connection (back-pressure), a TLS
     * handshake task runs, the peer has ended its input, or the connection is on its way out.
     */
    void updateReadInterest(Connection connection) {
        SelectionKey key = connection.key;
        if (key == null || !key.isValid()) {
            return;
        }
        boolean read = connection.state == Connection.State.OPEN && !connection.readPaused && !connection.inputEnded
                && (connection.tls == null || !connection.tls.taskRunning());
        int ops = key.interestOps();
        int wanted = read ? ops | SelectionKey.OP_READ : ops & ~SelectionKey.OP_READ;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    void drain(Connection connection) {
        updateReadInterest(connection);
        scheduleFlush(connection);
        schedule(DRAIN_TIMEOUT_MILLIS, () -> close(connection, connection.closeReason));
    }

    void close(Connection connection, CloseReason reason) {
        if (connection.state == Connection.State.CLOSING || connection.state == Connection.State.CLOSED) {
            return;
        }
        connection.state = Connection.State.CLOSING;
        connection.closeReason = reason;
        closeQueue.add(connection);
    }

    private void finishClose(Connection connection) {
        connection.state = Connection.State.CLOSED;
        lineBudget.forget(connection);
        connection.decoder.release();
        connection.key.cancel();
        if (connection.tls != null) {
            connection.tls.sayGoodbye(connection.channel());
        }
        try {
            connection.channel().close();
        } catch (IOException e) {
            // already gone
        }
        connectionCount--;
        if (connection.remoteAddress() instanceof InetSocketAddress inet) {
            perAddress.computeIfPresent(inet.getAddress(), (address, count) -> count > 1 ? count - 1 : null);
        }
        if (!connection.opened) {
            return;
        }
        try {
            handler.closed(connection, connection.closeReason);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "closing " + connection + " failed", e);
        }
    }

    /** Past the budget of unfinished lines: the connections whose line waited longest are told and closed. */
    private void shedUnfinishedLines() {
        List<Connection> holders = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection && connection.lineBytesCounted > 0) {
                holders.add(connection);
            }
        }
        List<Connection> shed = lineBudget.toShed(holders);
        LOG.warning(() -> "unfinished lines hold " + lineBudget.heldBytes() + " bytes, over the budget of "
                + limits.lineBufferBytes() + "; closing the " + shed.size() + " connections whose lines waited longest");
        for (Connection connection : shed) {
            connection.decoder.discardPartial();
            lineBudget.forget(connection);
            if (connection.opened && connection.state == Connection.State.OPEN) {
                try {
                    handler.timedOut(connection, CloseReason.LINE_BUFFER);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "telling " + connection + " failed", e);
                }
                connection.closeAfterFlush(CloseReason.LINE_BUFFER);
            } else {
                close(connection, CloseReason.LINE_BUFFER);
            }
        }
    }

    private void handlerFailed(Connection connection, RuntimeException e) {
        LOG.log(Level.SEVERE, connection + " closed: handler failed", e);
        close(connection, CloseReason.INTERNAL_ERROR);
    }

    private void beginShutdown(long graceMillis) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        shutdownDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        try {
            serverChannel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the listening socket failed", e);
        }
        for (Connection connection : openConnections()) {
            if (!connection.opened) {
                close(connection, CloseReason.SERVER_SHUTDOWN);
                continue;
            }
            try {
                handler.shuttingDown(connection);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "saying goodbye to " + connection + " failed", e);
            }
            connection.closeAfterFlush(CloseReason.SERVER_SHUTDOWN);
        }
    }

    private List<Connection> openConnections() {
        List<Connection> open = new ArrayList<>(connectionCount);
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection connection && connection.isWritable()) {
                open.add(connection);
            }
        }
        return open;
    }

    private void closeEverything() {
        try {
            serverChannel.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (selector.isOpen()) {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection connection) {
                    close(connection, CloseReason.SERVER_SHUTDOWN);
                }
            }
            Connection connection;
            while ((connection = closeQueue.poll()) != null) {
                finishClose(connection);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (handshakeTasks != null) {
            handshakeTasks.shutdownNow();
        }
    }

    /** A task scheduled on the loop; cancel it to keep it from running. */
    public static final class Timer implements Comparable<Timer> {
        private final long deadlineNanos;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long deadlineNanos, long sequence, Runnable task) {
            this.deadlineNanos = deadlineNanos;
            this.sequence = sequence;
            this.task = task;
        }

        /** Keeps the task from running if it has not run yet. Loop thread only. */
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadlineNanos - other.deadlineNanos, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }
}
