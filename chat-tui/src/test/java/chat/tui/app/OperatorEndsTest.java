package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerMain;
import chat.tui.TestServers;
import chat.tui.model.ChatState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * After an operator's kick or ban, or the account's deletion, the screen says why and does not reconnect by itself:
 * every other goodbye is followed by a reconnect within a second.
 */
class OperatorEndsTest {

    /** Longer than the first pause before a reconnect (1 s): a client that reconnects has done so by then. */
    private static final Duration LONGER_THAN_A_RETRY = Duration.ofMillis(1_800);

    @TempDir
    Path tempDir;

    /** Runs {@code chat-server WORDS... --db DB ARGUMENTS...} as an operator on the server's machine. */
    private void operator(int commandWords, String... words) {
        String[] arguments = new String[words.length + 2];
        System.arraycopy(words, 0, arguments, 0, commandWords);
        arguments[commandWords] = "--db";
        arguments[commandWords + 1] = tempDir.resolve("chat.db").toString();
        System.arraycopy(words, commandWords, arguments, commandWords + 2, words.length - commandWords);
        CommandLine command = new CommandLine(new ServerMain());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(new StringWriter()));
        assertThat(command.execute(arguments)).isZero();
    }

    private RunningApp alice(ChatServer server) {
        RunningApp app = new RunningApp(server, tempDir.resolve("alice"), ChatState.Bell.OFF);
        app.awaitText("● online");
        app.enter("/register alice secret-password");
        app.awaitText("Logged in as alice.");
        return app;
    }

    /**
     * The screen says why it is offline and makes no further attempt. (A refused address may take one attempt more
     * to learn why: a reset connection can swallow the refusal line.)
     */
    private static void staysOffline(RunningApp app, String why) {
        String said = app.await(text -> text.contains("Not reconnecting: " + why) && text.contains("offline"),
                "offline: " + why);
        LockSupport.parkNanos(LONGER_THAN_A_RETRY.toNanos()); // nothing to wait for: no reconnect must come
        String later = app.screen.text();
        assertThat(later).doesNotContain("● online");
        assertThat(count(later, "Reconnected")).isEqualTo(count(said, "Reconnected"));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aKickedClientSaysSoAndStaysOffline() throws Exception {
        try (ChatServer server = TestServers.start(tempDir); RunningApp alice = alice(server)) {
            operator(1, "kick", "alice", "cool", "down");
            alice.awaitText("an operator disconnected you: cool down");
            staysOffline(alice, "kicked by an operator");
        }
    }

    @Test
    void aBannedAccountSaysUntilWhenAndStaysOffline() throws Exception {
        try (ChatServer server = TestServers.start(tempDir); RunningApp alice = alice(server)) {
            operator(1, "ban", "alice", "2h", "spam");
            staysOffline(alice, "an operator banned you until");
        }
    }

    @Test
    void aBannedAddressIsNotTriedAgain() throws Exception {
        try (ChatServer server = TestServers.start(tempDir)) {
            operator(1, "ban", "127.0.0.1", "spam");
            try (RunningApp guest = new RunningApp(server, tempDir.resolve("guest"), ChatState.Bell.OFF)) {
                staysOffline(guest, "banned: connections from your address are banned: spam");
            }
        }
    }

    @Test
    void aDeletedAccountIsNotResumedAgainAndAgain() throws Exception {
        try (ChatServer server = TestServers.start(tempDir); RunningApp alice = alice(server)) {
            operator(2, "users", "delete", "alice");
            staysOffline(alice, "the account was deleted");
        }
    }
}
