package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A server the comparison measures: started fresh for every run, in a directory of its own, and stopped after it.
 */
interface Contender {

    /** Its name in tables: {@code chat-server}, {@code inspircd}. */
    String name();

    /** What the generator speaks to it. */
    PairsProtocol protocol(boolean acks);

    /** Starts a fresh server listening on loopback; returns once it accepts connections. */
    Running start(Path directory, boolean acks) throws IOException;

    /** A started server. Closing stops it and waits for it to exit. */
    interface Running extends AutoCloseable {
        InetSocketAddress address();

        ServerProcess process();

        @Override
        void close() throws IOException;
    }

    /** Stops {@code process}: politely first, then by force; waits for it to exit either way. */
    static void stop(Process process) throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the server", e);
        }
    }
}
