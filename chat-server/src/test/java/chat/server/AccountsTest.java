package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts end to end: a real server, real sockets, a real SQLite file in a temp directory. */
class AccountsTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = startServer(config -> config);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.close();
    }

    private ChatServer startServer(java.util.function.UnaryOperator<ServerConfig.Builder> adjust) {
        return TestServer.start(tempDir, config -> adjust.apply(config.bcryptCost(4)));
    }

    @Test
    void registeringLogsInWithATokenAndRecoveryCodesAndTheNameReplacesTheGuestHandle() {
        try (TestClient alice = TestClient.connect(server.port())) {
            ServerFrame.LoggedIn login = register(alice, "Alice", PASSWORD);
            assertThat(login.name()).isEqualTo("Alice");
            assertThat(login.token()).hasSize(43);
            assertThat(login.expires()).isGreaterThan(System.currentTimeMillis());
            assertThat(login.recoveryCodes()).hasSize(8).doesNotHaveDuplicates()
                    .allMatch(code -> code.matches("[a-z2-9]{4}(-[a-z2-9]{4}){3}"));

            alice.send(new ClientFrame.Hello("h", null));
            ServerFrame.Welcome welcome = alice.frame(ServerFrame.Welcome.class);
            assertThat(welcome.handle()).isEqualTo("Alice");
            assertThat(welcome.loggedIn()).isTrue();
        }
    }

    @Test
    void peopleOnNetcatRegisterLogInAndOut() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient phone = TestClient.connect(server.port())) {
            alice.send("/register alice " + PASSWORD);
            assertThat(alice.line()).isEqualTo("* Welcome, alice! Your account is ready and you are logged in.");
            assertThat(alice.line()).startsWith("* Your recovery codes");
            for (int i = 0; i < 8; i++) {
                assertThat(alice.line()).matches("\\*   [a-z2-9-]{19}");
            }
            alice.send("/whoami");
            assertThat(alice.line()).isEqualTo("* You are alice (logged in).");

            phone.send("/login ALICE " + PASSWORD); // names are case-insensitive
            assertThat(phone.line()).isEqualTo("* Logged in as alice.");
            phone.send("/logout");
            assertThat(phone.line()).isEqualTo("* Logged out. You are " + phone.handle() + " again.");
            phone.send("/login alice wrong-password");
            assertThat(phone.line()).isEqualTo("! wrong name or password (wrong_password)");
            phone.send("/login nobody-here " + PASSWORD);
            assertThat(phone.line()).isEqualTo("! wrong name or password (wrong_password)"); // the same
            phone.send("/register");
            assertThat(phone.line()).isEqualTo("! usage: /register NAME PASSWORD (bad_arguments)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "averyveryverylongname1", "1abc", "al ice", "ali.ce", "guest-1234", "Guest42",
            "admin", "élan", "名前"})
    void invalidNamesAreRefused(String name) {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send(new ClientFrame.Register("r", name, PASSWORD));
            ServerFrame.Error error = client.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo("invalid_name");
            assertThat(error.re()).isEqualTo("r");
        }
    }

    @Test
    void takenNamesShortPasswordsAndRegisteringTwiceAreRefused() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient other = TestClient.connect(server.port())) {
            register(alice, "alice", PASSWORD);
            other.send(new ClientFrame.Register("r1", "ALICE", PASSWORD));
            assertThat(other.frame(ServerFrame.Error.class).code()).isEqualTo("name_taken");
            other.send(new ClientFrame.Register("r2", "bob", "short"));
            assertThat(other.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_password");
            other.send(new ClientFrame.Register("r3", "bob", "x".repeat(73)));
            assertThat(other.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_password");
            alice.send(new ClientFrame.Register("r4", "alice2", PASSWORD));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("already_logged_in");
            alice.send(new ClientFrame.Login("r5", "alice", PASSWORD));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("already_logged_in");
            other.send(new ClientFrame.ChangePassword("r6", PASSWORD, "another password"));
            assertThat(other.frame(ServerFrame.Error.class).code()).isEqualTo("not_logged_in");
        }
    }

    @Test
    void aTokenResumesTheLoginUntilLogoutEndsIt() {
        String token;
        try (TestClient first = TestClient.connect(server.port())) {
            token = register(first, "alice", PASSWORD).token();
        }
        try (TestClient again = TestClient.connect(server.port())) {
            again.send(new ClientFrame.Resume("r", token));
            ServerFrame.LoggedIn resumed = again.loggedIn();
            assertThat(resumed.name()).isEqualTo("alice");
            assertThat(resumed.recoveryCodes()).isNull();
            again.send(new ClientFrame.Logout("o", null));
            assertThat(again.frame(ServerFrame.LoggedOut.class).handle()).isEqualTo(again.handle());

            again.send(new ClientFrame.Resume("r2", token));
            assertThat(again.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_token");
            again.send(new ClientFrame.Resume("r3", "made-up"));
            assertThat(again.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_token");
        }
    }

    @Test
    void logoutEverywhereEndsEveryDevice() {
        try (TestClient laptop = TestClient.connect(server.port()); TestClient phone = TestClient.connect(server.port())) {
            register(laptop, "alice", PASSWORD);
            String phoneToken = login(phone, "alice", PASSWORD).token();
            laptop.send(new ClientFrame.Logout("o", true));
            laptop.frame(ServerFrame.LoggedOut.class);
            assertThat(phone.frame(ServerFrame.Bye.class).reason()).isEqualTo("logged_out");
            phone.awaitClosed();
            try (TestClient later = TestClient.connect(server.port())) {
                later.send(new ClientFrame.Resume("r", phoneToken));
                assertThat(later.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_token");
            }
        }
    }

    @Test
    void changingThePasswordNeedsTheOldOneAndEndsTheOtherDevices() {
        try (TestClient laptop = TestClient.connect(server.port()); TestClient phone = TestClient.connect(server.port())) {
            String laptopToken = register(laptop, "alice", PASSWORD).token();
            String phoneToken = login(phone, "alice", PASSWORD).token();

            laptop.send(new ClientFrame.ChangePassword("c1", "not the password", "new password 1"));
            assertThat(laptop.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
            laptop.send(new ClientFrame.ChangePassword("c2", PASSWORD, "new password 1"));
            ServerFrame.Ok ok = laptop.frame(ServerFrame.Ok.class);
            assertThat(ok.re()).isEqualTo("c2");
            assertThat(ok.message()).contains("password changed");
            assertThat(phone.frame(ServerFrame.Bye.class).reason()).isEqualTo("password_changed");
            phone.awaitClosed();

            try (TestClient later = TestClient.connect(server.port())) {
                later.send(new ClientFrame.Resume("r1", phoneToken));
                assertThat(later.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_token");
                later.send(new ClientFrame.Login("l1", "alice", PASSWORD));
                assertThat(later.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
                later.send(new ClientFrame.Resume("r2", laptopToken)); // the device that changed it stays logged in
                assertThat(later.loggedIn().name()).isEqualTo("alice");
            }
        }
    }

    @Test
    void aRecoveryCodeResetsThePasswordOnceAndEndsEveryLogin() {
        try (TestClient laptop = TestClient.connect(server.port()); TestClient forgetful =
                TestClient.connect(server.port())) {
            List<String> codes = register(laptop, "alice", PASSWORD).recoveryCodes();

            forgetful.send(new ClientFrame.ResetPassword("x", "alice", "aaaa-bbbb-cccc-dddd", "brand new pass"));
            assertThat(forgetful.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_code");
            forgetful.send(new ClientFrame.ResetPassword("x2", "alice", codes.get(3).toUpperCase(), "brand new pass"));
            assertThat(forgetful.frame(ServerFrame.Ok.class).message()).contains("password reset");
            assertThat(laptop.frame(ServerFrame.Bye.class).reason()).isEqualTo("password_reset");
            laptop.awaitClosed();

            forgetful.send("/reset alice " + codes.get(3) + " another new pass");
            assertThat(forgetful.line()).endsWith("(invalid_code)");
            forgetful.send(new ClientFrame.Login("l", "alice", "brand new pass"));
            assertThat(forgetful.loggedIn().name()).isEqualTo("alice");
        }
    }

    @Test
    void deletingTheAccountNeedsThePasswordEndsEveryDeviceAndHoldsTheName() {
        try (TestClient laptop = TestClient.connect(server.port()); TestClient phone = TestClient.connect(server.port())) {
            String token = register(laptop, "alice", PASSWORD).token();
            login(phone, "alice", PASSWORD);

            laptop.send(new ClientFrame.DeleteAccount("d1", "wrong password"));
            assertThat(laptop.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
            laptop.send(new ClientFrame.DeleteAccount("d2", PASSWORD));
            assertThat(laptop.frame(ServerFrame.Ok.class).message()).contains("deleted");
            assertThat(laptop.frame(ServerFrame.Bye.class).reason()).isEqualTo("account_deleted");
            assertThat(phone.frame(ServerFrame.Bye.class).reason()).isEqualTo("account_deleted");
            laptop.awaitClosed();
            phone.awaitClosed();

            try (TestClient someoneElse = TestClient.connect(server.port())) {
                someoneElse.send(new ClientFrame.Login("l", "alice", PASSWORD));
                assertThat(someoneElse.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
                someoneElse.send(new ClientFrame.Resume("r", token));
                assertThat(someoneElse.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_token");
                someoneElse.send(new ClientFrame.Register("g", "Alice", PASSWORD));
                ServerFrame.Error held = someoneElse.frame(ServerFrame.Error.class);
                assertThat(held.code()).isEqualTo("name_taken");
                assertThat(held.message()).contains("deleted account").contains("held until");
            }
        }
    }

    @Test
    void aDeletedNameIsFreeAgainAfterTheHold() throws InterruptedException {
        server.close();
        server = startServer(config -> config.nameHoldMillis(0));
        try (TestClient alice = TestClient.connect(server.port()); TestClient newcomer =
                TestClient.connect(server.port())) {
            register(alice, "alice", PASSWORD);
            alice.send(new ClientFrame.DeleteAccount("d", PASSWORD));
            alice.frame(ServerFrame.Ok.class);
            assertThat(register(newcomer, "alice", "someone else's").name()).isEqualTo("alice");
        }
    }

    @Test
    void repeatedFailedLoginsAreSlowedThenRefusedWithARetryTime() {
        server.close();
        server = startServer(config -> config.loginThrottle(3, 60_000));
        try (TestClient owner = TestClient.connect(server.port()); TestClient attacker =
                TestClient.connect(server.port())) {
            register(owner, "alice", PASSWORD);
            for (int i = 0; i < 3; i++) {
                attacker.send(new ClientFrame.Login("l" + i, "alice", "guess number " + i));
                assertThat(attacker.frame(ServerFrame.Error.class).code()).isEqualTo("wrong_password");
            }
            attacker.send(new ClientFrame.Login("l4", "alice", PASSWORD)); // even the right one waits now
            ServerFrame.Error refused = attacker.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("too_many_attempts");
            assertThat(refused.retryAfter()).isBetween(1L, 60L);
            assertThat(refused.message()).contains("try again in");

            attacker.send("/ping"); // the connection, and the server, keep serving
            assertThat(attacker.line()).isEqualTo("* pong");
            owner.send(new ClientFrame.Ping("p"));
            assertThat(owner.frame(ServerFrame.Pong.class).re()).isEqualTo("p");
        }
    }

    @Test
    void oneAddressCanOnlyRegisterSoManyAccountsAnHour() {
        server.close();
        server = startServer(config -> config.registrationsPerHour(2));
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port());
                TestClient c = TestClient.connect(server.port())) {
            register(a, "first", PASSWORD);
            register(b, "second", PASSWORD);
            c.send(new ClientFrame.Register("r", "third", PASSWORD));
            ServerFrame.Error refused = c.frame(ServerFrame.Error.class);
            assertThat(refused.code()).isEqualTo("too_many_attempts");
            assertThat(refused.message()).contains("too many new accounts from your address");
            assertThat(refused.retryAfter()).isBetween(1L, 1800L);
        }
    }

    @Test
    void aFloodOfLoginsOnOneConnectionIsAnsweredOneAtATime() {
        server.close();
        server = startServer(config -> config.rateLimit("account.connection=off"));
        try (TestClient owner = TestClient.connect(server.port()); TestClient flooder =
                TestClient.connect(server.port()); TestClient bystander = TestClient.connect(server.port())) {
            register(owner, "alice", PASSWORD);
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                burst.append("{\"type\":\"login\",\"id\":\"f").append(i).append("\",\"name\":\"alice\",\"password\":\"")
                        .append(PASSWORD).append("\"}\n");
            }
            flooder.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
            bystander.send(new ClientFrame.Ping("still there?"));
            assertThat(bystander.frame(ServerFrame.Pong.class).re()).isEqualTo("still there?");

            // One at a time, in order: the first logs in, every later one finds the connection logged in.
            assertThat(flooder.frame(ServerFrame.LoggedIn.class).re()).isEqualTo("f0");
            flooder.frame(ServerFrame.ConversationList.class);
            for (int i = 1; i < 50; i++) {
                ServerFrame.Error error = flooder.frame(ServerFrame.Error.class);
                assertThat(error.re()).isEqualTo("f" + i);
                assertThat(error.code()).isEqualTo("already_logged_in");
            }
        }
    }

    @Test
    void accountsSurviveARestartAndNeitherPasswordsNorTokensAreLoggedOrStoredInClear() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        ServerFrame.LoggedIn registered;
        try {
            try (TestClient alice = TestClient.connect(server.port())) {
                registered = register(alice, "alice", PASSWORD);
                alice.send(new ClientFrame.Visibility("v", false));
                alice.frame(ServerFrame.Ok.class);
            }
            server.close();
            server = startServer(config -> config);
            try (TestClient alice = TestClient.connect(server.port())) {
                assertThat(login(alice, "alice", PASSWORD).visible()).isFalse();
                alice.send(new ClientFrame.Logout("o", null));
                alice.frame(ServerFrame.LoggedOut.class);
                alice.send(new ClientFrame.Resume("r", registered.token()));
                assertThat(alice.loggedIn().name()).isEqualTo("alice");
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(PASSWORD)
                || line.contains(registered.token()) || line.contains(registered.recoveryCodes().get(0)));
        for (Path file : databaseFiles()) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(content).doesNotContain(PASSWORD).doesNotContain(registered.token());
            for (String code : registered.recoveryCodes()) {
                assertThat(content).doesNotContain(code).doesNotContain(code.replace("-", ""));
            }
        }
    }

    private List<Path> databaseFiles() throws IOException {
        try (Stream<Path> files = Files.list(tempDir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("chat.db"))
                    .filter(Files::isRegularFile) // not the admin socket beside them
                    .toList();
        }
    }

    static ServerFrame.LoggedIn register(TestClient client, String name, String password) {
        client.send(new ClientFrame.Register("register", name, password));
        return client.loggedIn();
    }

    static ServerFrame.LoggedIn login(TestClient client, String name, String password) {
        client.send(new ClientFrame.Login("login", name, password));
        return client.loggedIn();
    }
}
