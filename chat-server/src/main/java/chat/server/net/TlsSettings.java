package chat.server.net;

import javax.net.ssl.SSLContext;

/**
 * TLS on the listening port, beside plain text.
 *
 * @param context the server's certificate and key
 * @param detectMillis how long a silent new connection is given to start a TLS handshake before it is taken
 *     for plain text and greeted (clients that speak first are told apart by their first byte at once)
 * @param requiredForRemote whether plain text from a non-loopback address is refused
 * @param handshakeThreads threads that run the handshakes' crypto, off the loop
 */
public record TlsSettings(SSLContext context, long detectMillis, boolean requiredForRemote, int handshakeThreads) {
}
