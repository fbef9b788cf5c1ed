package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input thrown at a real server: each gets a clear error, the connection keeps working, and a pair chatting
 * beside it notices nothing.
 */
class BadInputTest {

    private static final int MAX_LINE_BYTES = 1024;

    @TempDir
    static Path tempDir;

    private static ChatServer server;
    private static TestClient alice;
    private static TestClient bob;

    @BeforeAll
    static void start() {
        server = TestServer.start(tempDir, config -> config.maxLineBytes(MAX_LINE_BYTES).flood(1_000, 1_000));
        alice = TestClient.connect(server.port());
        bob = TestClient.connect(server.port());
        RandomChatTest.pair(alice, bob);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        alice.close();
        bob.close();
        server.close();
    }

    static Stream<Arguments> badJsonLines() {
        return Stream.of(
                Arguments.of("{not json", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"ping\"} trailing", ErrorCode.BAD_JSON),
                Arguments.of("{type:'ping'}", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"ping\"", ErrorCode.BAD_JSON),
                Arguments.of("{" + "[".repeat(500), ErrorCode.BAD_JSON),
                Arguments.of("{}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":7}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"say\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"say\",\"text\":{\"a\":1}}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"next\",\"size\":1}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"next\",\"size\":\"two\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"typing\",\"state\":\"dancing\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"say\",\"conv\":\"~nothere\",\"text\":\"hi\"}", ErrorCode.UNKNOWN_CONVERSATION),
                Arguments.of("{\"type\":\"say\",\"text\":\"\"}", ErrorCode.INVALID_TEXT),
                Arguments.of("{\"type\":\"say\",\"text\":\"\\u001b[2Jcleared\"}", ErrorCode.INVALID_TEXT),
                Arguments.of("{\"type\":\"say\",\"text\":\"\\u0085\"}", ErrorCode.INVALID_TEXT),
                Arguments.of("{\"type\":\"say\",\"text\":\"hi\"}", ErrorCode.NO_CONVERSATION));
    }

    @ParameterizedTest
    @MethodSource("badJsonLines")
    void badJsonGetsAnErrorAndTheConnectionGoesOn(String line, ErrorCode expected) {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send(line.replace("{\"type\"", "{\"id\":\"r1\",\"type\""));
            ServerFrame.Error error = client.frame(ServerFrame.Error.class);
            assertThat(error.code()).isEqualTo(expected.wireName());
            assertThat(error.message()).isNotBlank();
            assertStillServes(client);
        }
    }

    @Test
    void jsonThatIsNotAnObjectIsBadJsonOrAnInlineLine() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send("{\"type\":\"ping\"}[1]");
            assertThat(client.frame(ServerFrame.Error.class).code()).isEqualTo("bad_json");
            client.send("[1,2]"); // does not start with '{': a netcat line, said to nobody
            assertThat(client.line()).endsWith("(no_conversation)");
            assertStillServes(client);
        }
    }

    @Test
    void errorsEchoTheRequestId() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send("{\"type\":\"teleport\",\"id\":\"abc\"}");
            assertThat(client.frame(ServerFrame.Error.class).re()).isEqualTo("abc");
            client.send("{\"type\":\"say\",\"id\":42,\"text\":\"nobody hears\"}");
            ServerFrame.Error error = client.frame(ServerFrame.Error.class);
            assertThat(error.re()).isEqualTo("42");
            assertThat(error.code()).isEqualTo("no_conversation");
        }
    }

    @Test
    void unknownInlineCommandsAndBadArgumentsAreExplained() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send("/teleport now");
            assertThat(client.line()).isEqualTo("! unknown command /teleport; /help lists the commands "
                    + "(unknown_command)");
            client.send("/next 99");
            assertThat(client.line()).startsWith("! usage: /next [N]").endsWith("(bad_arguments)");
            client.send("   ");
            client.send("");
            assertStillServesText(client);
        }
    }

    @Test
    void anOversizedLineIsDiscardedWithOneError() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.send("x".repeat(MAX_LINE_BYTES + 1));
            assertThat(client.line()).isEqualTo("! line longer than " + MAX_LINE_BYTES
                    + " bytes; it was discarded (line_too_long)");
            client.send("y".repeat(MAX_LINE_BYTES)); // exactly the limit is fine: said to nobody
            assertThat(client.line()).endsWith("(no_conversation)");
            assertStillServesText(client);
        }
    }

    @Test
    void aLineThatNeverEndsCostsBoundedMemoryAndOneError() {
        try (TestClient client = TestClient.connect(server.port())) {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'z');
            for (int i = 0; i < 160; i++) { // 10 MiB without a newline
                client.sendRaw(chunk);
            }
            assertThat(client.line()).endsWith("(line_too_long)");
            client.sendRaw("\n".getBytes(StandardCharsets.US_ASCII));
            assertStillServesText(client);
        }
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() {
        try (TestClient client = TestClient.connect(server.port())) {
            client.sendRaw(new byte[] {'h', 'i', (byte) 0xC0, (byte) 0xAF, '\n'});
            assertThat(client.line()).isEqualTo("! line is not valid UTF-8; it was discarded (invalid_utf8)");
            client.sendRaw(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\r', '\n'});
            assertThat(client.line()).endsWith("(invalid_utf8)");
            assertStillServesText(client);
        }
    }

    @Test
    void binaryGarbageLeavesTheServerServing() {
        SplittableRandom random = new SplittableRandom(20261122);
        try (TestClient client = TestClient.connect(server.port())) {
            byte[] garbage = new byte[256 * 1024];
            random.nextBytes(garbage);
            client.sendRaw(garbage);
            client.sendRaw("\n/ping\n".getBytes(StandardCharsets.US_ASCII));
            // Whatever the garbage produced (errors of several kinds), the pong comes after it.
            while (true) {
                String line = client.line();
                if (line.equals("* pong") || line.equals("{\"type\":\"pong\"}")) {
                    break;
                }
                assertThat(line).matches("(! .*|\\{\"type\":\"error\".*)");
            }
        }
        assertPairUnaffected();
    }

    @Test
    void aClientThatVanishesMidLineHarmsNobody() {
        TestClient client = TestClient.connect(server.port());
        client.sendRaw("{\"type\":\"say\",\"text\":\"half a fra".getBytes(StandardCharsets.UTF_8));
        client.vanish();
        assertPairUnaffected();
    }

    private static void assertStillServes(TestClient client) {
        client.send(new ClientFrame.Ping("alive"));
        assertThat(client.frame(ServerFrame.Pong.class).re()).isEqualTo("alive");
        assertPairUnaffected();
    }

    private static void assertStillServesText(TestClient client) {
        client.send("/ping");
        assertThat(client.line()).isEqualTo("* pong");
        assertPairUnaffected();
    }

    private static void assertPairUnaffected() {
        alice.send(new ClientFrame.Say(null, null, "still chatting"));
        assertThat(bob.frame(ServerFrame.Message.class).text()).isEqualTo("still chatting");
    }
}
