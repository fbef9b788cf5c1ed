package chat.server.log;

import chat.core.model.VisibleText;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats a record as {@code 2026-11-30 12:01:02 LEVEL message}, then the stack trace of its exception if any, like
 * the JDK's SimpleFormatter with the server's old format, except that the message and every exception message are
 * escaped ({@link VisibleText#escaped}): whatever reached a log call, a record is one line plus stack frames, and no
 * escape sequence reaches the terminal of whoever reads the log. The safety net under {@link LogText}.
 */
public final class SafeLogFormatter extends Formatter {

    private final DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        line.append(time.format(record.getInstant())).append(' ').append(record.getLevel().getName()).append(' ')
                .append(VisibleText.escaped(formatMessage(record)));
        if (record.getThrown() != null) {
            appendThrowable(line, record.getThrown(), "", Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static void appendThrowable(StringBuilder out, Throwable thrown, String caption, Set<Throwable> seen) {
        if (!seen.add(thrown)) {
            return; // a cause cycle
        }
        out.append(System.lineSeparator()).append(caption).append(thrown.getClass().getName());
        if (thrown.getMessage() != null) {
            out.append(": ").append(VisibleText.escaped(thrown.getMessage()));
        }
        for (StackTraceElement frame : thrown.getStackTrace()) {
            out.append(System.lineSeparator()).append("\tat ").append(frame);
        }
        if (thrown.getCause() != null) {
            appendThrowable(out, thrown.getCause(), "Caused by: ", seen);
        }
    }
}
