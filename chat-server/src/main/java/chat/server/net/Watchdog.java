package chat.server.net;

import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What holds the server's time or memory without doing anything: connections whose handshake or started line does
 * not finish in time (slowloris), connections idle too long, and, past the budget of unfinished lines for all
 * connections together ({@link LineBudget}), those whose line has waited longest. Each is told why and closed.
 * Loop thread only.
 */
final class Watchdog {

    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());

    private final EventLoop loop;
    private final ConnectionLimits limits;
    private final ConnectionHandler handler;
    private final LineBudget lineBudget;

    Watchdog(EventLoop loop, ConnectionLimits limits, ConnectionHandler handler) {
        this.loop = loop;
        this.limits = limits;
        this.handler = handler;
        this.lineBudget = new LineBudget(limits.lineBufferBytes());
    }

    /** Notes what a connection's unfinished line holds after a read; sheds the oldest past the budget. */
    void afterRead(Connection connection) {
        if (lineBudget.update(connection, System.nanoTime())) {
            shedUnfinishedLines();
        }
    }

    /** Stops counting a connection that closed. */
    void closed(Connection connection) {
        lineBudget.forget(connection);
    }

    /** Notes when a line started and has not ended, for the line timeout. */
    static void trackUnfinishedLine(Connection connection) {
        if (connection.decoder.bufferedBytes() == 0 && !connection.decoder.isDiscarding()) {
            connection.unfinishedLineSinceNanos = 0;
        } else if (connection.unfinishedLineSinceNanos == 0) {
            connection.unfinishedLineSinceNanos = connection.lastInputNanos;
        }
    }

    /** Checks every connection against the timeouts, then comes back in a while. One pass costs O(connections). */
    void sweepTimeouts() {
        long now = System.nanoTime();
        long firstLine = TimeUnit.MILLISECONDS.toNanos(limits.firstLineTimeoutMillis());
        long idle = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis());
        for (SelectionKey key : loop.selectorKeys()) {
            if (key.attachment() instanceof Connection connection && connection.state == Connection.State.OPEN) {
                boolean handshaking = !connection.opened
                        || connection.tls != null && !connection.tls.handshakeDone();
                long unfinished = connection.unfinishedLineSinceNanos;
                CloseReason reason = handshaking && now - connection.openedNanos > firstLine
                        || unfinished != 0 && now - unfinished > firstLine
                        ? CloseReason.LINE_TIMEOUT
                        : now - connection.lastInputNanos > idle ? CloseReason.IDLE_TIMEOUT : null;
                if (reason != null && handshaking) {
                    loop.close(connection, reason); // nothing readable can be said to it
                } else if (reason != null) {
                    tellAndClose(connection, reason);
                }
            }
        }
        long period = Math.max(50, Math.min(1_000,
                Math.min(limits.firstLineTimeoutMillis(), limits.idleTimeoutMillis()) / 4));
        loop.schedule(period, this::sweepTimeouts);
    }

    /** Past the budget of unfinished lines: the connections whose line waited longest are told and closed. */
    private void shedUnfinishedLines() {
        List<Connection> holders = new ArrayList<>();
        for (SelectionKey key : loop.selectorKeys()) {
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
                tellAndClose(connection, CloseReason.LINE_BUFFER);
            } else {
                loop.close(connection, CloseReason.LINE_BUFFER);
            }
        }
    }

    private void tellAndClose(Connection connection, CloseReason reason) {
        try {
            handler.timedOut(connection, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "telling " + connection + " why it is closed failed", e);
        }
        connection.closeAfterFlush(reason);
    }
}
