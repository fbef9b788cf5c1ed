package chat.server.log;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Passes records on to another handler, but at most {@code perWindow} warnings or errors of one kind a window (a
 * minute): a client that can make the server fail the same way thousands of times a second must not fill the disk
 * with stack traces, nor bury every other line. A kind is the place that logged (class and method), the level and the
 * exception's class. What was held back is counted and said once the window is over, with the next record or at
 * {@link #flush}: {@code 1998 more like "a request failed" (chat.server.chat.Reply) were not logged in the last 60 s}.
 * Records below WARNING pass untouched; their sources are bounded by other limits.
 */
public final class RepeatLimitingHandler extends Handler {

    /** Kinds remembered at once; a flood of distinct kinds is itself limited by forgetting the oldest. */
    private static final int MAX_KINDS = 1024;
    private static final Formatter MESSAGES = new SafeLogFormatter();

    private record Kind(Level level, String logger, String sourceClass, String sourceMethod, String thrown) {
        static Kind of(LogRecord record) {
            return new Kind(record.getLevel(), record.getLoggerName(), record.getSourceClassName(),
                    record.getSourceMethodName(), record.getThrown() == null ? null
                            : record.getThrown().getClass().getName());
        }
    }

    private static final class Window {
        final long startMillis;
        final LogRecord first;
        int passed;
        int held;

        Window(long startMillis, LogRecord first) {
            this.startMillis = startMillis;
            this.first = first;
        }
    }

    private final Handler target;
    private final int perWindow;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<Kind, Window> windows = new LinkedHashMap<>();

    /**
     * @param perWindow records of one kind passed on per window
     * @param clock milliseconds, for tests
     */
    public RepeatLimitingHandler(Handler target, int perWindow, long windowMillis, LongSupplier clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        List<LogRecord> out = new ArrayList<>(2);
        synchronized (this) {
            long now = clock.getAsLong();
            endWindows(now, out);
            if (record.getLevel().intValue() < Level.WARNING.intValue()) {
                out.add(record);
            } else {
                Kind kind = Kind.of(record);
                Window window = windows.get(kind);
                if (window == null) {
                    if (windows.size() >= MAX_KINDS) {
                        Iterator<Window> oldest = windows.values().iterator();
                        report(oldest.next(), now, out);
                        oldest.remove();
                    }
                    window = new Window(now, record);
                    windows.put(kind, window);
                }
                if (window.passed < perWindow) {
                    window.passed++;
                    out.add(record);
                } else {
                    window.held++;
                }
            }
        }
        for (LogRecord passed : out) {
            target.publish(passed);
        }
    }

    /** Says what was held back so far, then flushes the target. */
    @Override
    public void flush() {
        List<LogRecord> out = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            for (Window window : windows.values()) {
                report(window, now, out);
                window.held = 0;
            }
        }
        out.forEach(target::publish);
        target.flush();
    }

    @Override
    public void close() {
        flush();
        target.close();
    }

    /** Ends the windows that are over, reporting what each held back. */
    private void endWindows(long now, List<LogRecord> out) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window window = it.next();
            if (now - window.startMillis >= windowMillis) {
                report(window, now, out);
                it.remove();
            }
        }
    }

    private void report(Window window, long now, List<LogRecord> out) {
        if (window.held == 0) {
            return;
        }
        LogRecord first = window.first;
        LogRecord summary = new LogRecord(first.getLevel(), window.held + " more like \""
                + MESSAGES.formatMessage(first) + "\" (" + first.getLoggerName() + ") were not logged in the last "
                + Math.max(1, (now - window.startMillis) / 1000) + " s");
        summary.setLoggerName(first.getLoggerName());
        summary.setSourceClassName(first.getSourceClassName());
        summary.setSourceMethodName(first.getSourceMethodName());
        out.add(summary);
    }
}
