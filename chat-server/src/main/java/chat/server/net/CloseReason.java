package chat.server.net;

import java.util.Locale;

/** Why a connection ended. The wire name is what a {@code bye} frame and the server log say. */
public enum CloseReason {
    /** The client asked to leave ({@code /quit}). */
    QUIT("the client quit"),
    /** The client closed its side of the connection. */
    EOF("the client closed the connection"),
    /** Reading or writing failed (connection reset, broken pipe). */
    IO_ERROR("the connection failed"),
    /** The client stopped reading and its outbound queue passed the limit. */
    SLOW_CONSUMER("the client stopped reading and fell too far behind"),
    /** The server is shutting down. */
    SERVER_SHUTDOWN("the server is shutting down"),
    /** Nothing arrived from the client for the idle timeout (a ping every now and then keeps a connection). */
    IDLE_TIMEOUT("the connection was idle for too long"),
    /**
     * The client started a line, or a TLS handshake, and did not finish it in time (slowloris). A connection that
     * sends nothing at all is only subject to the idle timeout: a person on netcat may just be reading.
     */
    LINE_TIMEOUT("a line was started but not finished in time"),
    /** The server already holds its maximum number of connections. */
    SERVER_FULL("the server is full"),
    /** The server requires TLS from this address and the client spoke plain text. */
    TLS_REQUIRED("the server only accepts TLS connections from other machines"),
    /** A TLS connection failed: the handshake (e.g. the client refused the certificate) or a record was bad. */
    TLS_ERROR("the TLS handshake or a TLS record failed"),
    /** A TLS handshake arrived, but the server has no certificate to answer it with. */
    TLS_UNAVAILABLE("a TLS handshake arrived but TLS is not enabled on this server"),
    /** The account's password was changed from another connection. */
    PASSWORD_CHANGED("the password was changed on another device; log in again"),
    /** The account's password was reset with a recovery code. */
    PASSWORD_RESET("the password was reset; log in with the new one"),
    /** The account was logged out everywhere. */
    LOGGED_OUT("you were logged out on every device"),
    /** The account was deleted. */
    ACCOUNT_DELETED("the account was deleted"),
    /**
     * The server holds its budget of unfinished lines for all connections, and this connection's line had waited
     * longest for its end.
     */
    LINE_BUFFER("the server holds too many unfinished lines, and yours waited longest for its end"),
    /** The operator closed the connection ({@code chat-server kick}). */
    KICKED("an operator disconnected you"),
    /** The operator banned the account or the address ({@code chat-server ban}). */
    BANNED("an operator banned you"),
    /** The server failed while handling this connection. */
    INTERNAL_ERROR("the server failed unexpectedly");

    private final String wireName = name().toLowerCase(Locale.ROOT);
    private final String description;

    CloseReason(String description) {
        this.description = description;
    }

    /** The reason as it appears on the wire and in logs, e.g. {@code slow_consumer}. */
    public String wireName() {
        return wireName;
    }

    /** The reason with that wire name, or {@code fallback} when there is none. */
    public static CloseReason fromWireName(String wireName, CloseReason fallback) {
        for (CloseReason reason : values()) {
            if (reason.wireName.equals(wireName)) {
                return reason;
            }
        }
        return fallback;
    }

    /** A sentence fragment for people. */
    public String description() {
        return description;
    }
}
