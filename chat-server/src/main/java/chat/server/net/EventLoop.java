package chat.server.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's one network thread: a {@link Selector} that accepts, reads and writes every connection, and runs
 * all chat logic through the {@link ConnectionHandler}, so chat state needs no locks.
 *
 * <p>One turn of the loop: run tasks handed in by other threads ({@link #execute}), run due timers, close the
 * connections marked for closing and write pending output (replies are written here, directly, before waiting;
 * OP_WRITE is registered only for a connection whose bytes did not all fit), then wait in {@code select} until a
 * socket is ready, a task arrives ({@code selector.wakeup()}) or the next timer is due.
 *
 * <p>Nothing here blocks: slow work (bcrypt, SQLite) runs elsewhere and comes back as a task. Its parts: the
 * {@link Acceptor} lets connections in, {@link TlsDoor} tells TLS from plain text and moves TLS bytes,
 * {@link Inbound} turns bytes into lines, {@link Watchdog} closes what stalls, {@link LoopTimers} keeps the timers;
 * writing and closing are here.
 */
public final class EventLoop implements Executor {

    private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());
    private static final int WRITE_STAGING_BYTES = 128 * 1024;
    private static final long DRAIN_TIMEOUT_MILLIS = 5_000;

    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final ConnectionHandler handler;
    private final ConnectionLimits limits;
    private final TlsDoor tlsDoor;
    private final Acceptor acceptor;
    private final Watchdog watchdog;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final LoopTimers timers = new LoopTimers();
    private final ArrayDeque<Connection> flushQueue = new ArrayDeque<>();
    private final ArrayDeque<Connection> closeQueue = new ArrayDeque<>();
    /** Output is copied here to be written: one plain write per socket, whatever is queued (OutboundQueue). */
    private final ByteBuffer writeStaging = ByteBuffer.allocateDirect(WRITE_STAGING_BYTES);
    private final java.util.function.Consumer<SelectionKey> readyHandler = this::handleReady;
    private final Inbound inbound;
    private final LineBufferPool lineBuffers;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final InetSocketAddress localAddress;
    private volatile Thread thread;
    private int connectionCount;
    private boolean shuttingDown;
    private long shutdownDeadlineNanos;
    private boolean running = true;

    /**
     * Opens the listening socket. Binding happens here so that a port already in use fails before anything starts.
     *
     * @throws IOException when the address cannot be bound
     */
    public EventLoop(InetSocketAddress bindAddress, ConnectionLimits limits, TlsSettings tls, ConnectionHandler handler)
            throws IOException {
        this.limits = limits;
        this.lineBuffers = new LineBufferPool(limits.lineBufferBytes() / 4);
        this.handler = handler;
        Inbound.LineSink lineSink = new Inbound.LineSink(handler);
        this.tlsDoor = new TlsDoor(this, tls, lineSink);
        this.inbound = new Inbound(this, lineSink, tlsDoor);
        this.watchdog = new Watchdog(this, limits, handler);
        this.selector = Selector.open();
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(bindAddress, 1024);
            serverChannel.configureBlocking(false);
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
            this.localAddress = (InetSocketAddress) serverChannel.getLocalAddress();
            this.acceptor = new Acceptor(this, serverChannel, selector, limits, lineBuffers);
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
        execute(watchdog::sweepTimeouts);
        Thread t = new Thread(this::run, name);
        thread = t;
        t.start();
    }

    /** Runs the loop on the calling thread until it has shut down. */
    public void run() {
        if (thread == null) {
            execute(watchdog::sweepTimeouts);
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
    public LoopTimers.Timer schedule(long delayMillis, Runnable task) {
        return timers.schedule(delayMillis, task);
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
        acceptor.filter(filter);
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
        timers.runDue();
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
        long deadline = timers.nextDeadlineNanos();
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

    private void handleReady(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                acceptor.acceptAll();
                return;
            }
            Connection connection = (Connection) key.attachment();
            if (key.isWritable()) {
                flush(connection);
            }
            if (key.isValid() && key.isReadable()) {
                inbound.read(connection);
                watchdog.afterRead(connection);
            }
        } catch (CancelledKeyException e) {
            // closed while handling; nothing left to do
        }
    }

    // ---- accept, read, write ---------------------------------------------------------------------------------------

    /** A connection the acceptor let in: counted, then its transport is decided. */
    void accepted(Connection connection) {
        connectionCount++;
        tlsDoor.accepted(connection, limits.firstLineTimeoutMillis());
    }

    /** The connection's transport is settled (or its TLS handshake under way): the handler hears of it. */
    void open(Connection connection) {
        connection.opened = true;
        try {
            handler.opened(connection);
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
        }
    }

    /** A connection greeted in plain text started TLS late: the handler hears of it. */
    void secured(Connection connection) {
        try {
            handler.secured(connection);
        } catch (RuntimeException e) {
            handlerFailed(connection, e);
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
            tlsDoor.flush(connection);
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
    void writesSettled(Connection connection, boolean socketFull) {
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
    void inputEnded(Connection connection) {
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
        watchdog.closed(connection);
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
        acceptor.closed(connection);
        if (!connection.opened) {
            return;
        }
        try {
            handler.closed(connection, connection.closeReason);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "closing " + connection + " failed", e);
        }
    }

    void handlerFailed(Connection connection, RuntimeException e) {
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
        tlsDoor.close();
    }

    /** Every key of the selector, the listening socket's too. Loop thread only. */
    java.util.Set<SelectionKey> selectorKeys() {
        return selector.keys();
    }
}
