package chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Look-ups run beside the writer on a real SQLite file: a slow one does not hold back a commit, each sees what was
 * committed before it began, and none can write.
 */
class ReadLaneTest {

    @TempDir
    Path tempDir;

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private Store store;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(tempDir.resolve("chat.db"), loop);
    }

    @AfterEach
    void close() {
        store.close();
        loop.shutdownNow();
    }

    @Test
    void aSlowLookUpDoesNotHoldBackACommit() throws Exception {
        CountDownLatch lookUpStarted = new CountDownLatch(1);
        CountDownLatch finishLookUp = new CountDownLatch(1);
        CompletableFuture<Long> lookUp = new CompletableFuture<>();
        store.read(c -> {
            long before = count(c); // the look-up's snapshot begins with its first read
            lookUpStarted.countDown();
            try {
                finishLookUp.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return before + count(c);
        }, (result, error) -> complete(lookUp, result, error));
        assertThat(lookUpStarted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> write = new CompletableFuture<>();
        store.submit(c -> {
            insertAccount(c, "alice");
            return null;
        }, (result, error) -> complete(write, null, error));
        write.get(5, TimeUnit.SECONDS); // committed while the look-up is still running
        assertThat(lookUp).isNotDone();

        finishLookUp.countDown();
        assertThat(lookUp.get(5, TimeUnit.SECONDS)).as("both its reads saw the file as it was when it began").isZero();
        CompletableFuture<Long> later = new CompletableFuture<>();
        store.read(ReadLaneTest::count, (result, error) -> complete(later, result, error));
        assertThat(later.get(5, TimeUnit.SECONDS)).as("a later look-up sees the commit").isEqualTo(1);
    }

    @Test
    void aLookUpCannotWrite() throws Exception {
        CompletableFuture<Void> attempt = new CompletableFuture<>();
        store.read(c -> {
            insertAccount(c, "mallory");
            return null;
        }, (result, error) -> complete(attempt, null, error));
        assertThat(attempt).failsWithin(5, TimeUnit.SECONDS);
        CompletableFuture<Long> count = new CompletableFuture<>();
        store.submit(ReadLaneTest::count, (result, error) -> complete(count, result, error));
        assertThat(count.get(5, TimeUnit.SECONDS)).isZero();
    }

    private static long count(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM accounts");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void insertAccount(java.sql.Connection c, String name) throws java.sql.SQLException {
        AccountStore.insert(c, name, name, name, "$2a$04$" + "x".repeat(53), System.currentTimeMillis());
    }

    private static <T> void complete(CompletableFuture<T> future, T result, Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(result);
        }
    }
}
