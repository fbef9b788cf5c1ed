package chat.server.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The memory that all connections' unfinished lines hold, against one budget. A line that has not ended yet is kept
 * by its connection's decoder, up to the line limit; thousands of connections each holding most of a line add up to
 * gigabytes although each is within its limit. Past the budget, the connections whose unfinished line has waited
 * longest for its end are told and closed, until a quarter of the budget is free again: a line that stays unfinished
 * is what a slow sender holds on purpose, while a real client's long line (an upload chunk) arrives within
 * milliseconds. Loop thread only.
 */
final class LineBudget {

    private final long budgetBytes;
    private long heldBytes;

    LineBudget(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** Counts what {@code connection}'s decoder holds now, after it decoded; true when all together pass the budget. */
    boolean update(Connection connection, long nowNanos) {
        int held = connection.decoder.heldBytes();
        heldBytes += held - connection.lineBytesCounted;
        connection.lineBytesCounted = held;
        long begun = connection.decoder.linesBegun();
        if (held == 0) {
            connection.lineSinceNanos = 0;
        } else if (connection.lineSinceNanos == 0 || begun != connection.linesBegunSeen) {
            connection.lineSinceNanos = nowNanos; // a new unfinished line
        }
        connection.linesBegunSeen = begun;
        return heldBytes > budgetBytes;
    }

    /** Stops counting a connection (it closed, or its line was discarded). */
    void forget(Connection connection) {
        heldBytes -= connection.lineBytesCounted;
        connection.lineBytesCounted = 0;
        connection.lineSinceNanos = 0;
    }

    /**
     * Of {@code holders}, the connections to cut so that three quarters of the budget is held at most: those whose
     * unfinished line is oldest first.
     */
    List<Connection> toShed(List<Connection> holders) {
        List<Connection> byAge = new ArrayList<>(holders);
        byAge.sort(Comparator.comparingLong((Connection c) -> c.lineSinceNanos));
        List<Connection> shed = new ArrayList<>();
        long left = heldBytes;
        for (Connection connection : byAge) {
            if (left <= budgetBytes / 4 * 3) {
                break;
            }
            shed.add(connection);
            left -= connection.lineBytesCounted;
        }
        return shed;
    }

    /** Bytes held for unfinished lines now. */
    long heldBytes() {
        return heldBytes;
    }
}
