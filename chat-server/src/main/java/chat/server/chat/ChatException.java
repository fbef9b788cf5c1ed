package chat.server.chat;

import chat.core.wire.ErrorCode;

/** A request the chat domain refuses; the session layer answers it with an {@code error} frame. */
public final class ChatException extends RuntimeException {

    private final ErrorCode code;
    private final Long retryAfterSeconds;

    public ChatException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** A refusal that may be tried again after {@code retryAfterSeconds}. */
    public ChatException(ErrorCode code, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until the request may be tried again, or null. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The stable error code for the reply. */
    public ErrorCode code() {
        return code;
    }
}
