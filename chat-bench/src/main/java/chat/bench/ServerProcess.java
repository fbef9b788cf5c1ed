package chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads what a process costs from /proc: resident memory, CPU time, how long its threads waited for a CPU. Linux
 * only. Mostly the server's; the generator reads its own threads' waits the same way.
 */
final class ServerProcess {

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final long pid;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    /** Resident set size in bytes, or -1 when unknown. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time used so far (user + system), in nanoseconds, or -1 when unknown. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return TimeUnit.SECONDS.toNanos(ticks) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * How long the threads called {@code threadName} have waited for a CPU while runnable, in nanoseconds (the run
     * queue delay in /proc/PID/task/TID/schedstat), or -1 when unknown: a tail that comes from a machine too busy
     * to run the thread, rather than from the thread's own work.
     */
    long runQueueWaitNanos(String threadName) {
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long total = -1;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals(threadName)) {
                        String[] fields = Files.readString(task.resolve("schedstat")).strip().split(" ");
                        total = Math.max(total, 0) + Long.parseLong(fields[1]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The machine's load averages over 1, 5 and 15 minutes (/proc/loadavg), or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Heap in use after a full collection, in bytes (asks the JVM with jcmd), or -1 when unknown. */
    long heapAfterGc() {
        try {
            run("jcmd", Long.toString(pid), "GC.run");
            String info = run("jcmd", Long.toString(pid), "GC.heap_info");
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }
}
