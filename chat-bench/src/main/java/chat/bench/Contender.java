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

    /**
     * A started server process listening on {@code address}. If the generator itself is stopped (Ctrl-C, SIGTERM)
     * before the run ends, a shutdown hook stops the server too: no server outlives the comparison.
     */
    static Running running(Process process, InetSocketAddress address) {
        Thread hook = new Thread(process::destroyForcibly, "stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        ServerProcess server = new ServerProcess(process.pid());
        return new Running() {
            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public ServerProcess process() {
                return server;
            }

            @Override
            public void close() throws IOException {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will
                }
                stop(process);
            }
        };
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
