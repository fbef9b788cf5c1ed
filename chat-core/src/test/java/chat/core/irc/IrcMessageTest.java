package chat.core.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.core.wire.LineDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IRC codec as the NATS and Netty parsers are tested: a stream of lines fed whole and split at every byte gives
 * the same messages, and one table holds the lines that must be refused, each with its reason.
 */
class IrcMessageTest {

    private static final String STREAM = "CAP LS 302\r\nNICK alice\r\nUSER a 0 * :Alice Liddell\r\n"
            + "@label=1;+typing=active :alice!a@h TAGMSG #lobby\r\n"
            + "PRIVMSG #lobby :hi 👋 there: with :colons\r\n"
            + "@time=2024-01-01T00:00:00.000Z;msgid=a\\sb\\:c\\\\d :srv 001 alice :Welcome\n"
            + "PRIVMSG   bob    :\r\n"
            + "JOIN #a,#b key1,key2\r\n";

    private static List<IrcMessage> parseStream(List<byte[]> pieces) {
        List<IrcMessage> messages = new ArrayList<>();
        LineDecoder decoder = new LineDecoder(8192 + 512);
        LineDecoder.Sink sink = new LineDecoder.Sink() {
            @Override
            public void line(String line) {
                try {
                    messages.add(IrcMessage.parse(line));
                } catch (IrcParseException e) {
                    throw new AssertionError(line, e);
                }
            }

            @Override
            public void error(LineDecoder.LineError error) {
                throw new AssertionError(error);
            }
        };
        for (byte[] piece : pieces) {
            decoder.decode(ByteBuffer.wrap(piece), sink);
        }
        return messages;
    }

