package chat.server;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A small, bounded pool for work that would block the event loop (bcrypt, reading files, decoding pictures). A job
 * runs on a worker; its result, or its failure, is handed back to the loop as a task, so the code that uses it stays
 * single-threaded.
 *
 * <p>The queue is fair between keys (a client's address, say): each key waits in its own line, and the workers take
 * one job from each key in turn. A key may have only so many jobs waiting, and the pool only so many in all; past
 * either, a job is refused at once (its callback hears a {@link RejectedExecutionException}, which clients hear as
 * {@code busy}). So one address flooding the pool delays its own jobs and nobody else's. Idle workers end after a
 * while and are started again when work comes.
 */
public final class WorkerPool implements AutoCloseable {

    /** The key of jobs that belong to nobody in particular. */
    public static final String SHARED = "";

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String name;
    private final int maxThreads;
    private final int maxQueued;
    private final int maxQueuedPerKey;
    private final boolean background;
    private final Executor loop;
    private final AtomicInteger threadNumbers = new AtomicInteger();
    /** Lines by key, in the order they take their turn. Guarded by itself, like the counts below. */
    private final LinkedHashMap<String, ArrayDeque<Runnable>> lines = new LinkedHashMap<>();
    /** Jobs that go before every line (see {@link #submitFirst}). */
    private final ArrayDeque<Runnable> first = new ArrayDeque<>();
    private int queued;
    private int running;
    private int threads;
    private int idle;
    private boolean closed;

    /**
     * A pool for bcrypt and the like: background priority, one line for everyone unless jobs name a key.
     *
     * @param threads how many jobs run at once
     * @param queueCapacity how many jobs may wait
     * @param loop where callbacks run: the event loop
     */
    public WorkerPool(int threads, int queueCapacity, Executor loop) {
        this("chat-worker", threads, queueCapacity, queueCapacity, true, loop);
    }

    /**
     * @param name the threads' name prefix
     * @param threads how many jobs run at once
     * @param maxQueued how many jobs may wait in all
     * @param maxQueuedPerKey how many jobs of one key may wait
     * @param background whether the workers run at a lower priority than the loop (see {@link BackgroundPriority})
     * @param loop where callbacks run: the event loop
     */
    public WorkerPool(String name, int threads, int maxQueued, int maxQueuedPerKey, boolean background,
            Executor loop) {
        if (threads < 1 || maxQueued < 1 || maxQueuedPerKey < 1) {
            throw new IllegalArgumentException("a pool needs a thread and room for a job");
        }
        this.name = name;
        this.maxThreads = threads;
        this.maxQueued = maxQueued;
        this.maxQueuedPerKey = maxQueuedPerKey;
        this.background = background;
        this.loop = loop;
    }

    /**
     * Runs {@code job} on a worker, then {@code onLoop} on the loop with its result (and null) or null and what it
     * threw.
     */
    public <T> void submit(Callable<T> job, BiConsumer<T, Throwable> onLoop) {
        submit(SHARED, job, onLoop);
    }

    /** {@link #submit(Callable, BiConsumer)} in the line of {@code key}: jobs of other keys do not wait behind it. */
    public <T> void submit(String key, Callable<T> job, BiConsumer<T, Throwable> onLoop) {
        submitTo(key, job, onLoop);
    }

    /** Queues {@code job} in {@code key}'s line, or ahead of every line when {@code key} is null. */
    private <T> void submitTo(String key, Callable<T> job, BiConsumer<T, Throwable> onLoop) {
        Runnable task = () -> {
            T result;
            try {
                result = job.call();
            } catch (Exception | Error e) {
                loop.execute(() -> onLoop.accept(null, e));
                return;
            }
            loop.execute(() -> onLoop.accept(result, null));
        };
        String refusal = enqueue(key, task);
        if (refusal != null) {
            loop.execute(() -> onLoop.accept(null, new RejectedExecutionException(refusal)));
        }
    }

    /**
     * {@link #submit(String, Callable, BiConsumer)} ahead of every line: for the few jobs that must not wait behind a
     * crowd, such as the password check of an account's owner logging in from where they logged in before while
     * others guess passwords from many addresses. At most as many wait there as one key may have.
     */
    public <T> void submitFirst(Callable<T> job, BiConsumer<T, Throwable> onLoop) {
        submitTo(null, job, onLoop);
    }

    /** Jobs running or waiting for a worker now: for monitoring, and for tests that must know work has arrived. */
    public int pending() {
        synchronized (lines) {
            return running + queued;
        }
    }

    /** Jobs of {@code key} waiting for a worker now. */
    public int waiting(String key) {
        synchronized (lines) {
            ArrayDeque<Runnable> line = lines.get(key);
            return line == null ? 0 : line.size();
        }
    }

    @Override
    public void close() {
        synchronized (lines) {
            closed = true;
            lines.clear();
            first.clear();
            queued = 0;
            lines.notifyAll();
        }
    }

    /** Queues a task; the reason it was refused, or null. */
    private String enqueue(String key, Runnable task) {
        boolean startThread;
        synchronized (lines) {
            if (closed) {
                return name + " is closed";
            }
            ArrayDeque<Runnable> line = key == null ? first : lines.get(key);
            if (queued >= maxQueued) {
                return name + " has " + queued + " jobs waiting";
            }
            if (line != null && line.size() >= maxQueuedPerKey) {
                return name + " has " + line.size() + " jobs of one client waiting";
            }
            if (line == null) {
                line = new ArrayDeque<>();
                lines.put(key, line);
            }
            line.add(task);
            queued++;
            startThread = idle == 0 && threads < maxThreads;
            if (startThread) {
                threads++;
            } else {
                lines.notify();
            }
        }
        if (startThread) {
            Thread thread = new Thread(this::work, name + "-" + threadNumbers.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }
        return null;
    }

    private void work() {
        if (background) {
            BackgroundPriority.lowerCurrentThread();
        }
        while (true) {
            Runnable task = take();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } finally {
                synchronized (lines) {
                    running--;
                }
            }
        }
    }

    /** The next task, the keys taking turns; null when the pool closed or this worker idled long enough. */
    private Runnable take() {
        synchronized (lines) {
            long deadline = System.nanoTime() + IDLE_NANOS;
            while (lines.isEmpty() && first.isEmpty() && !closed) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    threads--;
                    return null;
                }
                idle++;
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                } finally {
                    idle--;
                }
            }
            if (closed) {
                threads--;
                return null;
            }
            Runnable task = first.poll();
            if (task == null) {
                Iterator<Map.Entry<String, ArrayDeque<Runnable>>> next = lines.entrySet().iterator();
                Map.Entry<String, ArrayDeque<Runnable>> turn = next.next();
                task = turn.getValue().poll();
                next.remove();
                if (!turn.getValue().isEmpty()) {
                    lines.put(turn.getKey(), turn.getValue()); // to the back of the turn order
                }
            }
            queued--;
            running++;
            return task;
        }
    }
}
