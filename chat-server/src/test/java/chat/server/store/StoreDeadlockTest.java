package chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' store threads on one real PostgreSQL database whose batches lock two rows in opposite orders: the
 * database breaks the deadlock by failing one, and that batch runs again instead of answering its requests with an
 * error.
 */
class StoreDeadlockTest {

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private Store nodeA;
    private Store nodeB;

    @AfterEach
    void close() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        loop.shutdownNow();
    }

    @Test
    void aBatchThatLosesADeadlockRunsAgain() throws Exception {
        String database = TestPostgres.shared().newDatabase();
        nodeA = Store.open(database, loop);
        nodeB = Store.open(database, loop);
        long first = nodeA.call(c -> AccountStore.insert(c, "first", "first", "first", "$2a$04$" + "x".repeat(53),
                System.currentTimeMillis()));
        long second = nodeA.call(c -> AccountStore.insert(c, "second", "second", "second",
                "$2a$04$" + "x".repeat(53), System.currentTimeMillis()));

        CountDownLatch bothHoldOne = new CountDownLatch(2);
        CompletableFuture<Void> onA = new CompletableFuture<>();
        CompletableFuture<Void> onB = new CompletableFuture<>();
        nodeA.submit(c -> lockBoth(c, first, second, bothHoldOne), (result, error) -> complete(onA, error));
        nodeB.submit(c -> lockBoth(c, second, first, bothHoldOne), (result, error) -> complete(onB, error));

        onA.get(30, TimeUnit.SECONDS); // neither fails: the one PostgreSQL chose ran again once the other committed
        onB.get(30, TimeUnit.SECONDS);
    }

    /** Locks {@code one}, waits until the other node holds the other row, then locks {@code other}. */
    private static Void lockBoth(Connection c, long one, long other, CountDownLatch bothHoldOne) throws SQLException {
        touch(c, one);
        bothHoldOne.countDown();
        try {
            bothHoldOne.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        touch(c, other);
        return null;
    }

    private static void touch(Connection c, long account) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("UPDATE accounts SET visible = visible WHERE id = ?")) {
            statement.setLong(1, account);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static void complete(CompletableFuture<Void> future, Throwable error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(null);
        }
    }
}
