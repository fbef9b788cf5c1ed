package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hooks other threads use to hand work to the loop: tasks, timers and the worker pool. */
class EventLoopTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.workers(1, 1));
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void tasksFromOtherThreadsRunOnTheLoop() throws Exception {
        CompletableFuture<Boolean> ranInLoop = new CompletableFuture<>();
        server.loop().execute(() -> ranInLoop.complete(server.loop().inLoop()));
        assertThat(ranInLoop.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.loop().inLoop()).isFalse();
    }

    @Test
    void timersRunOnTheLoopInDeadlineOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        server.loop().execute(() -> {
            server.loop().schedule(60, () -> {
                order.add("late");
                done.countDown();
            });
            server.loop().schedule(1, () -> {
                order.add("early");
                done.countDown();
            });
            server.loop().schedule(30, () -> {
                order.add("cancelled");
            }).cancel();
            server.loop().schedule(30, () -> {
                order.add("middle");
                done.countDown();
            });
        });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("early", "middle", "late");
    }

    @Test
    void workerJobsRunOffTheLoopAndTheirResultsComeBackOnIt() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        server.loop().execute(() -> server.workers().submit(
                () -> server.loop().inLoop() ? "ran on the loop" : "ran on " + Thread.currentThread().getName(),
                (value, error) -> result.complete(server.loop().inLoop() ? value : "callback off the loop")));
        assertThat(result.get(10, TimeUnit.SECONDS)).startsWith("ran on chat-worker-");

        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        server.workers().submit(() -> {
            throw new IllegalStateException("boom");
        }, (value, error) -> failure.complete(error));
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void aFullWorkerQueueRefusesAtOnceInsteadOfPilingUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Throwable> third = new CompletableFuture<>();
        try {
            server.workers().submit(() -> {
                started.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }, (value, error) -> { });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            server.workers().submit(() -> "queued", (value, error) -> { });
            server.workers().submit(() -> "refused", (value, error) -> third.complete(error));
            assertThat(third.get(10, TimeUnit.SECONDS)).isInstanceOf(RejectedExecutionException.class);
        } finally {
            release.countDown();
        }
    }
}
