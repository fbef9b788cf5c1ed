package chat.server.chat;

import chat.core.wire.ErrorCode;

/** A request the chat domain refuses; the session layer answers it with an {@code error} frame. */
public final class ChatException extends RuntimeException {

    private final ErrorCode code;

    public ChatException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The stable error code for the reply. */
    public ErrorCode code() {
        return code;
    }
}
