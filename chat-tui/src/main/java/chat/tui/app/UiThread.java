package chat.tui.app;

import chat.tui.model.ChatState;
import chat.tui.model.LogLine;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one thread that owns the {@link ChatState}: other threads (the connection's reader, the timer, file work)
 * {@link #post} tasks to it instead of touching the state. Also the clock, and a short way to tell the user
 * something in the conversation on screen.
 */
final class UiThread {

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final ChatState state;
    private final LongSupplier clock;

    UiThread(ChatState state, LongSupplier clock) {
        this.state = state;
        this.clock = clock;
    }

    /** Runs {@code task} on the UI thread soon; any thread may call it. */
    void post(Runnable task) {
        tasks.add(task);
    }

    /** The next task, waiting up to {@code millis} for one; null when none came. */
    Runnable next(long millis) throws InterruptedException {
        return tasks.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next task if one is waiting, else null. */
    Runnable next() {
        return tasks.poll();
    }

    ChatState state() {
        return state;
    }

    /** Now, in epoch milliseconds. */
    long now() {
        return clock.getAsLong();
    }

    /** Tells the user something that happened, in the conversation on screen. */
    void event(String text) {
        state.current().add(LogLine.event(now(), text));
    }

    /** Tells the user something that went wrong, in the conversation on screen. */
    void error(String text) {
        state.current().add(LogLine.error(now(), text));
    }

    /** A server's or library's message as a sentence: capital first letter, full stop. */
    static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") || text.endsWith("?") || text.endsWith("!") ? text : text + ".";
    }
}
