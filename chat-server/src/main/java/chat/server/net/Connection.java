package chat.server.net;

import chat.core.wire.LineDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection, owned by the {@link EventLoop} thread: every method must be called on that thread.
 *
 * <p>States, in order; a connection only moves forward:
 * <ol>
 *   <li><b>open</b>: lines are read and handed to the {@link ConnectionHandler}; output is queued with
 *       {@link #send} and written by the loop right before it next waits (OP_WRITE is registered only while bytes
 *       are left over). Reading pauses while the handler has enough input waiting ({@link #pauseReading}) and
 *       stops when the peer ends its input (the handler answers what it got, then closes).</li>
 *   <li><b>draining</b> ({@link #closeAfterFlush}): input is ignored, queued output is still written; the connection
 *       closes when the queue is empty or when the loop's drain timeout passes.</li>
 *   <li><b>closing</b> ({@link #close}): nothing more is read or written; the loop closes the socket and calls
 *       {@link ConnectionHandler#closed} after the current dispatch, never in the middle of it.</li>
 *   <li><b>closed</b>.</li>
 * </ol>
 * Limits: a line longer than the loop's maximum line length is rejected without growing memory, and output beyond
 * the outbound limit closes the connection as a {@linkplain CloseReason#SLOW_CONSUMER slow consumer}. Timeouts: a
 * connection that starts a line (or a TLS handshake) and does not finish it within the line timeout (slowloris), or
 * sends nothing for the idle timeout, is told and closed; one that only reads is subject to the idle timeout alone.
 */
public final class Connection {

    enum State { OPEN, DRAINING, CLOSING, CLOSED }

    /**
     * What the connection speaks underneath the lines. A server with TLS enabled does not know until the first byte
     * arrives (a TLS handshake starts with 0x16) or the detection window passes in silence (a person with netcat,
     * waiting for the greeting). A silent connection taken for plain text may still turn to TLS when its first byte
     * starts a handshake after all (a slow TLS client): the session it was greeted with goes on inside TLS.
     */
    enum Transport { UNDECIDED, PLAIN, TLS }

    private final EventLoop loop;
    private final long id;
    private final SocketChannel channel;
    private final SocketAddress remoteAddress;
    final LineDecoder decoder;
    final OutboundQueue outbound;
    SelectionKey key;
    State state = State.OPEN;
    CloseReason closeReason;
    boolean flushScheduled;
    /** When the connection was accepted, and when bytes last arrived (nanoTime). */
    final long openedNanos = System.nanoTime();
    private final long openedAtMillis = System.currentTimeMillis();
    long lastInputNanos = openedNanos;
    /** Whether a complete line (good or bad) has arrived yet. */
    boolean sawLine;
    /** Since when the decoder holds the start of a line that has not ended (nanoTime), or 0 when it holds none. */
    long unfinishedLineSinceNanos;
    /** Whether any byte has arrived yet. */
    boolean sawBytes;
    /** Whether a plain-text connection was told that it must speak TLS (it may still start a handshake). */
    boolean plainRefused;
    /** What {@link LineBudget} counts for this connection's unfinished line, and since when it waits (nanoTime). */
    int lineBytesCounted;
    long lineSinceNanos;
    long linesBegunSeen;
    Transport transport = Transport.UNDECIDED;
    /** The TLS state when {@link #transport} is TLS, else null. */
    TlsLayer tls;
    /** Whether the layer above asked the loop to stop reading (it has enough input waiting). */
    boolean readPaused;
    /** Whether the peer ended its input (EOF, or TLS close_notify). */
    boolean inputEnded;
    /** Whether the handler has heard {@link ConnectionHandler#opened} (it hears nothing before, nor after a refusal). */
    boolean opened;
    /** Whether the connection was taken for plain text after the TLS detection window passed in silence. */
    boolean silentAtOpen;
    private Object attachment;

    Connection(EventLoop loop, long id, SocketChannel channel, int maxLineBytes, long maxOutboundBytes,
            LineDecoder.Buffers lineBuffers) throws IOException {
        this.loop = loop;
        this.id = id;
        this.channel = channel;
        this.remoteAddress = channel.getRemoteAddress();
        this.decoder = new LineDecoder(maxLineBytes, lineBuffers);
        this.outbound = new OutboundQueue(maxOutboundBytes);
    }

    /** A number unique among this server's connections, for logs. */
    public long id() {
        return id;
    }

    /** The peer's address. */
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** Whether the peer connects from a loopback address. */
    public boolean isLoopback() {
        return remoteAddress instanceof InetSocketAddress inet && inet.getAddress().isLoopbackAddress();
    }

    /**
     * Whether the client has already been silent for the TLS detection window when it was opened: one that speaks
     * first (an IRC client) would have spoken by then, so a greeting need not wait any longer.
     */
    public boolean silentAtOpen() {
        return silentAtOpen;
    }

    /** Runs {@code task} on the loop after {@code delayMillis}; the returned timer calls it off. */
    public LoopTimers.Timer schedule(long delayMillis, Runnable task) {
        return loop.schedule(delayMillis, task);
    }

    /** When the connection was accepted, in epoch milliseconds. */
    public long openedAtMillis() {
        return openedAtMillis;
    }

    /** How long ago bytes last arrived (or the connection was accepted), in milliseconds. Loop thread only. */
    public long idleMillis() {
        return (System.nanoTime() - lastInputNanos) / 1_000_000;
    }

    /** Whether the connection is encrypted with TLS. */
    public boolean isSecure() {
        return transport == Transport.TLS;
    }

    /** Whether output is still accepted (the connection is neither closing nor closed). */
    public boolean isWritable() {
        return state == State.OPEN || state == State.DRAINING;
    }

    /** The object the layer above keeps for this connection (its session). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    /**
     * Queues bytes to be written. The buffer is read, never modified, and may share its array with other
     * connections. If the queue would pass its limit the connection is closed as a slow consumer.
     */
    public void send(ByteBuffer bytes) {
        if (!isWritable()) {
            return;
        }
        if (!outbound.add(bytes)) {
            loop.slowConsumer(this);
            return;
        }
        loop.scheduleFlush(this);
    }

    /** Queues the whole array; see {@link #send(ByteBuffer)}. */
    public void send(byte[] bytes) {
        send(ByteBuffer.wrap(bytes));
    }

    /**
     * Stops reading from the socket until {@link #resumeReading}: the layer above has enough input waiting. The
     * peer's further bytes wait in the kernel, and TCP slows the peer down.
     */
    public void pauseReading() {
        if (!readPaused) {
            readPaused = true;
            loop.updateReadInterest(this);
        }
    }

    /** Reads again after {@link #pauseReading}. */
    public void resumeReading() {
        if (readPaused) {
            readPaused = false;
            loop.updateReadInterest(this);
        }
    }

    /** Whether input is still taken: neither closing nor draining after a goodbye. */
    public boolean acceptsInput() {
        return state == State.OPEN;
    }

    /** Closes after everything queued so far is written (or the drain timeout passes); further input is ignored. */
    public void closeAfterFlush(CloseReason reason) {
        if (state != State.OPEN) {
            return;
        }
        state = State.DRAINING;
        closeReason = reason;
        loop.drain(this);
    }

    /** Closes without writing what is still queued. */
    public void close(CloseReason reason) {
        loop.close(this, reason);
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "connection " + id + " (" + remoteAddress + ")";
    }
}
