package chat.server.session;

import chat.server.chat.Chatter;
import chat.server.net.Connection;

/** Who is on a connection, for those outside the session layer that act on connections (the operator's commands). */
public final class AttachedChatter {

    private AttachedChatter() {
    }

    /** The chatter of {@code connection}, or null before the session layer has taken it (a TLS handshake). */
    public static Chatter of(Connection connection) {
        return connection.attachment() instanceof Session session ? session.chatter() : null;
    }
}
