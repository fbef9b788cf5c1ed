package chat.server.net;

/**
 * Limits applied to every connection.
 *
 * @param lineBufferBytes bytes of unfinished lines held for all connections together ({@link LineBudget})
 */
public record ConnectionLimits(int maxLineBytes, long maxOutboundBytes, int maxConnections,
        int maxConnectionsPerAddress, double connectsPerSecondPerAddress, long idleTimeoutMillis, long firstLineTimeoutMillis,
        long lineBufferBytes) {
}
