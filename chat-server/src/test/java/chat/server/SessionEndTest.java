package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.store.AccountStore;
import chat.server.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Logins end when the account says so, whoever says it: a logout everywhere or a reset reaches logins whose password
 * check is still under way, an operator command or another process writing to the database file reaches the live
 * connections, and a logout reaches every connection that resumed the same login. Real server, real sockets, the real
 * operator command.
 */
class SessionEndTest {

    private static final String PASSWORD = "correct horse";
    private static final int RACERS = 6;
    /** The server checks for logins ended by other writers every second; a connection must hear of it within this. */
    private static final long NOTICE_MILLIS = 3_000;

    @TempDir
    Path tempDir;

    private ChatServer server;
    private final CountDownLatch workersFree = new CountDownLatch(1);
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        workersFree.countDown();
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void loginsWhosePasswordCheckBeganBeforeALogoutEverywhereGetNoSession() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).workers(1, 64)
                .resources(limits -> limits.withPools(RACERS + 2, 2, 1)).loginThrottle(RACERS + 1, 900_000));
        TestClient laptop = connect();
        AccountsTest.register(laptop, "alice", PASSWORD);
        List<TestClient> racers = startLoginsAndHoldTheirPasswordChecks();

        laptop.send(new ClientFrame.Logout("everywhere", true));
        laptop.frame(ServerFrame.LoggedOut.class);
        workersFree.countDown();

        for (TestClient racer : racers) {
            ServerFrame frame = racer.frame();
            if (frame instanceof ServerFrame.LoggedIn loggedIn) {
                fail("a login checked before the logout everywhere got a session: " + loggedIn);
            }
            assertThat(frame).isInstanceOfSatisfying(ServerFrame.Error.class,
                    error -> assertThat(error.code()).isEqualTo("account_changed"));
        }
    }

    @Test
    void loginsWhosePasswordCheckBeganBeforeAnOperatorResetGetNoSessionAndLiveOnesAreClosed() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).workers(1, 64)
                .resources(limits -> limits.withPools(RACERS + 2, 2, 1)).loginThrottle(RACERS + 1, 900_000));
        TestClient laptop = connect();
        AccountsTest.register(laptop, "alice", PASSWORD);
        List<TestClient> racers = startLoginsAndHoldTheirPasswordChecks();

        long start = System.nanoTime();
        assertThat(operator("users", "reset-password", "--db", database(), "--bcrypt-cost", "4", "alice")).isZero();
        ServerFrame.Bye bye = laptop.awaitFrame(ServerFrame.Bye.class);
        assertThat(bye.reason()).isEqualTo("password_reset");
        laptop.awaitClosed();
        assertThat(millisSince(start)).isLessThan(NOTICE_MILLIS);
        workersFree.countDown();

        for (TestClient racer : racers) {
            assertThat(racer.frame(ServerFrame.Error.class).code()).isEqualTo("account_changed");
        }
    }

    @Test
    void aDeletionByAnotherWriterClosesTheAccountsConnectionsAndItsLastRequestsFailCleanly() throws Exception {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        TestClient laptop = connect();
        TestClient phone = connect();
        TestClient bob = connect();
        AccountsTest.register(laptop, "alice", PASSWORD);
        AccountsTest.login(phone, "alice", PASSWORD);
        AccountsTest.register(bob, "bob", "bob password");
        List<LogRecord> problems = new CopyOnWriteArrayList<>();
        Handler capture = captureProblems(problems);
        try {
            long start = System.nanoTime();
            // Another process deletes the account in the file (the operator's command goes through the server and
            // closes the connections at once: OperatorLiveTest); the server notices within a second or two.
            try (Store other = Store.open(tempDir.resolve("chat.db"), Runnable::run)) {
                other.call(c -> AccountStore.delete(c, AccountStore.findByName(c, "alice"),
                        System.currentTimeMillis() + 60_000));
            }
            // What the deleted account sends before its connection is closed fails cleanly (or never runs).
            phone.send(new ClientFrame.Say("late", "@bob", "still here?"));
            phone.send(new ClientFrame.Block("late-block", "bob"));
            ServerFrame frame = phone.frame();
            while (!(frame instanceof ServerFrame.Bye)) {
                assertThat(frame).isInstanceOfSatisfying(ServerFrame.Error.class,
                        error -> assertThat(error.code()).isEqualTo("session_ended"));
                frame = phone.frame();
            }
            assertThat(((ServerFrame.Bye) frame).reason()).isEqualTo("account_deleted");
            phone.awaitClosed();
            assertThat(laptop.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("account_deleted");
            laptop.awaitClosed();
            assertThat(millisSince(start)).isLessThan(NOTICE_MILLIS);

            bob.send(new ClientFrame.Who("who", null));
            assertThat(bob.awaitFrame(ServerFrame.WhoList.class).users())
                    .extracting(ServerFrame.UserInfo::name).containsExactly("bob");
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(problems).as("warnings, errors or stack traces in the log").isEmpty();
    }

    @Test
    void loggingOutEndsEveryConnectionThatResumedTheSameLogin() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        TestClient laptop = connect();
        TestClient phone = connect();
        String token = AccountsTest.register(laptop, "alice", PASSWORD).token();
        phone.send(new ClientFrame.Resume("resume", token));
        phone.loggedIn();

        laptop.send(new ClientFrame.Logout("out", null));
        laptop.frame(ServerFrame.LoggedOut.class);
        assertThat(phone.frame(ServerFrame.Bye.class).reason()).isEqualTo("logged_out");
        phone.awaitClosed();
        laptop.send(new ClientFrame.Ping("still-here"));
        assertThat(laptop.frame(ServerFrame.Pong.class).re()).isEqualTo("still-here");
    }

    /**
     * Occupies the only worker, then sends {@link #RACERS} logins with the right password and waits until each has
     * read the account and queued its password check: they are all past the point where the account was looked up.
     */
    private List<TestClient> startLoginsAndHoldTheirPasswordChecks() {
        server.workers().submit(() -> {
            workersFree.await();
            return null;
        }, (ignored, error) -> { });
        List<TestClient> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            TestClient racer = connect();
            racer.send(new ClientFrame.Login("race" + i, "alice", PASSWORD));
            racers.add(racer);
        }
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (server.workers().pending() < 1 + RACERS) {
            if (System.nanoTime() > deadline) {
                fail("the logins did not reach their password checks; pending: " + server.workers().pending());
            }
            pause();
        }
        return racers;
    }

    private TestClient connect() {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        return client;
    }

    private String database() {
        return tempDir.resolve("chat.db").toString();
    }

    /** Runs an operator command in this process, as {@code chat-server ...} would in another one. */
    private static int operator(String... arguments) {
        CommandLine commandLine = new CommandLine(new ServerMain());
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        return commandLine.execute(arguments);
    }

    /** Collects log records at WARNING and above, and any record that carries a stack trace. */
    private static Handler captureProblems(List<LogRecord> problems) {
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue() || record.getThrown() != null) {
                    problems.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** A short wait between two looks at something with no event to wait on (a poll with a deadline). */
    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
