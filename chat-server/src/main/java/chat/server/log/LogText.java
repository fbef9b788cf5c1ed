package chat.server.log;

import chat.core.model.VisibleText;

/**
 * How a string from a client goes into the log: quoted, with quotes, backslashes and every character that does not
 * show as itself escaped, and cut to a readable length. So a name, a conversation or a message can neither start a
 * line of its own (a forged log entry), nor drive the terminal of the operator reading the log, nor fill the disk.
 */
public final class LogText {

    /** Characters of a client string kept in a log line; the rest is counted. */
    static final int MAX_SHOWN = 100;

    private LogText() {
    }

    /** {@code text} as a quoted, escaped, bounded log token: {@code "bob\n\u001B[2J"}; {@code null} as is. */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        int cut = text.length() > MAX_SHOWN ? text.offsetByCodePoints(0, Math.min(MAX_SHOWN,
                text.codePointCount(0, text.length()))) : text.length();
        String shown = VisibleText.escaped(text.substring(0, cut).replace("\\", "\\\\").replace("\"", "\\\""));
        int more = text.codePointCount(cut, text.length());
        return "\"" + shown + "\"" + (more > 0 ? "...(" + more + " more characters)" : "");
    }

    /** A database address as it may be logged: a password in it (user:password@ or password=) is masked. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?<=://)([^:/@]*):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
