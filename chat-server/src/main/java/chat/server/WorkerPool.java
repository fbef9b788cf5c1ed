package chat.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A small, bounded pool for work that would block the event loop (bcrypt, for one). A job runs on a worker; its
 * result, or its failure, is handed back to the loop as a task, so the code that uses it stays single-threaded.
 * When the queue is full a job is refused at once (its callback hears a {@link RejectedExecutionException}) rather
 * than letting work pile up without bound.
 */
public final class WorkerPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final Executor loop;

    /**
     * @param threads how many jobs run at once
     * @param queueCapacity how many jobs may wait
     * @param loop where callbacks run: the event loop
     */
    public WorkerPool(int threads, int queueCapacity, Executor loop) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), runnable -> {
                    Thread thread = new Thread(() -> {
                        BackgroundPriority.lowerCurrentThread();
                        runnable.run();
                    }, "chat-worker-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.loop = loop;
    }

    /**
     * Runs {@code job} on a worker, then {@code onLoop} on the loop with its result (and null) or null and what it
     * threw.
     */
    public <T> void submit(Callable<T> job, BiConsumer<T, Throwable> onLoop) {
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = job.call();
                } catch (Exception | Error e) {
                    loop.execute(() -> onLoop.accept(null, e));
                    return;
                }
                loop.execute(() -> onLoop.accept(result, null));
            });
        } catch (RejectedExecutionException e) {
            loop.execute(() -> onLoop.accept(null, e));
        }
    }

    /** Jobs running or waiting for a worker now: for monitoring, and for tests that must know work has arrived. */
    public int pending() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
