package chat.server.net;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The loop's timers: tasks due at a time, run in deadline order (ties in the order scheduled). Loop thread only. */
final class LoopTimers {

    private static final Logger LOG = Logger.getLogger(LoopTimers.class.getName());

    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long sequence;

    /** Runs {@code task} after {@code delayMillis}; the handle cancels it. */
    Timer schedule(long delayMillis, Runnable task) {
        Timer timer = new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), sequence++, task);
        timers.add(timer);
        return timer;
    }

    /** Runs every timer that is due. */
    void runDue() {
        long now = System.nanoTime();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadlineNanos - now <= 0) {
            timers.poll();
            if (!timer.cancelled) {
                try {
                    timer.task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "timer failed", e);
                }
            }
        }
    }

    /** When the next timer is due (nanoTime), or {@link Long#MAX_VALUE} when none is. */
    long nextDeadlineNanos() {
        Timer next = timers.peek();
        return next == null ? Long.MAX_VALUE : next.deadlineNanos;
    }

    /** A task scheduled on the loop; cancel it to keep it from running. */
    public static final class Timer implements Comparable<Timer> {
        private final long deadlineNanos;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        private Timer(long deadlineNanos, long sequence, Runnable task) {
            this.deadlineNanos = deadlineNanos;
            this.sequence = sequence;
            this.task = task;
        }

        /** Keeps the task from running if it has not run yet. Loop thread only. */
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadlineNanos - other.deadlineNanos, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }
}
