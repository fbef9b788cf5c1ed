package chat.server.chat;

/** Runs a task later on the same thread that owns the chat state (the event loop). */
@FunctionalInterface
public interface Scheduler {

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayMillis, Runnable task);
}
