package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server for a cluster scenario: on a free loopback port, without persistence (a restart empties it, as a
 * cache node's restart does), its output appended to a log. The scenario restarts it on the same port mid-stream.
 */
final class RedisProcess implements AutoCloseable {

    private final Path program;
    private final Path log;
    private final int port;
    private Process process;

    private RedisProcess(Path program, Path log, int port) {
        this.program = program;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code program} (a redis-server binary) on a free port. */
    static RedisProcess start(Path program, Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            port = socket.getLocalPort();
        }
        RedisProcess redis = new RedisProcess(program, log, port);
        redis.start();
        return redis;
    }

    /** The URL nodes take as {@code --redis}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, empty) and waits until it takes connections. */
    synchronized void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(program.toString(), "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited; see " + log);
                }
                Thread.sleep(20); // polling a child process's port: nothing to wait on
            }
        }
        throw new IOException("redis-server did not start within 10 s; see " + log);
    }

    /** Its CPU time and memory, from /proc (while it runs). */
    synchronized ServerProcess process() {
        return process == null ? null : new ServerProcess(process.pid());
    }

    /** Stops it at once (SIGKILL), as a crash or a restart under load would. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
