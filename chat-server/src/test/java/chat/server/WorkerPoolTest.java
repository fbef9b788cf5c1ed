package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker pool: jobs run off the caller, answers come back on the given executor, at a lower priority. */
class WorkerPoolTest {

    @Test
    void jobsRunOnWorkersAtALowerPriorityThanTheLoop() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only: /proc/thread-self");
        try (WorkerPool pool = new WorkerPool(1, 10, Runnable::run)) {
            CompletableFuture<Integer> niceness = new CompletableFuture<>();
            pool.submit(WorkerPoolTest::ownNiceness, (value, error) -> {
                if (error != null) {
                    niceness.completeExceptionally(error);
                } else {
                    niceness.complete(value);
                }
            });
            assertThat(niceness.get(10, TimeUnit.SECONDS)).isGreaterThan(ownNiceness());
        }
    }

    /** The calling thread's nice value, from /proc (field 19 of its stat line). */
    private static int ownNiceness() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
