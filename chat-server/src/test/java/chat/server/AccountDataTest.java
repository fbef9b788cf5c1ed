package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an account is and what is left of it: names that look alike are one name, ids are never given out twice,
 * a deleted account takes its direct chats and their files along, and its words cannot be read back out of the
 * database file. Over real sockets and the real SQLite file.
 */
class AccountDataTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = startServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatServer startServer() {
        return TestServer.start(tempDir, config -> config.bcryptCost(4).nameHoldMillis(0).rateLimit("all=off"));
    }

    private TestClient user(String name) {
        TestClient client = TestClient.connect(server.port());
        AccountsTest.register(client, name, "password " + name);
        return client;
    }

    @Test
    void aNameThatLooksLikeATakenOneIsRefused() {
        try (TestClient alice = user("alice1"); TestClient mallory = TestClient.connect(server.port())) {
            for (String lookAlike : new String[] {"aIice1", "AIice1", "alicel", "ALICE1", "a1ice1"}) {
                mallory.send(new ClientFrame.Register("r", lookAlike, "password mallory"));
                ServerFrame.Error error = mallory.frame(ServerFrame.Error.class);
                assertThat(error.code()).as(lookAlike).isEqualTo("name_taken");
            }
            mallory.send(new ClientFrame.Register("r", "aIice1", "password mallory"));
            assertThat(mallory.frame(ServerFrame.Error.class).message()).contains("looks too much like");
            assertThat(AccountsTest.register(mallory, "alice2", "password mallory").name()).isEqualTo("alice2");
        }
        try (TestClient mike = user("mike"); TestClient other = TestClient.connect(server.port())) {
            other.send(new ClientFrame.Register("r", "rnike", "password other"));
            assertThat(other.frame(ServerFrame.Error.class).code()).isEqualTo("name_taken");
        }
    }

    @Test
    void aNewAccountNeverGetsADeletedOnesIdNorAnythingThatWasItsOrSharedWithIt() throws Exception {
        String fileId;
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            TransfersTest.upload(alice, "@bob", "for-bob.txt", "only for bob".getBytes(StandardCharsets.UTF_8));
            fileId = bob.frame(ServerFrame.Message.class).file().id();
            assertThat(TransfersTest.download(bob, fileId)).asString(StandardCharsets.UTF_8).isEqualTo("only for bob");
            bob.send(new ClientFrame.DeleteAccount("d", "password bob"));
            bob.frame(ServerFrame.Ok.class);

            try (TestClient carol = user("carol")) { // the newest account again, as bob was
                carol.send(new ClientFrame.Download("dl", fileId, 0L));
                assertThat(carol.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_file");
                carol.send(new ClientFrame.History("h", "@alice", null, null));
                assertThat(carol.frame(ServerFrame.History.class).messages()).isEmpty();
                carol.send(new ClientFrame.Conversations("c"));
                assertThat(carol.frame(ServerFrame.ConversationList.class).conversations()).isEmpty();
            }
            alice.send(new ClientFrame.Download("dl", fileId, 0L)); // the chat it was shared in is gone
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("unknown_file");
        }
        server.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tempDir.resolve("chat.db"))) {
            assertThat(longs(c, "SELECT id FROM accounts ORDER BY id")).containsExactly(1L, 3L);
            assertThat(longs(c, "SELECT COUNT(*) FROM files")).containsExactly(0L);
        }
        server = startServer();
    }

    @Test
    void aDeletedAccountsWordsCannotBeReadOutOfTheDatabaseFile() throws Exception {
        String secret = "XYZZY-" + "correct horse battery staple";
        try (TestClient alice = user("alice"); TestClient bob = user("bob")) {
            alice.send(new ClientFrame.Say("m", "@bob", secret + " (direct)"));
            alice.frame(ServerFrame.Ok.class);
            alice.send(new ClientFrame.Join("j", "#lobby"));
            alice.frame(ServerFrame.Room.class);
            alice.frame(ServerFrame.History.class);
            alice.send(new ClientFrame.Say("r", "#lobby", secret + " (room)"));
            alice.frame(ServerFrame.Ok.class);
            bob.frame(ServerFrame.Message.class);
            alice.send(new ClientFrame.DeleteAccount("d", "password alice"));
            alice.frame(ServerFrame.Ok.class);
        }
        server.close(); // the last connection checkpoints the write-ahead log into the file
        byte[] secretBytes = "XYZZY-".getBytes(StandardCharsets.UTF_8);
        try (var files = Files.list(tempDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("chat.db")).toList()) {
                assertThat(indexOf(Files.readAllBytes(file), secretBytes)).as(file.toString()).isEqualTo(-1);
            }
        }
        server = startServer();
    }

    @Test
    void aDatabaseFromBeforeKeepsItsAccountsAndNeverHandsOutAnIdTwice() throws Exception {
        server.close();
        Path db = tempDir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement statement = c.createStatement()) {
                for (int version = 1; version <= 5; version++) {
                    for (String sql : migration(version).split(";\\s*\\n")) {
                        if (!sql.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("--"))) {
                            statement.execute(sql);
                        }
                    }
                }
                statement.execute("PRAGMA user_version = 5");
                for (String name : new String[] {"alice", "bob", "aIice", "dave"}) {
                    statement.execute("INSERT INTO accounts (name, name_key, password_hash, created_at,"
                            + " password_set_at) VALUES ('" + name + "', '" + name.toLowerCase() + "', 'x', 0, 0)");
                }
                // dave (4) shared a file with a deleted account 7, and alice has a chat with bob
                statement.execute("INSERT INTO conversations (kind, key, created_at) VALUES ('direct', 'direct:1:2', 0)");
                statement.execute("INSERT INTO participants (conversation_id, account_id) VALUES (1, 1), (1, 2)");
                statement.execute("INSERT INTO files (public_id, sha256, size, name, type, owner_id, owner_name,"
                        + " conversation, created_at) VALUES ('fx', 'ab', 1, 'n', 't', 4, 'dave', 'direct:4:7', 0)");
            }
        }
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger(Database.class.getName()).addHandler(capture);
        try (Connection c = Database.open(db)) {
            assertThat(Database.schemaVersion(c)).isGreaterThanOrEqualTo(6);
            assertThat(longs(c, "SELECT id FROM accounts ORDER BY id")).containsExactly(1L, 2L, 3L, 4L);
            assertThat(longs(c, "SELECT COUNT(*) FROM participants")).containsExactly(2L);
            assertThat(longs(c, "SELECT COUNT(*) FROM files")).containsExactly(0L);
            assertThat(longs(c, "SELECT COUNT(*) FROM accounts WHERE skeleton IS NULL")).containsExactly(1L);
            try (Statement statement = c.createStatement()) {
                statement.execute("INSERT INTO accounts (name, name_key, password_hash, created_at, password_set_at)"
                        + " VALUES ('erin', 'erin', 'x', 0, 0)");
            }
            assertThat(longs(c, "SELECT id FROM accounts WHERE name = 'erin'")).containsExactly(8L);
        } finally {
            Logger.getLogger(Database.class.getName()).removeHandler(capture);
        }
        assertThat(warnings).anyMatch(warning -> warning.contains("\"aIice\" looks like an older one's name"));
        server = startServer();
    }

    private static String migration(int version) throws IOException {
        try (InputStream in = Database.class.getResourceAsStream("migrations/V" + version + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Long> longs(Connection c, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement statement = c.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(result.getLong(1));
            }
        }
        return values;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
