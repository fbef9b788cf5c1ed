package chat.server.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The TLS state of one connection: its {@link SSLEngine} and the encrypted bytes that are in flight. Loop thread
 * only; the engine's delegated tasks (the handshake's crypto) are the one exception, run by the loop elsewhere while
 * this connection neither reads nor writes.
 *
 * <p>{@link #pump} is the whole state machine: it is called whenever encrypted bytes arrive, plaintext is queued,
 * the socket becomes writable or a delegated task finishes, and it does whatever the engine asks for (unwrap, wrap,
 * run a task) until nothing can move. Plaintext that comes out goes to a {@link Plaintext} sink; plaintext to send
 * is taken from the connection's {@link OutboundQueue}, so the outbound limit counts plaintext exactly as for a
 * plain connection. Buffers are held only while they hold bytes: an idle TLS connection keeps its engine and nothing
 * else.
 */
final class TlsLayer {

    /** Receives decrypted bytes; the buffer is valid only during the call. */
    interface Plaintext {
        void received(ByteBuffer bytes);
    }

    /** What {@link #pump} left the connection waiting for. */
    enum Waiting {
        /** More encrypted input, or more plaintext to send: nothing to do until then. */
        NOTHING,
        /** The socket to take more bytes (register OP_WRITE). */
        WRITABLE,
        /** A delegated task: run {@link #takeTask()}s elsewhere, then pump again. */
        TASK,
        /** The peer sent close_notify: no more input will come. */
        PEER_CLOSED,
        /** Our close_notify is written: the socket can be closed. */
        CLOSED
    }

    /**
     * Buffers one loop shares among all its TLS connections, used only during a {@link #pump}: what a connection
     * must keep afterwards is copied into its own buffers.
     */
    static final class Scratch {
        /** Sized well above a TLS record (16 KiB plus overhead) so that one record always fits. */
        private static final int RECORD_ROOM = 34 * 1024;
        final ByteBuffer plaintext = ByteBuffer.allocate(RECORD_ROOM);
        final ByteBuffer encrypted = ByteBuffer.allocateDirect(RECORD_ROOM);
        final ByteBuffer[] gather = OutboundQueue.newScratch();
    }

    /** Encrypted input kept between reads: a partial record, or what arrived while a task ran. */
    private static final int MAX_PENDING_INPUT = 256 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final ByteBuffer[] EMPTY_SOURCES = {EMPTY};

    private final SSLEngine engine;
    /** Encrypted bytes read but not yet unwrapped, in write mode; null when there are none. */
    private ByteBuffer netIn;
    /** Encrypted bytes wrapped but not yet written, in read mode; null when there are none. */
    private ByteBuffer netOut;
    private boolean taskRunning;
    private boolean handshakeDone;

    TlsLayer(SSLEngine engine) {
        this.engine = engine;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    /** Whether a delegated task is running: the connection must not read until it is done. */
    boolean taskRunning() {
        return taskRunning;
    }

    /** The next delegated task, or null; the caller runs them all off the loop, then calls {@link #taskDone()}. */
    Runnable takeTask() {
        return engine.getDelegatedTask();
    }

    void taskStarted() {
        taskRunning = true;
    }

    void taskDone() {
        taskRunning = false;
    }

    /** The peer ended its side without close_notify (a TCP FIN): a truncation, which TLS 1.3 tolerates on close. */
    void inputEnded() {
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            // no close_notify came first; the connection closes anyway
        }
    }

    /** Starts our side of the close: the next {@link #pump} wraps close_notify after the queued plaintext. */
    void closeOutbound() {
        engine.closeOutbound();
    }

    /**
     * Feeds {@code fresh} encrypted bytes (they are copied if not all can be used now), then does all the work the
     * engine asks for.
     *
     * @param outbound the plaintext queued for this connection; wrapped when the handshake allows
     * @throws IOException when TLS fails (a bad record, a failed handshake) or the socket does
     */
    Waiting pump(ByteBuffer fresh, SocketChannel channel, OutboundQueue outbound, Scratch scratch, Plaintext sink)
            throws IOException {
        ByteBuffer appBuffer = scratch.plaintext;
        ByteBuffer in = input(fresh);
        try {
            while (true) {
                if (netOut != null && !writePending(channel)) {
                    return Waiting.WRITABLE;
                }
                if (taskRunning) {
                    return Waiting.TASK;
                }
                if (engine.isOutboundDone()) {
                    return Waiting.CLOSED;
                }
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    case NEED_TASK:
                        return Waiting.TASK;
                    case NEED_WRAP:
                        wrap(EMPTY_SOURCES, 0, outbound, channel, scratch.encrypted);
                        continue;
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN:
                        if (engine.isInboundDone()) {
                            return Waiting.PEER_CLOSED;
                        }
                        if (!unwrap(in, appBuffer, sink)) {
                            return Waiting.NOTHING;
                        }
                        continue;
                    default:
                        break;
                }
                // Not handshaking: application data both ways (after the peer's close_notify, only ours).
                if (in.hasRemaining() && !engine.isInboundDone() && unwrap(in, appBuffer, sink)) {
                    continue;
                }
                if (!outbound.isEmpty()) {
                    wrap(scratch.gather, outbound.gather(scratch.gather), outbound, channel, scratch.encrypted);
                    continue;
                }
                return engine.isInboundDone() ? Waiting.PEER_CLOSED : Waiting.NOTHING;
            }
        } finally {
            keepInput(in);
        }
    }

    /** The bytes to unwrap: what was kept from before, followed by {@code fresh}. */
    private ByteBuffer input(ByteBuffer fresh) throws SSLException {
        if (netIn == null) {
            return fresh;
        }
        if (fresh.hasRemaining()) {
            if (netIn.remaining() < fresh.remaining()) {
                int needed = netIn.position() + fresh.remaining();
                if (needed > MAX_PENDING_INPUT) {
                    throw new SSLException("too much encrypted input before the handshake finished");
                }
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, netIn.capacity() * 2));
                netIn.flip();
                bigger.put(netIn);
                netIn = bigger;
            }
            netIn.put(fresh);
        }
        netIn.flip();
        return netIn;
    }

    /** Keeps what is left of {@code in} for the next pump: the caller's buffer is reused for other connections. */
    private void keepInput(ByteBuffer in) {
        if (in == netIn) {
            if (in.hasRemaining()) {
                in.compact();
            } else {
                netIn = null;
            }
        } else if (in.hasRemaining()) {
            netIn = ByteBuffer.allocate(Math.max(in.remaining(), engine.getSession().getPacketBufferSize()));
            netIn.put(in);
        }
    }

    /** @return whether the engine made progress (consumed or produced bytes) */
    private boolean unwrap(ByteBuffer in, ByteBuffer appBuffer, Plaintext sink) throws SSLException {
        appBuffer.clear();
        SSLEngineResult result = engine.unwrap(in, appBuffer);
        noteHandshake(result);
        if (appBuffer.position() > 0) {
            appBuffer.flip();
            sink.received(appBuffer);
        }
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW:
                return false; // a partial record: wait for the rest
            case BUFFER_OVERFLOW:
                throw new SSLException("a TLS record larger than the application buffer");
            default:
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0
                        || result.getStatus() == SSLEngineResult.Status.CLOSED;
        }
    }

    /**
     * Wraps one record into the loop's shared buffer and writes it; what the socket does not take is copied into
     * this connection's own buffer.
     */
    private void wrap(ByteBuffer[] sources, int count, OutboundQueue outbound, SocketChannel channel, ByteBuffer out)
            throws IOException {
        out.clear();
        SSLEngineResult result = engine.wrap(sources, 0, Math.max(count, 1), out);
        noteHandshake(result);
        if (count > 0) {
            outbound.consumed(result.bytesConsumed(), sources, count);
        }
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            throw new SSLException("a TLS record larger than the packet buffer");
        }
        out.flip();
        if (out.hasRemaining()) {
            channel.write(out);
        }
        if (out.hasRemaining()) {
            netOut = ByteBuffer.allocate(out.remaining());
            netOut.put(out).flip();
        }
    }

    /** Writes the pending encrypted bytes. @return whether all of them were written */
    private boolean writePending(SocketChannel channel) throws IOException {
        channel.write(netOut);
        if (netOut.hasRemaining()) {
            return false;
        }
        netOut = null;
        return true;
    }

    private void noteHandshake(SSLEngineResult result) {
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
    }

    /**
     * Best effort on a socket about to be closed: wraps close_notify and writes it once, without waiting.
     */
    void sayGoodbye(SocketChannel channel) {
        try {
            engine.closeOutbound();
            if (netOut != null) {
                channel.write(netOut);
                if (netOut.hasRemaining()) {
                    return;
                }
            }
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(EMPTY, out);
            out.flip();
            channel.write(out);
        } catch (IOException | RuntimeException e) {
            // the socket closes anyway
        } finally {
            netOut = null;
            netIn = null;
        }
    }
}
