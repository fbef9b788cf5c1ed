package chat.core.irc;

/** A line that is not an IRC message. {@link #reason()} lets a server answer as IRC servers do. */
public final class IrcParseException extends Exception {

    /** Why a line was refused. */
    public enum Reason {
        /** The body passed 512 bytes or the tags 4094: ERR_INPUTTOOLONG (417). */
        TOO_LONG,
        /** NUL, or CR or LF inside the line. */
        FORBIDDEN_CHARACTER,
        /** No command word (or an empty line). */
        NO_COMMAND,
        /** A tag with an empty or malformed key. */
        BAD_TAG,
        /** More than 15 parameters. */
        TOO_MANY_PARAMS
    }

    private final Reason reason;

    public IrcParseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
