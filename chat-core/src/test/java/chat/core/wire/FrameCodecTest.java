package chat.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON codec: every frame round-trips, and a table of malformed lines fails cleanly with the right code. */
class FrameCodecTest {

    static final List<ClientFrame> CLIENT_FRAMES = List.of(
            new ClientFrame.Hello("1", "chat-tui/0.1"),
            new ClientFrame.Next("2", 3, List.of("music", "chess")),
            new ClientFrame.Say("3", "~abc", "hi 你好 😀 <b>&"),
            new ClientFrame.Leave("4", null),
            new ClientFrame.Typing(null, "~abc", "paused"),
            new ClientFrame.Register("5", "alice", "secret password"),
            new ClientFrame.Login("6", "alice", "secret password"),
            new ClientFrame.Resume("7", "token"),
            new ClientFrame.Logout("8", true),
            new ClientFrame.ChangePassword("9", "old password", "new password"),
            new ClientFrame.ResetPassword("10", "alice", "abcd-efgh", "new password"),
            new ClientFrame.DeleteAccount("11", "secret password"),
            new ClientFrame.Visibility("12", false),
            new ClientFrame.Anon("36", true),
            new ClientFrame.Join("15", "#rust"),
            new ClientFrame.Part("16", "#rust"),
            new ClientFrame.Focus("17", "@bob"),
            new ClientFrame.Rooms("18"),
            new ClientFrame.Topic("19", "#rust", "borrow checking"),
            new ClientFrame.History("20", "@bob", "123", 50),
            new ClientFrame.Who("21", null),
            new ClientFrame.Whois("22", "bob"),
            new ClientFrame.Away("23", true, "lunch"),
            new ClientFrame.Conversations("24"),
            new ClientFrame.Read("25", "@bob", "123"),
            new ClientFrame.Block("26", "guest-1234"),
            new ClientFrame.Unblock("27", "bob"),
            new ClientFrame.Blocks("28"),
            new ClientFrame.Report("29", null, "spam"),
            new ClientFrame.Keep("30", null),
            new ClientFrame.UploadStart("31", "#rust", "cat.png", 1234L, "a".repeat(64)),
            new ClientFrame.UploadChunk("32", "u1", 0L, "aGVsbG8="),
            new ClientFrame.UploadFinish("33", "u1"),
            new ClientFrame.UploadCancel("34", "u1"),
            new ClientFrame.Download("35", "f1", 0L),
            new ClientFrame.Ping("13"),
            new ClientFrame.Help(null),
            new ClientFrame.Quit("14"));

    static final List<ServerFrame> SERVER_FRAMES = List.of(
            new ServerFrame.Ok("1", "r5", 1_700_000_000_000L, "done", true),
            new ServerFrame.Error("2", "bad_json", "not valid JSON", 30L),
            new ServerFrame.Welcome("3", "guest-1234", false, "chat-server 0.1.0", 65536, 4000),
            new ServerFrame.Queued(2),
            new ServerFrame.Paired("~abc", "guest-1", List.of("guest-1", "guest-2"), 3, "guest-9", List.of("chess")),
            new ServerFrame.Message("#rust", "guest-1", "hello 😀", "r1", 1_700_000_000_000L, true,
                    new ServerFrame.FileInfo("f1", "cat.png", 10L, "image/png", 2, 1, "iVBO")),
            new ServerFrame.Room("7", "#rust", "topic", List.of("alice"), 1000),
            new ServerFrame.MemberJoined("#rust", "bob", null),
            new ServerFrame.MemberLeft("#rust", "bob"),
            new ServerFrame.TopicChanged("#rust", "new topic", "alice"),
            new ServerFrame.RoomList("8", List.of(new ServerFrame.RoomSummary("#rust", 3, 1, "t"))),
            new ServerFrame.History("9", "@bob", List.of(new ServerFrame.Message("@bob", "bob", "hi", "5", 1L)), true),
            new ServerFrame.WhoList("10", null, List.of(new ServerFrame.UserInfo("bob", "away", "lunch", null, null))),
            new ServerFrame.Presence("11", new ServerFrame.UserInfo("bob", "offline", null, 5L, null)),
            new ServerFrame.ConversationList("12", List.of(new ServerFrame.ConversationSummary("@bob", 2, null))),
            new ServerFrame.BlockList("13", List.of("bob")),
            new ServerFrame.KeepRequested("~abc"),
            new ServerFrame.Kept("~abc", "@bob"),
            new ServerFrame.UploadReady("14", "u1", 0L, 32768),
            new ServerFrame.UploadProgress("15", "u1", 100L),
            new ServerFrame.FileChunk("16", "f1", 0L, "aGVsbG8=", 5L),
            new ServerFrame.PartnerLeft("~abc", "guest-1", true),
            new ServerFrame.Left(null),
            new ServerFrame.Typing("~abc", "guest-1", "active"),
            new ServerFrame.LoggedIn("4", "alice", "token", 1L, List.of("code-one"), true, false),
            new ServerFrame.Anon(true),
            new ServerFrame.ReadMark("#lobby", "42", 3),
            new ServerFrame.LoggedOut("5", "guest-1234"),
            new ServerFrame.Pong("6"),
            new ServerFrame.Notice("line one\nline two"),
            new ServerFrame.Bye("quit", "see you"));

