package chat.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one thread that talks to the database (SQLite, or PostgreSQL in a cluster). Work is queued from the event loop; the thread takes everything waiting,
 * runs it in one transaction (group commit: one fsync for many writes), commits, and only then hands each result
 * back to the loop. So when the loop hears that a write succeeded, it is on disk.
 *
 * <p>Each unit of work runs under its own savepoint: one that fails is rolled back alone and reports its error;
 * the rest of the batch commits.
 *
 * <p>On PostgreSQL each batch borrows a connection from a small pool, so a server that went away and came back is
 * reconnected to without anyone's help; while it is away, work fails at once with an error that
 * {@link #isUnavailable} recognises, and the loop answers {@code unavailable} with a time to retry.
 */
public final class Store implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Store.class.getName());
    private static final int MAX_BATCH = 256;
    /** Runs of a batch that met another node's in a deadlock, before its pieces are answered with the error. */
    private static final int MAX_ATTEMPTS = 3;

    /** Database work: runs on the store thread inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private record Job<T>(Work<T> work, BiConsumer<T, Throwable> callback, Executor callbackExecutor) {
        void complete(Object result, Throwable error) {
            @SuppressWarnings("unchecked")
            T typed = (T) result;
            callbackExecutor.execute(() -> callback.accept(typed, error));
        }
    }

    private static final Job<Void> STOP = new Job<>(c -> null, (r, e) -> { }, Runnable::run);

    private final Connections connections;
    private final Executor loop;
    private final BlockingQueue<Job<?>> queue;
    private final Thread thread;
    /** Where look-ups run, beside this writer; null until opened. */
    private ReadLane reads;
    private volatile boolean closed;

    private Store(Connections connections, Executor loop, int queueCapacity) {
        this.connections = connections;
        this.loop = loop;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "chat-store");
        this.thread.setDaemon(true);
    }

    /**
     * Opens (creating and migrating as needed) the database in {@code file} and starts the store thread.
     *
     * @param loop where callbacks of {@link #submit} run
     */
    public static Store open(Path file, Executor loop) throws SQLException {
        Connection connection = Database.open(file);
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        Store store = new Store(Connections.only(connection, "the database"), loop, 100_000);
        store.thread.start();
        store.reads = new ReadLane(Connections.only(Database.openReader(file), "the database's reader"), loop,
                100_000);
        return store;
    }

    /**
     * Opens the store on a PostgreSQL server ({@code postgresql://HOST:PORT/NAME?user=...}), migrating its schema,
     * and starts the store thread. Fails when the server cannot be reached now.
     */
    public static Store openPostgres(String url, Executor loop) throws SQLException {
        PostgresPool pool = PostgresPool.open(url);
        try (Connection connection = pool.dataSource().getConnection()) {
            Database.preparePostgres(connection);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        Store store = new Store(new Connections() {
            @Override
            public Connection borrow() throws SQLException {
                Connection connection = pool.dataSource().getConnection();
                connection.setAutoCommit(false);
                return connection;
            }

            @Override
            public void giveBack(Connection connection) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "returning a connection failed", e);
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        }, loop, 100_000);
        store.thread.start();
        store.reads = new ReadLane(new Connections() {
            @Override
            public Connection borrow() throws SQLException {
                Connection connection = pool.dataSource().getConnection();
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
                return connection;
            }

            @Override
            public void giveBack(Connection connection) {
                try {
                    connection.setReadOnly(false);
                    connection.close();
                } catch (SQLException e) {
                    LOG.log(Level.FINE, "returning a connection failed", e);
                }
            }

            @Override
            public void close() {
                // the writer closes the pool
            }
        }, loop, 100_000);
        return store;
    }

    /** Opens a SQLite file, or a PostgreSQL server when {@code database} is a {@code postgresql://} URL. */
    public static Store open(String database, Executor loop) throws SQLException {
        return Dialect.isPostgresUrl(database) ? openPostgres(database, loop) : open(Path.of(database), loop);
    }

    /**
     * Queues {@code work}; {@code callback} runs on the loop with its result once committed, or with the error.
     * When the store is closed or hopelessly behind, the callback hears a {@link RejectedExecutionException}.
     */
    public <T> void submit(Work<T> work, BiConsumer<T, Throwable> callback) {
        Job<T> job = new Job<>(work, callback, loop);
        if (closed || !queue.offer(job)) {
            loop.execute(() -> callback.accept(null, new RejectedExecutionException("the store is not accepting work")));
        }
    }

    /**
     * Queues a look-up that writes nothing (a history page, a list); {@code callback} runs on the loop with its
     * result. It runs beside the writer ({@link ReadLane}), so it neither waits for queued writes nor delays them,
     * and it sees everything committed before it began.
     */
    public <T> void read(Work<T> work, BiConsumer<T, Throwable> callback) {
        if (reads == null) {
            submit(work, callback);
        } else {
            reads.submit(work, callback);
        }
    }

    /** Runs {@code work} and waits for it; for start-up and operator commands, never for the event loop. */
    public <T> T call(Work<T> work) throws SQLException {
        CompletableFuture<T> future = new CompletableFuture<>();
        Job<T> job = new Job<>(work, (result, error) -> {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        }, Runnable::run);
        if (closed || !queue.offer(job)) {
            throw new SQLException("the store is not accepting work");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Whether {@code error} is SQLite refusing a row that points at one no longer there (an account another
     * process deleted, say): the request is moot, not a bug.
     */
    public static boolean isForeignKeyFailure(Throwable error) {
        if (error instanceof SQLException sql && "23503".equals(sql.getSQLState())) {
            return true; // PostgreSQL's foreign_key_violation
        }
        return error instanceof SQLiteException sqlite
                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY
                        || String.valueOf(sqlite.getMessage()).contains("FOREIGN KEY constraint failed"));
    }

    /**
     * Whether {@code error} says the database server cannot be reached (PostgreSQL down or unreachable, no
     * connection to be had from the pool in time): the request may succeed later, nothing is wrong with it.
     */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true; // connection exceptions; admin shutdown, cannot connect now
            }
        }
        return false;
    }

    /** Finishes the queued work, then closes the database. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reads != null) {
            reads.close();
        }
        try {
            queue.put(STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Job<?>> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    runBatch(batch);
                }
                batch.clear();
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.close();
        }
    }

    private void runBatch(List<Job<?>> batch) {
        Connection connection;
        try {
            connection = connections.borrow();
        } catch (SQLException | RuntimeException e) {
            for (Job<?> job : batch) {
                job.complete(null, e);
            }
            return;
        }
        try {
            runBatch(batch, connection);
        } finally {
            connections.giveBack(connection);
        }
    }

    private void runBatch(List<Job<?>> batch, Connection connection) {
        Object[] results = new Object[batch.size()];
        Throwable[] errors = new Throwable[batch.size()];
        for (int attempt = 1; ; attempt++) {
            for (int i = 0; i < batch.size(); i++) {
                Savepoint savepoint = null;
                results[i] = null;
                errors[i] = null;
                try {
                    savepoint = connection.setSavepoint();
                    results[i] = batch.get(i).work().run(connection);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException | RuntimeException e) {
                    errors[i] = e;
                    rollBackTo(connection, savepoint);
                }
            }
            if (attempt >= MAX_ATTEMPTS || !anyConflict(errors)) {
                break;
            }
            // Another node's batch and this one waited for each other (PostgreSQL chose this one to fail): the
            // locks this batch holds are what the other waits for, so the whole batch goes back and runs again.
            int tried = attempt;
            LOG.info(() -> "a batch of " + batch.size() + " met another node's in a deadlock; running it again ("
                    + tried + " of " + MAX_ATTEMPTS + ")");
            try {
                connection.rollback();
            } catch (SQLException e) {
                break; // answered with the errors it has
            }
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            SQLException reported = e;
            if (lostConnection(connection, e, errors)) {
                // The database went away under the batch (the pool may already have closed the connection): none
                // of it was committed, and the clients hear unavailable rather than a failure of the server.
                LOG.warning(() -> "the database connection was lost; " + batch.size() + " pieces of work were not"
                        + " done: " + e.getMessage());
                reported = new java.sql.SQLTransientConnectionException("the database connection was lost", "08006",
                        e);
            } else {
                LOG.log(Level.SEVERE, "commit failed; " + batch.size() + " pieces of work are lost", e);
            }
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the commit error is the one to report
            }
            for (int i = 0; i < batch.size(); i++) {
                results[i] = null;
                errors[i] = reported;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results[i], errors[i]);
        }
    }

    /** Whether a piece of work failed because another transaction held what it needed (deadlock, serialization). */
    private static boolean anyConflict(Throwable[] errors) {
        for (Throwable error : errors) {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState())
                        || "40001".equals(sql.getSQLState()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean lostConnection(Connection connection, SQLException commitError, Throwable[] errors) {
        if (isUnavailable(commitError)) {
            return true;
        }
        for (Throwable error : errors) {
            if (isUnavailable(error)) {
                return true;
            }
        }
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void rollBackTo(Connection connection, Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "rolling back a failed piece of work failed", e);
        }
    }
}
