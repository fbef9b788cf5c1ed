package chat.core.wire;

import java.util.Objects;

/**
 * A line that could not be turned into a frame. Carries the error code to send back and, when the broken frame
 * still revealed one, the client's request id so the error reply can echo it.
 */
public final class FrameException extends Exception {

    private final ErrorCode code;
    private final String requestId;

    public FrameException(ErrorCode code, String message, String requestId) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.requestId = requestId;
    }

    public FrameException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    /** The "id" of the offending frame, or {@code null} when it had none or it could not be read. */
    public String requestId() {
        return requestId;
    }
}
