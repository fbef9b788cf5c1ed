package chat.server.net;

import chat.server.log.LogText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * TLS and plain text on one port: tells them apart by a connection's first byte (a TLS handshake record, or
 * anything else), greets a silent connection in plain text once the detection window has passed (a TLS client that
 * is merely slow may still start its handshake afterwards), and moves TLS connections' bytes through their
 * {@link TlsLayer}, with the handshakes' crypto on threads of their own. Loop thread only.
 */
final class TlsDoor {

    private static final Logger LOG = Logger.getLogger(TlsDoor.class.getName());
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);
    private static final byte[] TLS_REQUIRED_LINE =
            "! tls_required: this server only accepts TLS from other machines; use chat-tui connect --tls\n"
                    .getBytes(StandardCharsets.UTF_8);
    private static final byte[] TLS_UNAVAILABLE_LINE =
            "! tls_unavailable: this server speaks plain text only; connect without TLS\n"
                    .getBytes(StandardCharsets.UTF_8);

    private final EventLoop loop;
    /** TLS settings, or null when the server speaks plain text only. */
    private final TlsSettings tls;
    private final Inbound.LineSink lineSink;
    private final ExecutorService handshakeTasks;
    private final TlsLayer.Scratch scratch;
    private final TlsLayer.Plaintext plaintext;

    TlsDoor(EventLoop loop, TlsSettings tls, Inbound.LineSink lineSink) {
        this.loop = loop;
        this.tls = tls;
        this.lineSink = lineSink;
        this.scratch = tls == null ? null : new TlsLayer.Scratch();
        this.plaintext = bytes -> lineSink.connection.decoder.decode(bytes, lineSink);
        this.handshakeTasks = tls == null ? null : Executors.newFixedThreadPool(tls.handshakeThreads(), runnable -> {
            Thread thread = new Thread(runnable, "chat-tls-handshake");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A new connection: plain text at once when there is no TLS, else it waits for its first byte for a while. */
    void accepted(Connection connection, long firstLineTimeoutMillis) {
        if (tls == null) {
            connection.transport = Connection.Transport.PLAIN;
            loop.open(connection);
            return;
        }
        loop.schedule(tls.detectMillis(), () -> {
            if (connection.transport == Connection.Transport.UNDECIDED && connection.state == Connection.State.OPEN
                    && !connection.sawBytes) {
                connection.silentAtOpen = true;
                if (!becomePlain(connection)) {
                    // Refused plain text, told so; a TLS client that is merely slow may still start its handshake.
                    loop.schedule(firstLineTimeoutMillis, () -> {
                        if (connection.transport == Connection.Transport.UNDECIDED
                                && connection.state == Connection.State.OPEN) {
                            connection.closeAfterFlush(CloseReason.TLS_REQUIRED);
                        }
                    });
                }
            }
        });
    }

    /**
     * The connection's first bytes arrived in {@code buffer} (flipped): they decide its transport.
     *
     * @return false when the connection is being closed and the bytes are to be dropped
     */
    boolean firstBytes(Connection connection, ByteBuffer buffer) {
        boolean handshake = buffer.get(0) == TLS_HANDSHAKE_RECORD;
        if (connection.transport == Connection.Transport.UNDECIDED) {
            if (handshake) {
                becomeTls(connection);
            } else if (!becomePlain(connection)) {
                connection.closeAfterFlush(CloseReason.TLS_REQUIRED);
                return false;
            }
        } else if (handshake && tls != null && connection.transport == Connection.Transport.PLAIN) {
            becomeTls(connection); // greeted as plain text while its ClientHello was on the way
        } else if (handshake && tls == null) {
            LOG.info(() -> connection + " closed: it started a TLS handshake, but TLS is not enabled"
                    + " (see --tls-keystore)");
            // Said in plain text, so that a TLS client can tell the server speaks plain text, not that it failed.
            connection.send(TLS_UNAVAILABLE_LINE);
            connection.closeAfterFlush(CloseReason.TLS_UNAVAILABLE);
            return false;
        }
        return true;
    }

    /**
     * Takes an undecided connection for plain text and greets it. Where plain text is refused to it, it is told so
     * once and stays undecided (its first byte still decides). A connection taken for plain text before it said
     * anything may still start TLS: see {@link #firstBytes}.
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
        loop.open(connection);
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
            loop.open(connection); // the greeting waits in the queue until the handshake is done
            return;
        }
        LOG.fine(() -> connection + " started TLS after its plain-text greeting (a slow TLS client)");
        loop.secured(connection);
    }

    /** Moves bytes read ({@code fresh}) in, and queued output out, as far as they go: see {@link TlsLayer#pump}. */
    void pump(Connection connection, ByteBuffer fresh) {
        TlsLayer layer = connection.tls;
        TlsLayer.Waiting waiting;
        lineSink.connection = connection;
        try {
            waiting = layer.pump(fresh, connection.channel(), connection.outbound, scratch, plaintext);
        } catch (SSLException e) {
            LOG.info(() -> connection + " closed: TLS failed: " + LogText.quote(e.getMessage()));
            loop.close(connection, CloseReason.TLS_ERROR);
            return;
        } catch (IOException e) {
            loop.close(connection, CloseReason.IO_ERROR);
            return;
        } catch (RuntimeException e) {
            loop.handlerFailed(connection, e);
            return;
        } finally {
            lineSink.connection = null;
        }
        if (connection.state == Connection.State.CLOSING || connection.state == Connection.State.CLOSED) {
            return;
        }
        switch (waiting) {
            case WRITABLE -> loop.writesSettled(connection, true);
            case NOTHING -> loop.writesSettled(connection, false);
            case TASK -> runHandshakeTasks(connection);
            case PEER_CLOSED -> {
                if (connection.state == Connection.State.OPEN) {
                    loop.inputEnded(connection);
                } else if (connection.outbound.isEmpty()) {
                    loop.close(connection, connection.closeReason);
                }
            }
            case CLOSED -> loop.close(connection,
                    connection.closeReason != null ? connection.closeReason : CloseReason.EOF);
        }
    }

    /** Writes what is queued for a TLS connection. */
    void flush(Connection connection) {
        pump(connection, NO_BYTES);
    }

    /** Runs the engine's delegated tasks on the handshake threads; the connection reads nothing meanwhile. */
    private void runHandshakeTasks(Connection connection) {
        TlsLayer layer = connection.tls;
        if (layer.taskRunning()) {
            return;
        }
        layer.taskStarted();
        loop.updateReadInterest(connection);
        try {
            handshakeTasks.execute(() -> {
                Runnable task;
                while ((task = layer.takeTask()) != null) {
                    task.run();
                }
                loop.execute(() -> {
                    layer.taskDone();
                    loop.updateReadInterest(connection);
                    if (connection.isWritable()) {
                        pump(connection, NO_BYTES);
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            loop.close(connection, CloseReason.SERVER_SHUTDOWN);
        }
    }

    /** Stops the handshake threads. */
    void close() {
        if (handshakeTasks != null) {
            handshakeTasks.shutdownNow();
        }
    }
}
