package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's account commands, run against the database a real server wrote. */
class UsersCommandTest {

    @TempDir
    Path tempDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theOperatorListsResetsAndDeletesAccounts() {
        try (ChatServer server = TestServer.start(tempDir, config -> config.bcryptCost(4));
                TestClient alice = TestClient.connect(server.port());
                TestClient bob = TestClient.connect(server.port())) {
            AccountsTest.register(alice, "alice", "alice password");
            AccountsTest.register(bob, "Bob", "bob password");
        }
        String db = tempDir.resolve("chat.db").toString();

        assertThat(run("users", "list", "--db", db)).isZero();
        assertThat(out.toString()).contains("alice").contains("Bob").contains("2 accounts");

        assertThat(run("users", "reset-password", "--db", db, "--bcrypt-cost", "4", "alice")).isZero();
        String printed = out.toString();
        String newPassword = printed.substring(printed.indexOf("New password: ") + "New password: ".length()).strip();
        assertThat(newPassword).hasSize(16);

        assertThat(run("users", "delete", "--db", db, "bob")).isZero();
        assertThat(out.toString()).contains("Deleted Bob").contains("held until");

        assertThat(run("users", "delete", "--db", db, "nobody")).isEqualTo(1);
        assertThat(err.toString()).contains("no account is called nobody");
        assertThat(run("users", "list", "--db", tempDir.resolve("missing.db").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("no database at");

        try (ChatServer server = TestServer.start(tempDir, config -> config.bcryptCost(4));
                TestClient client = TestClient.connect(server.port())) {
            client.send(new ClientFrame.Login("old", "alice", "alice password"));
            assertThat(client.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
            assertThat(AccountsTest.login(client, "alice", newPassword).name()).isEqualTo("alice");
            client.send(new ClientFrame.Logout(null, null));
            client.frame(ServerFrame.LoggedOut.class);
            client.send(new ClientFrame.Login("gone", "bob", "bob password"));
            assertThat(client.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
        }
    }

    @Test
    void everyOperatorCommandPrintsTheVersion() {
        for (String[] command : new String[][] {{"users"}, {"users", "list"}, {"users", "delete"}, {"reports"},
                {"reports", "resolve"}}) {
            String[] arguments = java.util.Arrays.copyOf(command, command.length + 1);
            arguments[command.length] = "--version";
            assertThat(run(arguments)).isZero();
            assertThat(out.toString()).as(String.join(" ", command)).startsWith("chat-server ");
        }
    }

    private int run(String... arguments) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = new CommandLine(new ServerMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
