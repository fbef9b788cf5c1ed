package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator commands reach the running server through its admin socket and take effect at once: the account's live
 * connections hear their {@code bye} before the command returns, well before the server's once-a-second look at the
 * database would have found the change. Real server, real sockets, the real command.
 */
class OperatorLiveTest {

    private static final String PASSWORD = "correct horse";
    /** Well under the once-a-second check that notices what other processes write to the database. */
    private static final long AT_ONCE_MILLIS = 500;

    @TempDir
    Path tempDir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anOperatorsDeletionClosesTheAccountsConnectionsAtOnce() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        try (TestClient laptop = TestClient.connect(server.port()); TestClient phone = TestClient.connect(server.port());
                TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(laptop, "alice", PASSWORD);
            AccountsTest.login(phone, "alice", PASSWORD);
            AccountsTest.register(bob, "bob", "bob password");

            operator().run("users", "list"); // the first command in a JVM pays for loading classes; not timed
            long start = System.nanoTime();
            Operator.Result deleted = operator().run("users", "delete", "alice");
            assertThat(laptop.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("account_deleted");
            assertThat(phone.awaitFrame(ServerFrame.Bye.class).reason()).isEqualTo("account_deleted");
            long millis = millisSince(start);

            assertThat(deleted.status()).as(deleted.err()).isZero();
            assertThat(deleted.out()).contains("Deleted alice").contains("2 connections closed");
            assertThat(millis).as("from the command to both goodbyes").isLessThan(AT_ONCE_MILLIS);
            laptop.awaitClosed();
            phone.awaitClosed();
            bob.send(new ClientFrame.Ping("still-here"));
            assertThat(bob.frame(ServerFrame.Pong.class).re()).isEqualTo("still-here");
        }
    }

    @Test
    void anOperatorsPasswordResetEndsTheLiveSessionsAndTheNewPasswordWorks() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        try (TestClient laptop = TestClient.connect(server.port())) {
            String token = AccountsTest.register(laptop, "alice", PASSWORD).token();

            operator().run("users", "list");
            long start = System.nanoTime();
            Operator.Result reset = operator().run("users", "reset-password", "--bcrypt-cost", "4", "alice");
            ServerFrame.Bye bye = laptop.awaitFrame(ServerFrame.Bye.class);
            long millis = millisSince(start);

            assertThat(reset.status()).as(reset.err()).isZero();
            assertThat(bye.reason()).isEqualTo("password_reset");
            assertThat(reset.out()).contains("1 connection closed");
            assertThat(millis).isLessThan(AT_ONCE_MILLIS);
            laptop.awaitClosed();
            String newPassword = reset.out().substring(reset.out().indexOf("New password: ") + 14).strip();
            try (TestClient again = TestClient.connect(server.port())) {
                again.send(new ClientFrame.Resume("old-token", token));
                assertThat(again.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_token");
                assertThat(AccountsTest.login(again, "alice", newPassword).name()).isEqualTo("alice");
            }
        }
    }

    @Test
    void reportsAreListedEscapedAndResolvedThroughTheServer() throws Exception {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        try (Store store = Store.open(tempDir.resolve("chat.db"), Runnable::run)) { // stored before the rules, say
            store.call(c -> ConversationStore.insertReport(c, "mallory\u001b[31m", "bob", "~abc", "spam\u001b[2J",
                    "line one\n<bob> \u202Eevil", 0));
        }
        Operator.Result list = operator().run("reports", "list");
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains("1 report").contains("by mallory\\u001B[31m").contains("reason: spam\\u001B[2J")
                .contains("| <bob> \\u202Eevil");
        assertThat(list.out().chars().filter(c -> c < 0x20 && c != '\n' || c == 0x202E)).isEmpty();

        Operator.Result resolved = operator().run("reports", "resolve", "1", "warned");
        assertThat(resolved.out()).contains("Report #1 resolved.");
        assertThat(operator().run("reports", "list").out()).contains("0 reports");
        assertThat(operator().run("reports", "resolve", "1", "again").err()).contains("no open report #1");
    }

    @Test
    void withNoServerRunningTheCommandsWorkOnTheFile() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        try (TestClient alice = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", PASSWORD);
        }
        Path socket = server.adminSocket();
        server.close();
        server = null;
        assertThat(socket).doesNotExist();

        Operator.Result deleted = operator().run("users", "delete", "alice");
        assertThat(deleted.status()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("Deleted alice").doesNotContain("closed");
        assertThat(operator().run("users", "list").out()).contains("0 accounts");
    }

    private Operator operator() {
        return new Operator(tempDir.resolve("chat.db"));
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
