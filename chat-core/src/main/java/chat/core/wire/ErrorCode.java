package chat.core.wire;

import java.util.Locale;

/**
 * The stable error codes of the protocol. Clients match on the wire name ({@link #wireName()}); the human message
 * that travels beside it may change. docs/PROTOCOL.md lists every code and when it is sent.
 */
public enum ErrorCode {
    /** A line exceeded the maximum line length and was discarded. */
    LINE_TOO_LONG,
    /** A line was not valid UTF-8. */
    INVALID_UTF8,
    /** A line starting with '{' was not valid JSON. */
    BAD_JSON,
    /** The JSON was valid but not an object. */
    NOT_AN_OBJECT,
    /** A required field is missing. */
    MISSING_FIELD,
    /** A field has the wrong type or an out-of-range value. */
    BAD_FIELD,
    /** The frame's "type" is not one the receiver knows. */
    UNKNOWN_TYPE,
    /** An inline line started with '/' but named no known command. */
    UNKNOWN_COMMAND,
    /** An inline command had the wrong arguments. */
    BAD_ARGUMENTS,
    /** A message was sent while the sender is in no conversation. */
    NO_CONVERSATION,
    /** The conversation named by "conv" does not exist or the sender is not part of it. */
    UNKNOWN_CONVERSATION,
    /** Message text contains characters that are not allowed (control characters) or is empty. */
    INVALID_TEXT,
    /** Message text is longer than the server allows. */
    TEXT_TOO_LONG,
    /** A user name breaks the name rules. */
    INVALID_NAME,
    /** A password breaks the password rules (too short, too long). */
    INVALID_PASSWORD,
    /** The name belongs to another account, or to a deleted one whose name is still held. */
    NAME_TAKEN,
    /** No account has that name. */
    UNKNOWN_USER,
    /** The password is not the account's password. */
    WRONG_PASSWORD,
    /** Too many failed attempts; {@code retryAfter} says when to try again. */
    TOO_MANY_ATTEMPTS,
    /**
     * A password, recovery code or login token was sent in plain text from another machine; the server accepts them
     * only over TLS there (connect with {@code chat-tui connect --tls}).
     */
    TLS_REQUIRED,
    /** The session token is unknown, expired or revoked; log in with the password. */
    INVALID_TOKEN,
    /** The recovery code is not one of the account's unused codes. */
    INVALID_CODE,
    /** The request needs a guest connection, and this one is logged in. */
    ALREADY_LOGGED_IN,
    /** The request needs a logged-in connection. */
    NOT_LOGGED_IN,
    /**
     * The account's logins were ended (password changed or reset, logged out everywhere) while the request was
     * being checked; try again.
     */
    ACCOUNT_CHANGED,
    /** The login this connection uses has ended (logged out elsewhere, expired, account deleted); log in again. */
    SESSION_ENDED,
    /** The operator banned the account name ({@code chat-server ban}); the message says until when and why. */
    BANNED,
    /** The server cannot take the request now (an earlier one is still running, or it is overloaded). */
    BUSY,
    /** A room name breaks the room name rules. */
    INVALID_ROOM,
    /** The room is full. */
    ROOM_FULL,
    /** The account is in as many rooms as one account may be; it must part one first. */
    TOO_MANY_ROOMS,
    /** The receiver blocks the sender, or the sender blocks the receiver. */
    BLOCKED,
    /** Too many messages too fast; {@code retryAfter} says when the next one goes through. */
    RATE_LIMITED,
    /** The file is larger than the server takes. */
    FILE_TOO_LARGE,
    /** The sender's files would pass their storage quota. */
    QUOTA_EXCEEDED,
    /** Too many uploads at once on this connection. */
    TOO_MANY_UPLOADS,
    /** No such upload on this connection (finished, cancelled, or timed out). */
    UNKNOWN_UPLOAD,
    /** A chunk does not start where the previous one ended; the message says where. */
    CHUNK_OUT_OF_ORDER,
    /** The received bytes do not match the announced size or SHA-256; the upload is dropped. */
    CHECKSUM_MISMATCH,
    /** A file that claims to be a picture is not a readable one, or is too large to decode. */
    BAD_IMAGE,
    /** No such file, or not one the requester may see. */
    UNKNOWN_FILE,
    /**
     * The request id was already used, within the resend window, for a different message; nothing was stored. A
     * client must use ids that are unique (random), and resend a message only with its own id.
     */
    DUPLICATE_ID,
    /**
     * Something the request needs is out of reach for a while (a cluster's database); {@code retryAfter} says when
     * to try again. Nothing was done.
     */
    UNAVAILABLE,
    /** The server failed unexpectedly while handling the request; the connection stays usable. */
    INTERNAL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The code as it appears in the "code" field of an error frame. */
    public String wireName() {
        return wireName;
    }
}
