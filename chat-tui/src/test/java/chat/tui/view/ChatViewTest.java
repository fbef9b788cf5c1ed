package chat.tui.view;

import static org.assertj.core.api.Assertions.assertThat;

import chat.tui.VirtualScreen;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import com.googlecode.lanterna.TerminalPosition;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat screen drawn on Lanterna's virtual terminal and compared as text. */
class ChatViewTest {

    private static final long NOON = LocalDateTime.of(2026, 11, 22, 12, 1).toInstant(ZoneOffset.UTC).toEpochMilli();

    private final ChatView view = new ChatView(ZoneOffset.UTC);

    @Test
    void layoutHasTheListTheLogTheInputAndTheStatusBar() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        state.link(ChatState.Link.ONLINE, null);
        state.me("guest-4821", false);
        Conversation random = state.random();
        random.serverId("~abc");
        random.title("guest-1234");
        state.strangerHandle("guest-4821");
        random.add(LogLine.event(NOON, "You are now chatting with guest-1234. Say hi!"));
        random.add(LogLine.message(NOON, "guest-1234", "hello"));
        random.add(LogLine.own(NOON, "guest-4821", "hi!", "c1").withDelivery(LogLine.Delivery.SENT));
        state.input().insert("typing this");

        List<String> lines = draw(state, 60, 8, NOON);
        assertThat(lines).containsExactly(
                "> guest-1234  │ Stranger: guest-1234 · you are guest-4821 ·…",
                "              │",
                "              │12:01 * You are now chatting with",
                "              │        guest-1234. Say hi!",
                "              │12:01 <guest-1234> hello",
                "              │12:01 <guest-4821> hi! ✓",
                "> typing this",
                " ● online · guest-4821                              F1 help");
    }

    @Test
    void longLinesWrapUnderTheTextAndWideCharactersTakeTwoColumns() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        Conversation random = state.random();
        random.serverId("~abc");
        random.add(LogLine.message(NOON, "bob", "你好世界 emoji 😀👍 and a line long enough to wrap around"));

        List<String> lines = draw(state, 54, 6, NOON);
        assertThat(lines.subList(0, 4)).containsExactly(
                "> Stranger    │ Stranger: Stranger · not stored",
                "              │12:01 <bob> 你好世界 emoji 😀👍 and a",
                "              │            line long enough to wrap",
                "              │            around");
    }

    @Test
    void unreadCountsTypingAndTheNarrowLayout() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        state.link(ChatState.Link.ONLINE, null);
        state.me("alice", true);
        Conversation other = state.conversation("@bob", "@bob");
        other.markUnread();
        other.markUnread();
        state.random().serverId("~abc");
        state.random().title("guest-1234");
        state.random().typing("guest-1234", NOON + 6_000);

        List<String> wide = draw(state, 70, 5, NOON);
        assertThat(wide.get(0)).startsWith("> guest-1234");
        assertThat(wide.get(1)).startsWith("  @bob (2)");
        assertThat(wide.get(4)).startsWith(" ● online · alice · guest-1234 is typing…").endsWith("F1 help");

        List<String> expired = draw(state, 70, 5, NOON + 6_001);
        assertThat(expired.get(4)).doesNotContain("typing");

        List<String> narrow = draw(state, 40, 5, NOON);
        assertThat(narrow.get(0)).doesNotContain("│");
        assertThat(narrow.get(4)).contains("alice · guest-1234");
    }

    @Test
    void passwordsAreMaskedWhileTyped() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        state.input().insert("/login alice s3cret pw");
        assertThat(draw(state, 60, 5, NOON).get(3)).isEqualTo("> /login alice ****** **");
        state.input().set("/passwd old new");
        assertThat(draw(state, 60, 5, NOON).get(3)).isEqualTo("> /passwd *** ***");
        state.input().set("/next");
        assertThat(draw(state, 60, 5, NOON).get(3)).isEqualTo("> /next");
    }

    @Test
    void theCursorSitsAfterWideCharactersAtTheRightColumn() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        state.input().insert("你好😀x");
        state.input().left();
        VirtualScreen screen = new VirtualScreen(40, 5);
        TerminalPosition cursor = view.draw(state, screen.screen().newTextGraphics(),
                screen.screen().getTerminalSize(), NOON);
        assertThat(cursor).isEqualTo(new TerminalPosition(2 + 6, 3));
    }

    @Test
    void scrollingBackShowsOlderLinesAndSaysHowManyAreBelow() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        for (int i = 1; i <= 20; i++) {
            state.random().add(LogLine.message(NOON, "bob", "line " + i));
        }
        state.random().scrollBack(5);
        List<String> lines = draw(state, 60, 6, NOON);
        assertThat(lines.get(3)).contains("line 15").contains("↓ 5 more");
        assertThat(String.join("\n", lines)).doesNotContain("line 20");
    }

    @Test
    void theStartPanelShowsAFirstUsePinAndTheStatusBarMarksTls() throws IOException {
        ChatState state = new ChatState("tls://localhost:7000");
        state.startShown(true);
        String start = String.join("\n", draw(state, 80, 16, NOON));
        assertThat(start).contains("Welcome to chat on tls://localhost:7000").contains("L  log in")
                .contains("R  register a new account").contains("G  continue as a guest").doesNotContain("pinned");
        state.link(ChatState.Link.ONLINE, null);
        state.secure(true);
        state.firstUseNote("TLS: first connection to localhost:7000; its certificate SHA256:AB:CD is now pinned in"
                + " /home/x/.config/chat-tui/known_servers. Compare it with what the operator published.");
        List<String> pinned = draw(state, 80, 16, NOON);
        String panel = String.join(" ", pinned.subList(0, 14).stream()
                .map(line -> line.substring(line.indexOf('│') + 1)).toList()).replaceAll(" +", " ");
        assertThat(panel).contains("its certificate SHA256:AB:CD is now"
                + " pinned in /home/x/.config/chat-tui/known_servers. Compare it with what the operator published.");
        assertThat(pinned.get(15)).startsWith(" ● online · TLS · …");
    }

    @Test
    void theHelpListsEveryCommandAndKeyWholeAtEveryWidth() throws IOException {
        for (int[] size : new int[][] {{120, 40}, {80, 24}, {60, 20}, {40, 12}}) {
            ChatState state = new ChatState("localhost:7000");
            state.toggleHelp();
            StringBuilder seen = new StringBuilder();
            int limit = ChatView.helpScrollLimit(state,
                    new com.googlecode.lanterna.TerminalSize(size[0], size[1]));
            for (int scroll = 0; scroll <= limit; scroll++) {
                List<String> lines = draw(state, size[0], size[1], NOON);
                for (String line : lines.subList(0, size[1] - 1)) {
                    assertThat(line.length()).isLessThanOrEqualTo(size[0]);
                    assertThat(line).doesNotMatch(".*\\S…"); // cut short
                    seen.append(line.strip()).append('\n');
                }
                state.scrollHelp(1, limit);
            }
            String text = seen.toString().replaceAll("\\s+", " ");
            for (chat.core.wire.InlineCommands.Command command : chat.core.wire.InlineCommands.all()) {
                assertThat(text).as(size[0] + " columns").contains(command.usage());
            }
            for (chat.tui.model.Help.Entry key : chat.tui.model.Help.KEYS) {
                assertThat(text).contains(key.what() + " " + key.does().split(" ")[0]);
            }
            assertThat(text).contains("/send PATH").contains("/cancel")
                    .contains("✓ the server has it (stored: someone offline gets it later)")
                    .contains("✓✓ delivered: someone received it at once");
        }
    }

    @Test
    void picturesAreDrawnInHalfBlocksOrAsAPlaceholder() throws IOException {
        ChatState state = new ChatState("localhost:7000");
        int red = 0xFF0000;
        int blue = 0x0000FF;
        chat.tui.model.Picture picture = new chat.tui.model.Picture(2, 2, new int[] {red, red, blue, blue});
        state.random().add(LogLine.file(NOON, "bob", new chat.tui.model.SharedFile("f1", "dot.png", 70, "image/png",
                2, 2, picture), false, null));

        VirtualScreen screen = new VirtualScreen(60, 6);
        new ChatView(ZoneOffset.UTC, ColorMode.TRUE_COLOR).draw(state, screen.screen().newTextGraphics(),
                screen.screen().getTerminalSize(), NOON);
        screen.screen().refresh();
        assertThat(screen.lines().get(2)).isEqualTo("              │12:01 <bob> 📎 dot.png (70 B, 2x2)  /save f1");
        assertThat(screen.lines().get(3)).isEqualTo("              │      ▀▀");
        com.googlecode.lanterna.TextCharacter cell = screen.terminal().getBufferCharacter(21, 3);
        assertThat(cell.getForegroundColor()).isEqualTo(new com.googlecode.lanterna.TextColor.RGB(255, 0, 0));
        assertThat(cell.getBackgroundColor()).isEqualTo(new com.googlecode.lanterna.TextColor.RGB(0, 0, 255));

        VirtualScreen indexed = new VirtualScreen(60, 6);
        new ChatView(ZoneOffset.UTC, ColorMode.INDEXED_256).draw(state, indexed.screen().newTextGraphics(),
                indexed.screen().getTerminalSize(), NOON);
        indexed.screen().refresh();
        assertThat(indexed.terminal().getBufferCharacter(21, 3).getForegroundColor())
                .isInstanceOf(com.googlecode.lanterna.TextColor.Indexed.class);

        VirtualScreen plain = new VirtualScreen(60, 6);
        new ChatView(ZoneOffset.UTC, ColorMode.NONE).draw(state, plain.screen().newTextGraphics(),
                plain.screen().getTerminalSize(), NOON);
        plain.screen().refresh();
        assertThat(plain.lines().get(3)).isEqualTo("              │      [picture 2x2]");
    }

    @Test
    void aNameHasTheSameColourOnEveryScreenAndRunAndDifferentNamesSpreadOut() {
        assertThat(MessageLines.nickColour("Bob")).isEqualTo(MessageLines.nickColour("bob"));
        java.util.Set<com.googlecode.lanterna.TextColor> colours = new java.util.HashSet<>();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")) {
            colours.add(MessageLines.nickColour(name));
        }
        assertThat(colours).hasSizeGreaterThan(4).doesNotContain(com.googlecode.lanterna.TextColor.ANSI.GREEN);
        // String.hashCode is fixed by the language: "bob" gets the same colour in every run and on every machine
        assertThat(MessageLines.nickColour("bob")).isEqualTo(MessageLines.nickColour(new String("BOB")));
    }

    @Test
    void theColourModeComesFromTheEnvironment() {
        assertThat(ColorMode.detect(java.util.Map.of("COLORTERM", "truecolor"))).isEqualTo(ColorMode.TRUE_COLOR);
        assertThat(ColorMode.detect(java.util.Map.of("TERM", "xterm-256color"))).isEqualTo(ColorMode.INDEXED_256);
        assertThat(ColorMode.detect(java.util.Map.of("TERM", "dumb"))).isEqualTo(ColorMode.NONE);
        assertThat(ColorMode.parse("none", java.util.Map.of("COLORTERM", "truecolor"))).isEqualTo(ColorMode.NONE);
    }

    private List<String> draw(ChatState state, int columns, int rows, long now) throws IOException {
        VirtualScreen screen = new VirtualScreen(columns, rows);
        view.draw(state, screen.screen().newTextGraphics(), screen.screen().getTerminalSize(), now);
        screen.screen().refresh();
        return screen.lines();
    }
}
