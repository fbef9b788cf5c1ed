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
    /** The server failed unexpectedly while handling the request; the connection stays usable. */
    INTERNAL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The code as it appears in the "code" field of an error frame. */
    public String wireName() {
        return wireName;
    }
}
