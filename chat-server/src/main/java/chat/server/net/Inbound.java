package chat.server.net;

import chat.core.wire.LineDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The way in: reads what a connection sent into one buffer reused for every read, lets its first bytes decide
 * between TLS and plain text ({@link TlsDoor}), and splits plain text into lines for the handler (TLS connections'
 * bytes are decrypted first). Loop thread only.
 */
final class Inbound {

    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final EventLoop loop;
    private final LineSink lineSink;
    private final TlsDoor tlsDoor;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** What a plain read brought, copied in one go: lines are found and decoded in a heap array, without a copy each. */
    private final ByteBuffer readCopy = ByteBuffer.allocate(READ_BUFFER_BYTES);

    Inbound(EventLoop loop, LineSink lineSink, TlsDoor tlsDoor) {
        this.loop = loop;
        this.lineSink = lineSink;
        this.tlsDoor = tlsDoor;
    }

    /** Reads what the connection has sent and hands its lines on; called when its socket is readable. */
    void read(Connection connection) {
        if (connection.state != Connection.State.OPEN) {
            return;
        }
        ByteBuffer buffer = readBuffer;
        buffer.clear();
        int count;
        try {
            count = connection.channel().read(buffer);
        } catch (IOException e) {
            loop.close(connection, CloseReason.IO_ERROR);
            return;
        }
        if (count < 0) {
            if (connection.tls != null) {
                connection.tls.inputEnded();
            }
            loop.inputEnded(connection);
            return;
        }
        connection.lastInputNanos = System.nanoTime();
        buffer.flip();
        if (!connection.sawBytes && count > 0) {
            connection.sawBytes = true;
            if (!tlsDoor.firstBytes(connection, buffer)) {
                return;
            }
        }
        if (connection.tls != null) {
            tlsDoor.pump(connection, buffer);
            Watchdog.trackUnfinishedLine(connection);
            return;
        }
        ByteBuffer copy = readCopy;
        copy.clear();
        copy.put(buffer).flip();
        lineSink.connection = connection;
        try {
            connection.decoder.decode(copy, lineSink);
        } catch (RuntimeException e) {
            loop.handlerFailed(connection, e);
        } finally {
            lineSink.connection = null;
        }
        Watchdog.trackUnfinishedLine(connection);
    }

    /** Hands decoded lines to the handler, and stops handing them once the connection is no longer open. */
    static final class LineSink implements LineDecoder.Sink {
        private final ConnectionHandler handler;
        /** The connection whose bytes are being decoded. */
        Connection connection;

        LineSink(ConnectionHandler handler) {
            this.handler = handler;
        }

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
}
