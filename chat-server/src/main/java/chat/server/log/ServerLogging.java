package chat.server.log;

import java.io.OutputStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The server's log: one line a record ({@link SafeLogFormatter}), warnings and errors of one kind limited to
 * {@value #REPEATS_PER_MINUTE} a minute ({@link RepeatLimitingHandler}), written to standard error.
 */
public final class ServerLogging {

    /** Warnings or errors of one kind logged a minute; the rest are counted. */
    public static final int REPEATS_PER_MINUTE = 10;

    private ServerLogging() {
    }

    /** Makes the server's log the only handler of the root logger, at {@code level}. */
    public static void install(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(handler(System.err, level));
        root.setLevel(level);
    }

    /** The server's log handler writing to {@code out}: what {@link #install} uses, and tests. */
    public static Handler handler(OutputStream out, Level level) {
        StreamHandler stream = new StreamHandler(out, new SafeLogFormatter()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush(); // as the console handler does: a line is out when it is logged
            }
        };
        stream.setLevel(level);
        RepeatLimitingHandler limited = new RepeatLimitingHandler(stream, REPEATS_PER_MINUTE, 60_000,
                System::currentTimeMillis);
        limited.setLevel(level);
        return limited;
    }
}
