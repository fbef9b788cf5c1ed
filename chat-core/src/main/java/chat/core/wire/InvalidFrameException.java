package chat.core.wire;

/**
 * Thrown by frame record constructors when a required field is missing or a value is out of range. The codec turns
 * it into a {@link FrameException}; anywhere else it is a programming error.
 */
public final class InvalidFrameException extends IllegalArgumentException {

    private final ErrorCode code;

    InvalidFrameException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#BAD_FIELD}. */
    public ErrorCode code() {
        return code;
    }

    static <T> T require(T value, String field) {
        if (value == null) {
            throw new InvalidFrameException(ErrorCode.MISSING_FIELD, "missing field \"" + field + "\"");
        }
        return value;
    }

    static void check(boolean condition, String field, String expectation) {
        if (!condition) {
            throw new InvalidFrameException(ErrorCode.BAD_FIELD, "field \"" + field + "\" " + expectation);
        }
    }
}