    @Test
    void everyFrameTypeHasARoundTripCase() {
        assertThat(CLIENT_FRAMES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(Set.of(ClientFrame.class.getPermittedSubclasses()));
        assertThat(SERVER_FRAMES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .isEqualTo(Set.of(ServerFrame.class.getPermittedSubclasses()));
    }

    @Test
    void clientFramesRoundTrip() throws FrameException {
        for (ClientFrame frame : CLIENT_FRAMES) {
            assertThat(FrameCodec.decodeClient(FrameCodec.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void serverFramesRoundTrip() throws FrameException {
        for (ServerFrame frame : SERVER_FRAMES) {
            assertThat(FrameCodec.decodeServer(FrameCodec.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void wireNamesAreSnakeCaseAndNullsAreLeftOut() {
        assertThat(FrameCodec.encode(new ServerFrame.PartnerLeft("~a", "g", null)))
                .isEqualTo("{\"type\":\"partner_left\",\"conv\":\"~a\",\"partner\":\"g\"}");
        assertThat(FrameCodec.typeName(ClientFrame.DeleteAccount.class)).isEqualTo("delete_account");
    }

    @Test
    void textIsNotHtmlEscapedAndUnicodeSurvives() {
        String json = FrameCodec.encode(new ClientFrame.Say(null, null, "<b>&'= 你好 😀"));
        assertThat(json).isEqualTo("{\"type\":\"say\",\"text\":\"<b>&'= 你好 😀\"}");
    }

    @Test
    void anIdCanBeSetWhenEncoding() throws FrameException {
        String json = FrameCodec.encode(new ClientFrame.Next(null, null), "c7");
        assertThat(FrameCodec.decodeClient(json)).isEqualTo(new ClientFrame.Next("c7", null));
    }

    @Test
    void unknownFieldsAreIgnoredAndNumericIdsBecomeStrings() throws FrameException {
        assertThat(FrameCodec.decodeClient("{\"type\":\"ping\",\"id\":42,\"future\":{\"x\":[1,2]}}"))
                .isEqualTo(new ClientFrame.Ping("42"));
    }

    @Test
    void passwordsAndTokensDoNotShowInToString() {
        assertThat(new ClientFrame.Login("1", "alice", "hunter22").toString()).doesNotContain("hunter22");
        assertThat(new ClientFrame.Register("1", "alice", "hunter22").toString()).doesNotContain("hunter22");
        assertThat(new ClientFrame.Resume("1", "tok3n").toString()).doesNotContain("tok3n");
        assertThat(new ClientFrame.ChangePassword("1", "old-pw", "new-pw").toString()).doesNotContain("old-pw")
                .doesNotContain("new-pw");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{nope", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"ping\"", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"ping\"} {}", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"ping\"}x", ErrorCode.BAD_JSON),
                Arguments.of("{type:\"ping\"}", ErrorCode.BAD_JSON),
                Arguments.of("{'type':'ping'}", ErrorCode.BAD_JSON),
                Arguments.of("{\"type\":\"ping\" /* hi */}", ErrorCode.BAD_JSON),
                Arguments.of("{\"a\":" + "[".repeat(10_000), ErrorCode.BAD_JSON),
                Arguments.of("[1,2]", ErrorCode.NOT_AN_OBJECT),
                Arguments.of("\"ping\"", ErrorCode.NOT_AN_OBJECT),
                Arguments.of("42", ErrorCode.NOT_AN_OBJECT),
                Arguments.of("{}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":null}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":[\"ping\"]}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"say\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"register\",\"name\":\"a\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"next\",\"size\":1}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"next\",\"size\":9}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"next\",\"size\":\"abc\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"next\",\"size\":2.5}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"typing\",\"state\":\"bogus\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"say\",\"text\":[\"x\"]}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"visibility\"}", ErrorCode.MISSING_FIELD),
                Arguments.of("{\"type\":\"upload_start\",\"name\":\"a\",\"size\":0,\"sha256\":\""
                        + "a".repeat(64) + "\"}", ErrorCode.BAD_FIELD),
                Arguments.of("{\"type\":\"upload_start\",\"name\":\"a\",\"size\":5,\"sha256\":\"xyz\"}",
                        ErrorCode.BAD_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedLinesFailCleanlyWithTheRightCode(String line, ErrorCode expected) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> FrameCodec.decodeClient(line));
        assertThat(e).as(line).isNotNull();
        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.getMessage()).isNotBlank();
    }

    static Stream<String> loneSurrogates() {
        return Stream.of(
                "{\"type\":\"say\",\"id\":\"s1\",\"text\":\"\\ud800\"}",                 // the fast path's shape
                "{\"type\":\"say\",\"id\":\"s1\",\"text\":\"a\\udc00b\"}",
                "{\"type\":\"say\",\"id\":\"s1\",\"text\":\"\\ud83d\\u0041\"}",           // high, then no low
                "{\"type\":\"say\",\"id\":\"s1\",\"text\":\"\ud800\"}",                  // raw, not escaped
                "{\"id\":\"s1\",\"type\":\"say\",\"text\":\"\\ud800\"}",                 // gson's path
                "{\"type\":\"say\",\"id\":\"s1\", \"conv\":\"@a\\udbff\",\"text\":\"x\"}",
                "{\"type\":\"next\",\"id\":\"s1\",\"interests\":[\"ok\",\"\\ud800\"]}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loneSurrogates")
    void aStringThatIsNotUnicodeTextIsRefusedOnEveryPath(String line) {
        FrameException e = catchThrowableOfType(FrameException.class, () -> FrameCodec.decodeClient(line));
        assertThat(e).as(line).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FIELD);
        assertThat(e.getMessage()).contains("surrogate");
        assertThat(e.requestId()).isEqualTo("s1");
        FrameException reference = catchThrowableOfType(FrameException.class,
                () -> FrameCodec.decodeClientWithoutFastPath(line));
        assertThat(reference).as(line).isNotNull();
    }

    @Test
    void surrogatePairsStillMakeEmoji() throws FrameException {
        ClientFrame.Say escaped = (ClientFrame.Say) FrameCodec.decodeClient(
                "{\"type\":\"say\",\"text\":\"\\ud83d\\ude00 \\u00e9\"}");
        assertThat(escaped.text()).isEqualTo("😀 é");
        ClientFrame.Say raw = (ClientFrame.Say) FrameCodec.decodeClient("{\"type\":\"say\",\"text\":\"😀\"}");
        assertThat(raw.text()).isEqualTo("😀");
    }

    @Test
    void theRequestIdOfABrokenFrameIsKeptForTheReply() {
        FrameException e = catchThrowableOfType(FrameException.class,
                () -> FrameCodec.decodeClient("{\"type\":\"say\",\"id\":\"x1\"}"));
        assertThat(e.requestId()).isEqualTo("x1");
        FrameException numeric = catchThrowableOfType(FrameException.class,
                () -> FrameCodec.decodeClient("{\"type\":\"teleport\",\"id\":7}"));
        assertThat(numeric.requestId()).isEqualTo("7");
    }

    @Test
    void serverFramesOfUnknownTypeFailSoOldClientsCanSkipThem() {
        assertThatThrownBy(() -> FrameCodec.decodeServer("{\"type\":\"from_the_future\"}"))
                .isInstanceOf(FrameException.class);
        assertThat(Arrays.stream(ServerFrame.class.getPermittedSubclasses()).map(FrameCodec::typeName))
                .contains("partner_left", "logged_in", "ok", "error");
    }
}
