package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.admin.AdminSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as an operator runs it: a child process, its exit codes, its signals. */
class ServerProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path tempDir;

    @Test
    void sigtermSaysGoodbyeToClientsAndExitsZero() throws Exception {
        Path log = tempDir.resolve("server.log");
        Process process = start(log, "--bind", "127.0.0.1", "--port", "0", "--db",
                tempDir.resolve("chat.db").toString());
        try {
            int port = awaitPort(process, log);
            try (TestClient json = TestClient.connect(port); TestClient person = TestClient.connect(port)) {
                json.send(new ClientFrame.Ping("p"));
                json.frame(ServerFrame.Pong.class);
                person.send("/ping");
                assertThat(person.line()).isEqualTo("* pong");

                process.destroy(); // SIGTERM
                ServerFrame.Bye bye = json.frame(ServerFrame.Bye.class);
                assertThat(bye.reason()).isEqualTo("server_shutdown");
                json.awaitClosed();
                assertThat(person.line()).isEqualTo("* Bye: the server is shutting down");
                person.awaitClosed();
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readAllLines(log)).anyMatch(line -> line.endsWith("INFO stopped"));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aServerStartedWithoutAHeapBoundSaysSoAndOneWithTheLaunchersOptionsDoesNot() throws Exception {
        Path unboundedLog = tempDir.resolve("unbounded.log");
        Path boundedLog = tempDir.resolve("bounded.log");
        Process unbounded = start(unboundedLog, "--bind", "127.0.0.1", "--port", "0", "--db",
                tempDir.resolve("a.db").toString());
        Process bounded = start(boundedLog, List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-Xmn16m"), "--bind",
                "127.0.0.1", "--port", "0", "--db", tempDir.resolve("b.db").toString());
        try {
            awaitPort(unbounded, unboundedLog);
            awaitPort(bounded, boundedLog);
            assertThat(awaitLine(unboundedLog, "without a heap bound")).contains("WARNING the JVM was started")
                    .contains("docs/PERFORMANCE.md");
            assertThat(awaitLine(boundedLog, "INFO JVM")).contains("-510 MB, collectors Copy, MarkSweepCompact");
            assertThat(Files.readAllLines(boundedLog)).noneMatch(line -> line.contains("without a heap bound"));
        } finally {
            unbounded.destroyForcibly();
            bounded.destroyForcibly();
        }
        assertThat(JvmSettings.heapBounded(List.of("-Dx=1", "-Xmx64m"))).isTrue();
        assertThat(JvmSettings.heapBounded(List.of("-XX:MaxRAMPercentage=25"))).isTrue();
        assertThat(JvmSettings.heapBounded(List.of("-Xms64m", "-XX:+UseSerialGC"))).isFalse();
    }

    @Test
    void whatTheServerAcknowledgedSurvivesSigkill() throws Exception {
        String db = tempDir.resolve("data/chat.db").toString();
        List<String> tokens = new ArrayList<>();
        Path firstLog = tempDir.resolve("first.log");
        Process first = start(firstLog, "--bind", "127.0.0.1", "--port", "0", "--db", db, "--bcrypt-cost", "4",
                "--registrations-per-hour", "100", "--limit", "account.connection=off");
        try {
            int port = awaitPort(first, firstLog);
            try (TestClient client = TestClient.connect(port)) {
                for (int i = 0; i < 20; i++) {
                    tokens.add(AccountsTest.register(client, "user" + i, "password " + i).token());
                    client.send(new ClientFrame.Logout("o" + i, null));
                    client.frame(ServerFrame.LoggedOut.class);
                    tokens.set(i, AccountsTest.login(client, "user" + i, "password " + i).token());
                    client.send(new ClientFrame.Logout(null, null)); // not waited for: may or may not be stored
                    client.frame(ServerFrame.LoggedOut.class);
                }
                client.send(new ClientFrame.Register("last", "last-one", "password last"));
                tokens.add(client.loggedIn().token());
                first.destroyForcibly(); // SIGKILL
                client.awaitClosed();
            }
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.destroyForcibly();
        }

        Path secondLog = tempDir.resolve("second.log");
        Process second = start(secondLog, "--bind", "127.0.0.1", "--port", "0", "--db", db, "--bcrypt-cost", "4",
                "--limit", "account.connection=off");
        try {
            int port = awaitPort(second, secondLog);
            try (TestClient client = TestClient.connect(port)) {
                for (int i = 0; i < 20; i++) {
                    assertThat(AccountsTest.login(client, "user" + i, "password " + i).name()).isEqualTo("user" + i);
                    client.send(new ClientFrame.Logout("o" + i, null));
                    client.frame(ServerFrame.LoggedOut.class);
                }
                client.send(new ClientFrame.Resume("r", tokens.get(20)));
                assertThat(client.loggedIn().name()).isEqualTo("last-one");
            }
        } finally {
            second.destroyForcibly();
        }
    }

    @Test
    void operatorsReachTheServerProcessAndASecondServerOnItsDatabaseIsRefused() throws Exception {
        Path db = tempDir.resolve("chat.db");
        Path log = tempDir.resolve("server.log");
        Process process = start(log, "--bind", "127.0.0.1", "--port", "0", "--db", db.toString(), "--bcrypt-cost", "4");
        try {
            int port = awaitPort(process, log);
            try (TestClient alice = TestClient.connect(port)) {
                AccountsTest.register(alice, "alice", "password 1");
                Operator.Result who = new Operator(db).run("who");
                assertThat(who.status()).as(who.err()).isZero();
                assertThat(who.out()).contains("alice").contains("127.0.0.1").contains("1 connection");
                assertThat(new Operator(db).run("kick", "alice", "time", "to", "go").status()).isZero();
                ServerFrame.Bye bye = alice.awaitFrame(ServerFrame.Bye.class);
                assertThat(bye.reason()).isEqualTo("kicked");
                assertThat(bye.message()).endsWith(": time to go");
            }

            Path secondLog = tempDir.resolve("second.log");
            Process second = start(secondLog, "--bind", "127.0.0.1", "--port", "0", "--db", db.toString());
            assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(Files.readString(secondLog)).contains("chat-server: another server answers on "
                    + AdminSocket.pathFor(db) + "; is one already running with this database?");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(AdminSocket.pathFor(db)).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withoutDbTheDataGoesToTheUsersDataDirectoryWhereverTheServerStarts() throws Exception {
        Path log = tempDir.resolve("default.log");
        Process process = start(log, "--bind", "127.0.0.1", "--port", "0", "--bcrypt-cost", "4");
        try {
            int port = awaitPort(process, log);
            try (TestClient alice = TestClient.connect(port)) {
                AccountsTest.register(alice, "alice", "password 1");
            }
            Path db = tempDir.resolve("xdg-data/chat-server/chat.db");
            assertThat(db).exists();
            assertThat(Files.readString(log)).contains("INFO data in " + db);
            assertThat(tempDir.resolve("chat-data")).doesNotExist();
            Operator.Result who = new Operator(db).run("who"); // the running server answers on that database
            assertThat(who.status()).as(who.err()).isZero();
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(DataDirectory.of(java.util.Map.of(), Path.of("/home/ann")))
                .isEqualTo(Path.of("/home/ann/.local/share/chat-server"));
        assertThat(DataDirectory.of(java.util.Map.of("XDG_DATA_HOME", "/srv/data"), Path.of("/home/ann")))
                .isEqualTo(Path.of("/srv/data/chat-server"));
        assertThat(DataDirectory.of(java.util.Map.of("XDG_DATA_HOME", "relative"), Path.of("/home/ann")))
                .isEqualTo(Path.of("/home/ann/.local/share/chat-server"));
    }

    @Test
    void aPortInUseIsOneClearLineAndExitStatusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path log = tempDir.resolve("taken.log");
            Process process = start(log, "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            List<String> stderr = Files.readAllLines(log);
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(stderr).containsExactly("chat-server: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use (is another server running? choose another --port)");
        }
    }

    @Test
    void badOptionsExitTwoAndHelpAndVersionExitZero() throws Exception {
        Path badLog = tempDir.resolve("bad.log");
        Process bad = start(badLog, "--port", "seven");
        assertThat(bad.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(Files.readString(badLog)).contains("Invalid value for option '--port'");

        Process help = start(tempDir.resolve("help.log"), "--help");
        assertThat(help.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("--port").contains("--bind").contains("--db").contains("--max-line-bytes")
                .contains("--max-connections");

        Process version = start(tempDir.resolve("version.log"), "--version");
        assertThat(version.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .matches("chat-server \\d+\\.\\d+\\.\\d+.*");
    }

    /** Starts the server's main class as a child process; its stderr (the log) goes to {@code log}. */
    private Process start(Path log, String... arguments) throws IOException {
        return start(log, List.of(), arguments);
    }

    private Process start(Path log, List<String> jvmOptions, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerMain.class.getName());
        command.addAll(List.of(arguments));
        Files.createDirectories(tempDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(tempDir.toFile()).redirectError(log.toFile());
        builder.environment().put("XDG_DATA_HOME", tempDir.resolve("xdg-data").toString()); // never the real home
        builder.environment().put("HOME", tempDir.resolve("home").toString());
        return builder.start();
    }

    /** Polls the log for a line containing {@code text}; fails if none comes in time. */
    private static String awaitLine(Path log, String text) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("no line with \"" + text + "\" in " + Files.readAllLines(log));
    }

    /** Polls the log until the server says where it listens; fails if it exits first or takes too long. */
    private static int awaitPort(Process process, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (String line : Files.exists(log) ? Files.readAllLines(log) : List.<String>of()) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited before it listened: " + Files.readString(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("the server did not listen within 30 s");
    }
}
