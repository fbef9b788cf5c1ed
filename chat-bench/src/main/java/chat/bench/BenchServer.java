package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat-server process started from its jar for a scenario that needs servers of its own (a fresh one per run, or
 * one to kill): listening on a free loopback port, its database in a directory of the scenario's, its output in a
 * log file there. Closing it stops it (SIGTERM, then SIGKILL if it does not exit).
 */
final class BenchServer implements FloodSeries.Running {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private BenchServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code jar} with its database at {@code directory/chat.db}, output to {@code directory/logName}, and
     * {@code jvmOptions} and {@code options} besides the address, port and database; waits until it listens.
     */
    static BenchServer start(Path jar, Path directory, String logName, List<String> jvmOptions, List<String> options)
            throws IOException, InterruptedException {
        return start(jar, directory, logName, jvmOptions, directory.resolve("chat.db").toString(), options);
    }

    /** Starts {@code jar} as {@link #start} does, its store {@code db} (a SQLite file or a PostgreSQL URL). */
    static BenchServer start(Path jar, Path directory, String logName, List<String> jvmOptions, String db,
            List<String> options) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        List<String> command = new ArrayList<>();
        String cpus = System.getenv("SERVER_CPUS");
        if (cpus != null && !cpus.isBlank()) {
            // The server on cores of its own (run the generator with taskset on the others): its loop then never
            // waits for the generator's threads, and what is measured is the server.
            command.addAll(List.of("taskset", "-c", cpus.trim()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--bind", "127.0.0.1", "--port", "0", "--db", db));
        command.addAll(options);
        Path log = directory.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // what a node keeps on its machine (its admin socket) in the scenario's directory: nodes on port 0 would
        // all name theirs node-0 in the user's data directory
        builder.environment().put("XDG_DATA_HOME", directory.toAbsolutePath().toString());
        Process process = builder.start();
        try {
            return new BenchServer(process, log, awaitPort(process, log));
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher matcher = LISTENING.matcher(Files.readString(log));
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new IOException("the server exited: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new IOException("the server did not start within 30 s: " + Files.readString(log));
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    int port() {
        return port;
    }

    /** Its memory and CPU, read from /proc. */
    @Override
    public ServerProcess process() {
        return new ServerProcess(process.pid());
    }

    Path log() {
        return log;
    }

    /** Kills it at once (SIGKILL), as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops it (SIGTERM: a graceful shutdown), and kills it if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
