package chat.server.net;

import java.net.InetAddress;

/**
 * Decides, as a connection is accepted, whether its address may connect at all (the operator's address bans). Runs
 * on the loop thread for every accepted connection, so it must answer from memory.
 */
@FunctionalInterface
public interface ConnectFilter {

    /** The line to send before closing the connection, ending in a newline; null to let it in. */
    byte[] refusal(InetAddress address);
}
