package chat.tui.cli;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.TuiMain;
import chat.tui.config.ClientConfig;
import chat.tui.config.SavedSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The subcommands against a real server: output, exit codes, and what is saved where. */
class CommandsTest {

    @TempDir
    Path tempDir;

    private ChatServer server;
    private ClientConfig config;
    private final Map<String, String> variables = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        server = TestServers.start(tempDir);
        config = new ClientConfig(tempDir.resolve("home"));
        variables.put("CHAT_SERVER", TestServers.address(server));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registerSavesTheTokenOwnerOnlyAndShowsRecoveryCodes() throws IOException {
        assertThat(run("correct horse\ncorrect horse\n", "register", "alice")).isZero();
        assertThat(out.toString()).contains("Registered alice on " + TestServers.address(server))
                .contains("recovery codes");
        assertThat(recoveryCodes()).hasSize(8);
        SavedSession saved = config.session().orElseThrow();
        assertThat(saved.name()).isEqualTo("alice");
        assertThat(saved.server()).isEqualTo(TestServers.address(server));
        Path file = config.directory().resolve("session.properties");
        assertThat(Files.readString(file)).doesNotContain("correct horse").contains(saved.token());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.directory())))
                .isEqualTo("rwx------");
    }

    @Test
    void loginLogoutAndTheErrorsOnTheWay() {
        run("correct horse\ncorrect horse\n", "register", "alice");
        assertThat(run("", "logout")).isZero();
        assertThat(out.toString()).contains("Logged out.");
        assertThat(config.session()).isEmpty();
        assertThat(run("", "logout")).isZero();
        assertThat(out.toString()).contains("Not logged in.");

        assertThat(run("wrong password\n", "login", "alice")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Password for alice: chat-tui: wrong name or password\n");
        assertThat(run("correct horse\n", "login", "alice")).isZero();
        assertThat(out.toString()).isEqualTo("Logged in as alice on " + TestServers.address(server) + ".\n");
        assertThat(config.session()).isPresent();

        assertThat(run("short\nshort\n", "register", "bob")).isEqualTo(1);
        assertThat(err.toString()).contains("chat-tui: a password has at least 8 characters");
        assertThat(run("long enough\ndifferent one\n", "register", "bob")).isEqualTo(1);
        assertThat(err.toString()).contains("the two passwords differ");
        assertThat(run("long enough\nlong enough\n", "register", "Alice")).isEqualTo(1);
        assertThat(err.toString()).contains("chat-tui: the name Alice is taken");
    }

    @Test
    void passwdResetPasswordAndDeleteAccount() {
        run("correct horse\ncorrect horse\n", "register", "alice");
        List<String> codes = recoveryCodes();

        assertThat(run("correct horse\nnew password 1\nnew password 1\n", "passwd")).isZero();
        assertThat(out.toString()).contains("Password changed");
        assertThat(run("", "logout")).isZero();
        assertThat(run("correct horse\n", "login", "alice")).isEqualTo(1);
        assertThat(run("new password 1\n", "login", "alice")).isZero();

        assertThat(run("reset pass 22\nreset pass 22\n", "reset-password", "alice", codes.get(0))).isZero();
        assertThat(out.toString()).contains("Password reset. Log in with: chat-tui login alice");
        assertThat(config.session()).isEmpty();
        assertThat(run("reset pass 23\nreset pass 23\n", "reset-password", "--server",
                TestServers.address(server), "alice", codes.get(1))).isZero();
        assertThat(out.toString()).contains("Log in with: chat-tui login --server " + TestServers.address(server)
                + " alice");
        assertThat(run("reset pass 24\nreset pass 24\n", "reset-password", "alice", "aaaa-bbbb-cccc-dddd"))
                .isEqualTo(1);
        assertThat(err.toString()).as("a wrong code is refused before a new password is asked for")
                .doesNotContain("password").contains("not an unused recovery code");
        assertThat(run("reset pass 24\ntypo pass 24\n", "reset-password", "alice", codes.get(2))).isEqualTo(1);
        assertThat(err.toString()).contains("the two passwords differ"); // the code was checked, not used
        assertThat(run("reset pass 22\nreset pass 22\n", "reset-password", "alice", codes.get(2))).isZero();
        assertThat(run("reset pass 22\n", "login", "alice")).isZero();

        assertThat(run("reset pass 22\nnot-alice\n", "delete-account")).isEqualTo(1);
        assertThat(err.toString()).contains("not confirmed; nothing was deleted");
        assertThat(run("reset pass 22\nalice\n", "delete-account")).isZero();
        assertThat(out.toString()).contains("Deleted alice and its data.");
        assertThat(config.session()).isEmpty();
        assertThat(run("reset pass 22\n", "login", "alice")).isEqualTo(1);
        assertThat(err.toString()).contains("wrong name or password");
    }

    @Test
    void sendDeliversOneMessageForScripts() throws Exception {
        assertThat(run("bob password\nbob password\n", "register", "bob")).isZero();
        assertThat(run("alice password\nalice password\n", "register", "alice")).isZero();
        assertThat(run("", "send", "--to", "@bob", "build", "finished")).isZero();
        assertThat(run("", "send", "--to", "@nobody-here", "hi")).isEqualTo(1);
        assertThat(err.toString()).contains("chat-tui: no account is called nobody-here");
        try (chat.tui.net.ChatClient bob = chat.tui.net.ChatClient.connect(
                chat.tui.net.HostPort.parse(TestServers.address(server)), null, java.time.Duration.ofSeconds(5),
                chat.tui.net.ChatClient.Listener.IGNORE)) {
            bob.call(new chat.core.wire.ClientFrame.Login(null, "bob", "bob password"),
                    chat.core.wire.ServerFrame.LoggedIn.class, java.time.Duration.ofSeconds(5));
            chat.core.wire.ServerFrame.History history = bob.call(
                    new chat.core.wire.ClientFrame.History(null, "@alice", null, 10),
                    chat.core.wire.ServerFrame.History.class, java.time.Duration.ofSeconds(5));
            assertThat(history.messages()).extracting(chat.core.wire.ServerFrame.Message::text)
                    .containsExactly("build finished");
        }
    }

    @Test
    void anUnreachableServerIsOneLineAndStatusOne() {
        variables.put("CHAT_SERVER", "127.0.0.1:1");
        assertThat(run("correct horse\n", "login", "alice")).isEqualTo(1);
        assertThat(err.toString()).contains("chat-tui: cannot reach 127.0.0.1:1").doesNotContain("Exception");
    }

    @Test
    void helpVersionCompletionAndTheScreenNeedsATerminal() {
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString()).contains("connect").contains("register").contains("delete-account")
                .contains("send");
        assertThat(run("", "--version")).isZero();
        assertThat(out.toString()).startsWith("chat-tui ");
        assertThat(run("", "generate-completion")).isZero();
        assertThat(out.toString()).contains("complete -F").contains("reset-password");
        assertThat(run("", "chat")).isEqualTo(1);
        assertThat(err.toString()).contains("needs a terminal");
        assertThat(run("", "login")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
    }

    @Test
    void aBadServerAddressIsOneUsageErrorEverywhere() {
        for (String bad : List.of("localhost:99999", "localhost:abc", ":17000", "localhost:", "tls://")) {
            for (String[] command : new String[][] {{"register", "--server", bad, "alice"},
                    {"login", "--server", bad, "alice"}, {"send", "--server", bad, "--to", "@bob", "hi"},
                    {"passwd", "--server", bad}, {"logout", "--server", bad}, {"delete-account", "--server", bad},
                    {"chat", "--server", bad}, {"connect", bad}, {"connect", "--server", bad}}) {
                assertThat(run("password\npassword\n", command)).as(String.join(" ", command)).isEqualTo(2);
                assertThat(err.toString()).as(String.join(" ", command)).contains("not a server address: '" + bad
                        + "'").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Password");
                assertThat(err.toString().lines().count()).isEqualTo(2);
            }
        }
        variables.put("CHAT_SERVER", "foo:bar");
        for (String[] command : new String[][] {{"register", "alice"}, {"login", "alice"},
                {"send", "--to", "@bob", "hi"}, {"chat"}, {"connect"}, {"passwd"}, {"logout"}, {"delete-account"}}) {
            assertThat(run("password\npassword\n", command)).as(String.join(" ", command)).isEqualTo(2);
            assertThat(err.toString()).contains("$CHAT_SERVER is not a server address: 'foo:bar' (the port bar is"
                    + " not a number").doesNotContain("Exception");
        }
    }

    @Test
    void everyCommandThatTalksToAServerTakesServerAndTls() {
        for (String command : List.of("connect", "chat", "register", "login", "logout", "passwd", "reset-password",
                "delete-account", "send")) {
            assertThat(run("", command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("--server=HOST:PORT").contains("--tls");
        }
        assertThat(run("", "connect", "--server", "localhost:7000", "localhost:7001")).isEqualTo(2);
        assertThat(err.toString()).contains("the server is given twice");
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String command : List.of("connect", "chat", "register", "login", "logout", "passwd", "reset-password",
                "delete-account", "send", "generate-completion")) {
            assertThat(run("", command, "--version")).as(command).isZero();
            assertThat(out.toString()).as(command).startsWith("chat-tui ");
        }
    }

    @Test
    void sendToARoomJoinsItFirst() throws Exception {
        try (chat.tui.net.ChatClient listener = chat.tui.net.ChatClient.connect(
                chat.tui.net.HostPort.parse(TestServers.address(server)), null, java.time.Duration.ofSeconds(5),
                chat.tui.net.ChatClient.Listener.IGNORE)) {
            listener.call(new chat.core.wire.ClientFrame.Join(null, "#lobby"), chat.core.wire.ServerFrame.Room.class,
                    java.time.Duration.ofSeconds(5));
            assertThat(run("", "send", "--to", "#lobby", "deploy", "done")).isZero();
            assertThat(err.toString()).isEmpty();
            chat.core.wire.ServerFrame.History history = listener.call(
                    new chat.core.wire.ClientFrame.History(null, "#lobby", null, 10),
                    chat.core.wire.ServerFrame.History.class, java.time.Duration.ofSeconds(5));
            assertThat(history.messages()).extracting(chat.core.wire.ServerFrame.Message::text)
                    .containsExactly("deploy done");
        }
    }

    @Test
    void accountCommandsWithoutALoginSaySoWithoutConnecting() {
        variables.put("CHAT_SERVER", "127.0.0.1:1"); // nothing listens there: a connection attempt would show
        assertThat(run("old\nnew password\nnew password\n", "passwd")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chat-tui: not logged in (chat-tui login NAME first)\n");
        assertThat(run("password\nalice\n", "delete-account")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chat-tui: not logged in (chat-tui login NAME first)\n");
        assertThat(run("", "logout")).isZero();
        assertThat(out.toString()).isEqualTo("Not logged in.\n");
    }

    @Test
    void accountCommandsTakeServerAndUseTheLoginSavedForIt() {
        variables.remove("CHAT_SERVER");
        String address = TestServers.address(server);
        assertThat(run("correct horse\ncorrect horse\n", "register", "--server", address, "alice")).isZero();
        assertThat(run("", "passwd", "--server", "127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("not logged in on 127.0.0.1:1 (the saved login is alice on " + address);
        assertThat(run("correct horse\nnew password 2\nnew password 2\n", "passwd", "--server", address))
                .isZero();
        assertThat(run("", "logout", "--server", address)).isZero();
        assertThat(out.toString()).isEqualTo("Logged out.\n");
        assertThat(run("new password 2\n", "login", "--server", address, "alice")).isZero();
        assertThat(run("new password 2\nalice\n", "delete-account", "--server", address)).isZero();
        assertThat(out.toString()).contains("Deleted alice");
    }

    @Test
    void registerChecksTheNameBeforeAskingForAPassword() {
        assertThat(run("", "register", "guest42")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chat-tui: names starting with \"guest\" are kept for guests: guest42\n");
        assertThat(run("", "register", "a")).isEqualTo(1);
        assertThat(err.toString()).startsWith("chat-tui: a name has 3 to 20 characters");
        assertThat(run("correct horse\ncorrect horse\n", "register", "alice")).isZero();
        assertThat(run("", "register", "ALICE")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("chat-tui: the name ALICE is taken\n");
    }

    @Test
    void passwdChecksTheCurrentPasswordBeforeAskingForTheNewOne() {
        assertThat(run("correct horse\ncorrect horse\n", "register", "alice")).isZero();
        assertThat(run("wrong horse\n", "passwd")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Current password for alice: chat-tui: wrong password\n");
        assertThat(run("correct horse\nnew password 1\nnew password 1\n", "passwd")).isZero();
        assertThat(run("", "send", "--to", "#lobby", "still", "logged", "in")).isZero();
        assertThat(err.toString()).isEmpty(); // the saved login is this device's new one
    }

    private List<String> recoveryCodes() {
        Matcher matcher = Pattern.compile("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}").matcher(out.toString());
        return matcher.results().map(m -> m.group()).toList();
    }

    private int run(String stdin, String... arguments) {
        return CommandRunner.run(variables, config, out, err, stdin, arguments);
    }
}