    @Test
    void sameMessagesWholeByteByByteAndSplitAtEveryOffset() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        List<IrcMessage> whole = parseStream(List.of(bytes));
        assertThat(whole).hasSize(8);
        List<byte[]> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(new byte[] {b});
        }
        assertThat(parseStream(single)).isEqualTo(whole);
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] head = java.util.Arrays.copyOfRange(bytes, 0, cut);
            byte[] tail = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
            assertThat(parseStream(List.of(head, tail))).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void fieldsAreReadAsTheModernIrcDocumentSays() throws IrcParseException {
        List<IrcMessage> m = parseStream(List.of(STREAM.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.get(0)).isEqualTo(IrcMessage.of(null, "CAP", "LS", "302"));
        assertThat(m.get(2).params()).containsExactly("a", "0", "*", "Alice Liddell");
        assertThat(m.get(3).tags()).isEqualTo(Map.of("label", "1", "+typing", "active"));
        assertThat(m.get(3).source()).isEqualTo("alice!a@h");
        assertThat(m.get(4).params()).containsExactly("#lobby", "hi 👋 there: with :colons");
        assertThat(m.get(5).tags()).containsEntry("msgid", "a b;c\\d");
        assertThat(m.get(6).params()).containsExactly("bob", "");
        assertThat(m.get(7).params()).containsExactly("#a,#b", "key1,key2");
        assertThat(IrcMessage.parse("privmsg x y").command()).isEqualTo("PRIVMSG");
        assertThat(IrcMessage.parse("@a=b\\ :s X").tags()).containsEntry("a", "b");
        assertThat(IrcMessage.parse("@a=\\q X").tags()).containsEntry("a", "q");
    }

    @Test
    void formatRoundTripsAndEscapesTags() throws IrcParseException {
        IrcMessage message = new IrcMessage(Map.of("msgid", "a b;c\\d\r\n"), "bob!b@h", "PRIVMSG",
                List.of("#lobby", ":) hi"));
        String line = message.format();
        assertThat(line).isEqualTo("@msgid=a\\sb\\:c\\\\d\\r\\n :bob!b@h PRIVMSG #lobby ::) hi");
        assertThat(IrcMessage.parse(line)).isEqualTo(message);
        assertThat(IrcMessage.of("srv", "001", "alice", "Welcome").format()).isEqualTo(":srv 001 alice :Welcome");
        assertThat(IrcMessage.of(null, "PRIVMSG", "bob", "one").format()).isEqualTo("PRIVMSG bob :one");
        assertThat(IrcMessage.of(null, "JOIN", "#a").format()).isEqualTo("JOIN #a");
        assertThatThrownBy(() -> IrcMessage.of(null, "X", "a b", "c").format())
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> malformed() {
        String body510 = "PRIVMSG #a :" + "x".repeat(510 - 12);
        return Stream.of(
                Arguments.of("", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("   ", IrcParseException.Reason.NO_COMMAND),
                Arguments.of(":source", IrcParseException.Reason.NO_COMMAND),
                Arguments.of(": NICK a", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("@a=b", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("@a=b :src", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("12 x", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("1234 x", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("PRIV-MSG x", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("NICK\0 a", IrcParseException.Reason.FORBIDDEN_CHARACTER),
                Arguments.of("PRIVMSG a :b\rc", IrcParseException.Reason.FORBIDDEN_CHARACTER),
                Arguments.of("@=x NICK a", IrcParseException.Reason.BAD_TAG),
                Arguments.of("@+ NICK a", IrcParseException.Reason.BAD_TAG),
                Arguments.of("@a_b=1 NICK a", IrcParseException.Reason.BAD_TAG),
                Arguments.of("@/x=1 NICK a", IrcParseException.Reason.BAD_TAG),
                Arguments.of("@ NICK a", IrcParseException.Reason.BAD_TAG),
                Arguments.of("X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", IrcParseException.Reason.TOO_MANY_PARAMS),
                Arguments.of(body510 + "y", IrcParseException.Reason.TOO_LONG),
                Arguments.of("@a=" + "v".repeat(8190) + " " + "NICK a", IrcParseException.Reason.TOO_LONG),
                Arguments.of("@a=" + "v".repeat(4093) + " " + "NICK a", IrcParseException.Reason.TOO_LONG),
                Arguments.of("_X a", IrcParseException.Reason.NO_COMMAND),
                Arguments.of("1AB a", IrcParseException.Reason.NO_COMMAND));
    }

    @Test
    void tagsUpTo4094BytesAndUnknownCommandWordsParse() throws IrcParseException {
        IrcMessage tagged = IrcMessage.parse("@a=" + "v".repeat(4092) + " NICK a");
        assertThat(tagged.tags().get("a")).hasSize(4092);
        assertThat(IrcMessage.parse("@label=x nonexistent_command2 y").command()).isEqualTo("NONEXISTENT_COMMAND2");
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedLinesAreRefusedWithTheirReason(String line, IrcParseException.Reason reason) {
        assertThatThrownBy(() -> IrcMessage.parse(line)).isInstanceOfSatisfying(IrcParseException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void limitsAreInclusive() throws IrcParseException {
        String body = "PRIVMSG #a :" + "é".repeat(249); // 12 + 498 = 510 bytes
        assertThat(IrcMessage.parse(body).param(1)).hasSize(249);
        assertThat(IrcMessage.parse("X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15").params()).hasSize(15);
    }

    @Test
    void textIsSplitToFitAndFormattingStripped() {
        String long1 = "word ".repeat(200) + "😀".repeat(50);
        List<String> pieces = IrcText.split(long1, 100);
        assertThat(String.join("", pieces)).isEqualTo(long1);
        assertThat(pieces).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(100));
        assertThat(IrcText.split("", 10)).containsExactly("");
        assertThat(IrcText.stripFormatting("\u0002bold\u0002 \u000304,12red\u000f \u0003 x \u000399y \u0004ff00ffz"))
                .isEqualTo("bold red  x y z");
        assertThat(IrcText.action("\u0001ACTION waves\u0001")).isEqualTo("waves");
        assertThat(IrcText.action("\u0001VERSION\u0001")).isNull();
        assertThat(IrcText.isCtcp("\u0001VERSION\u0001")).isTrue();
    }
}
