package chat.server.net;

import chat.core.wire.LineDecoder.LineError;

/**
 * What the event loop tells the layer above it about a connection. Every method runs on the loop thread and must
 * not block; replies are handed to {@link Connection#send}. An exception thrown here closes only that connection.
 */
public interface ConnectionHandler {

    /** A connection was accepted; the place to greet it. */
    void opened(Connection connection);

    /**
     * A connection greeted in plain text (it said nothing within the TLS detection window) started TLS after all:
     * the same connection, its session unchanged, now inside TLS; the place to greet it again there.
     */
    default void secured(Connection connection) {
    }

    /** A complete line arrived. */
    void line(Connection connection, String line);

    /** A line was rejected by the framing (too long, invalid UTF-8); the connection goes on. */
    void lineError(Connection connection, LineError error);

    /**
     * The peer ended its input (closed its side). The handler answers what it was sent, then closes the connection
     * with {@link Connection#closeAfterFlush}.
     */
    void inputEnded(Connection connection);

    /**
     * The loop is closing the connection for a reason of its own: a timeout ({@link CloseReason#IDLE_TIMEOUT},
     * {@link CloseReason#LINE_TIMEOUT}) or the budget of unfinished lines ({@link CloseReason#LINE_BUFFER}); the
     * place to say why. The connection closes once its output is flushed.
     */
    void timedOut(Connection connection, CloseReason reason);

    /** The server is shutting down; the place to say goodbye. The connection closes once its output is flushed. */
    void shuttingDown(Connection connection);

    /** The connection is closed; nothing can be sent to it anymore. Called exactly once per opened connection. */
    void closed(Connection connection, CloseReason reason);
}
