package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Look-ups (history pages, lists, who is who) on a thread and a database connection of their own, beside the
 * {@link Store}'s writer. With one thread for everything, a message's commit waited for whatever look-ups were queued
 * before it, so a crowd paging through history added their reads to everybody's acknowledgements. SQLite in WAL mode
 * lets a reader go on while the writer commits (each read sees the last commit before it began), and PostgreSQL
 * gives each a connection of the pool. Each look-up runs in a read-only transaction of its own and is answered as
 * soon as it is done. Its connection refuses writes, so a look-up that tries one fails loudly.
 */
final class ReadLane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReadLane.class.getName());
    private static final Runnable STOP = () -> { };

    private final Connections connections;
    private final Executor loop;
    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private volatile boolean closed;

    ReadLane(Connections connections, Executor loop, int queueCapacity) {
        this.connections = connections;
        this.loop = loop;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "chat-store-reads");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a look-up; {@code callback} runs on the loop with its result or error. */
    <T> void submit(Store.Work<T> work, BiConsumer<T, Throwable> callback) {
        if (closed || !queue.offer(() -> runOne(work, callback))) {
            loop.execute(() -> callback.accept(null, new RejectedExecutionException("the store is not accepting work")));
        }
    }

    private <T> void runOne(Store.Work<T> work, BiConsumer<T, Throwable> callback) {
        T result = null;
        Throwable error = null;
        Connection connection = null;
        try {
            connection = connections.borrow();
            result = work.run(connection);
        } catch (SQLException | RuntimeException e) {
            error = e;
        } finally {
            if (connection != null) {
                endTransaction(connection);
                connections.giveBack(connection);
            }
        }
        T answer = result;
        Throwable failure = error;
        loop.execute(() -> callback.accept(answer, failure));
    }

    /** Ends the read transaction, so that the next look-up sees what was committed since. */
    private static void endTransaction(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.log(Level.FINE, "ending a read failed", e);
        }
    }

    private void run() {
        try {
            while (true) {
                Runnable next = queue.take();
                if (next == STOP) {
                    break;
                }
                next.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.close();
        }
    }

    /** Finishes the queued look-ups, then closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
