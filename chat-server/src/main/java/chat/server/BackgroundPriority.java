package chat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Lowers the scheduling priority of the calling thread (Linux: nice 10), for threads that burn CPU in long
 * stretches, such as bcrypt, so that the event loop wins the core whenever it has work: a burst of logins then
 * delays logins, not chat. Java's own thread priorities do nothing on Linux, so this asks {@code renice} for the
 * thread's id; lowering one's own priority needs no privilege. Where that is not possible (another system, no
 * renice) the thread keeps its priority and a line says so once.
 */
final class BackgroundPriority {

    private static final Logger LOG = Logger.getLogger(BackgroundPriority.class.getName());
    private static final String NICENESS = "10";
    private static volatile boolean warned;

    private BackgroundPriority() {
    }

    static void lowerCurrentThread() {
        try {
            // /proc/thread-self links to "PID/task/TID" for the thread that reads it
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", NICENESS, "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                warnOnce("renice failed");
            }
        } catch (IOException | UnsupportedOperationException e) {
            warnOnce(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void warnOnce(String why) {
        if (!warned) {
            warned = true;
            LOG.info(() -> "worker threads keep normal priority (" + why + "); logins may slow chat down under load");
        }
    }
}
