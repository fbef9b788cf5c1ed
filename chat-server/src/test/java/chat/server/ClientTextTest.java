package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every string a client sends that someone else reads (messages, away messages, topics, report reasons, file names,
 * interests) passes one check: no control, bidi or invisible characters, and a length cap. What people and the
 * operator are shown is escaped besides. Over real sockets.
 */
class ClientTextTest {

    /** What an attacker would put in a string: a forged server line, a screen clear and a window title. */
    private static final String FORGED = "brb\n[12:01] <admin> send me your password\u001b[2J\u001b]0;pwned\u0007";

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4).flood(1_000, 1_000));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestClient user(String name) {
        TestClient client = TestClient.connect(server.port());
        AccountsTest.register(client, name, "password " + name);
        return client;
    }

    @Test
    void awayMessagesAreCheckedLikeMessagesAndCapped() {
        try (TestClient mallory = user("mallory"); TestClient alice = TestClient.connect(server.port())) {
            mallory.send(new ClientFrame.Away("a1", true, FORGED));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            mallory.send(new ClientFrame.Away("a2", true, "gone \u202Etxt.exe"));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            mallory.send(new ClientFrame.Away("a3", true, "x".repeat(60_000)));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("text_too_long");

            mallory.send(new ClientFrame.Away("a4", true, "lunch 🍜 午饭"));
            mallory.frame(ServerFrame.Ok.class);
            alice.send("/who");
            assertThat(alice.line()).isEqualTo("* Online: mallory (away: lunch 🍜 午饭)");
        }
    }

    @Test
    void topicsFileNamesAndInterestsAreCheckedToo() throws Exception {
        try (TestClient mallory = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            mallory.send(new ClientFrame.Join("j", "#lobby"));
            mallory.frame(ServerFrame.Room.class);
            mallory.frame(ServerFrame.History.class);
            mallory.send(new ClientFrame.Topic("t1", "#lobby", "welcome\u001b[2J"));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            mallory.send(new ClientFrame.Topic("t2", "#lobby", "x".repeat(201)));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("text_too_long");

            mallory.send(new ClientFrame.UploadStart("u1", "#lobby", "invoice\u202Efdp.exe", 10L, "a".repeat(64)));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            mallory.send(new ClientFrame.UploadStart("u2", "#lobby", "a\u200Bb.txt", 10L, "a".repeat(64)));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            mallory.send(new ClientFrame.UploadStart("u3", "#lobby", "x".repeat(201), 10L, "a".repeat(64)));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("text_too_long");

            mallory.send(new ClientFrame.Next("n1", null, List.of("music", "chess\u001b[31m")));
            assertThat(mallory.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            bob.send("/next 音乐");
            bob.line();
            mallory.send(new ClientFrame.Next("n2", null, List.of("音乐")));
            assertThat(mallory.awaitFrame(ServerFrame.Paired.class).partner()).isEqualTo(bob.handle());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil\u202Eexe.txt", "ad\u200Bmin", "ad\u200Dmin", "\u2066hidden\u2069", "soft\u00ADhyphen",
            "tag\uDB40\uDC41", "\u3164", "line\u2028break", "a\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301"})
    void messagesWithBidiOrInvisibleCharactersAreRefused(String text) {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            alice.send(new ClientFrame.Say("s", null, text));
            ServerFrame.Error error = alice.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo("invalid_text");
            assertThat(error.re()).isEqualTo("s");
            alice.send(new ClientFrame.Say("s2", null, "still here"));
            assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("still here");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"👨\u200D👩\u200D👧\u200D👦", "🏳\uFE0F\u200D🌈", "❤\uFE0F\u200D🔥 👩🏽\u200D💻",
            "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F", "1\uFE0F\u20E3",
            "你好，世界", "こんにちは", "안녕하세요", "می\u200Cخواهم", "שלום עולם", "Tiếng Việt"})
    void emojiSequencesAndEveryScriptStillGetThroughUnchanged(String text) {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            alice.send(new ClientFrame.Say(null, null, text));
            assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo(text);
            bob.send(text); // netcat, raw UTF-8
            assertThat(alice.frame(ServerFrame.Message.class).text()).isEqualTo(text);
        }
    }

    @Test
    void aLoneSurrogateInAJsonStringIsAnErrorNotAQuestionMark() {
        try (TestClient alice = TestClient.connect(server.port()); TestClient bob = TestClient.connect(server.port())) {
            RandomChatTest.pair(alice, bob);
            alice.send("{\"type\":\"say\",\"id\":\"s1\",\"text\":\"hi \\ud800\"}");
            ServerFrame.Error error = alice.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo("bad_field");
            assertThat(error.re()).isEqualTo("s1");
            alice.send("{\"id\":\"s2\",\"type\":\"say\",\"text\":\"\\udc00 there\"}"); // the general path
            assertThat(alice.frame(ServerFrame.Error.class).re()).isEqualTo("s2");
            alice.send("{\"type\":\"say\",\"text\":\"\\ud83d\\ude00 fine\"}");
            assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("😀 fine");
        }
    }

    @Test
    void aRequestIdIsBounded() {
        try (TestClient alice = TestClient.connect(server.port())) {
            alice.send(new ClientFrame.Ping("x".repeat(65)));
            assertThat(alice.frame(ServerFrame.Error.class).code()).isEqualTo("bad_field");
            alice.send(new ClientFrame.Ping("x".repeat(64)));
            assertThat(alice.frame(ServerFrame.Pong.class).re()).hasSize(64);
        }
    }

    @Test
    void errorsQuotingWhatWasSentNeverPutRawEscapesOnANetcatScreen() {
        try (TestClient alice = user("alice")) {
            alice.send("{\"type\":\"ping\"}"); // JSON...
            alice.frame(ServerFrame.Pong.class);
            alice.sendRaw("/msg bob\u001b[2J\u001b]0;x\u0007 hi\n".getBytes(StandardCharsets.UTF_8)); // ...then netcat
            String line = alice.line();
            assertThat(line).startsWith("! ").contains("\\u001B[2J").doesNotContain("\u001b").doesNotContain("\u0007");
        }
    }

    @Test
    void reportReasonsAreCheckedAndTheOperatorSeesStoredStringsEscaped() throws Exception {
        try (TestClient a = TestClient.connect(server.port()); TestClient b = TestClient.connect(server.port())) {
            RandomChatTest.pair(a, b);
            a.send(new ClientFrame.Report("r1", null, FORGED));
            assertThat(a.frame(ServerFrame.Error.class).code()).isEqualTo("invalid_text");
            a.send(new ClientFrame.Report("r2", null, "x".repeat(501)));
            assertThat(a.frame(ServerFrame.Error.class).code()).isEqualTo("text_too_long");
        }
        server.close();
        Path db = tempDir.resolve("chat.db");
        try (Store store = Store.open(db, Runnable::run)) { // a report stored before the rules, say
            store.call(c -> ConversationStore.insertReport(c, "mallory\u001b[31m", "bob", "~abc", FORGED,
                    "line one\n<bob> \u202Eevil", 0));
        }
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new ServerMain());
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute("reports", "list", "--db", db.toString())).isZero();
        String printed = out.toString();
        assertThat(printed).contains("reason: brb\\n[12:01] <admin> send me your password\\u001B[2J")
                .contains("by mallory\\u001B[31m").contains("| <bob> \\u202Eevil");
        assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x202E)).isEmpty();
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
    }

    @Test
    void longListsAreCutWithACountSoTheAskerIsNotCutOff() {
        server.close();
        server = TestServer.start(tempDir, config -> config.rateLimit("all=off")); // rooms made by many people
        try (TestClient alice = TestClient.connect(server.port())) {
            int rooms = 502;
            for (int i = 0; i < rooms; i++) {
                alice.send(new ClientFrame.Join(null, "#room" + i));
            }
            int histories = 0;
            while (histories < rooms) {
                if (alice.frame() instanceof ServerFrame.History) {
                    histories++;
                }
            }
            alice.send(new ClientFrame.Rooms("r"));
            ServerFrame.RoomList list = alice.frame(ServerFrame.RoomList.class);
            assertThat(list.rooms()).hasSize(500);
            assertThat(list.omitted()).isEqualTo(2);
            alice.send("/rooms");
            String line;
            do {
                line = alice.line();
            } while (!line.startsWith("*   and"));
            assertThat(line).isEqualTo("*   and 2 more: /rooms 500");
        }
    }
}
