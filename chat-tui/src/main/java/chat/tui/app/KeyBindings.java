package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.TypingState;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.Help;
import chat.tui.model.LogLine;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * What each key does: the function keys, line editing, history, scrolling (which loads older history near the
 * top), Tab completion, the start panel's letters, and the typing indicator sent while the user edits. UI thread.
 */
final class KeyBindings {

    /** Rows a mouse wheel step scrolls. */
    private static final int WHEEL_ROWS = 3;
    private static final int HISTORY_PAGE = 50;

    private final UiThread ui;
    private final ChatState state;
    private final ServerLink link;
    private final Navigator navigator;
    private final Commands commands;
    private final Transfers transfers;
    private final IntSupplier pageRows;
    private final IntSupplier helpScrollLimit;
    private final Runnable quit;
    private long lastTypingSentMillis;
    private char pendingHighSurrogate;

    KeyBindings(UiThread ui, ServerLink link, Navigator navigator, Commands commands, Transfers transfers,
            IntSupplier pageRows, IntSupplier helpScrollLimit, Runnable quit) {
        this.ui = ui;
        this.state = ui.state();
        this.link = link;
        this.navigator = navigator;
        this.commands = commands;
        this.transfers = transfers;
        this.pageRows = pageRows;
        this.helpScrollLimit = helpScrollLimit;
        this.quit = quit;
    }

    void handle(KeyStroke key) {
        if (key instanceof MouseAction mouse) {
            if (mouse.getActionType() == MouseActionType.SCROLL_UP) {
                scroll(WHEEL_ROWS);
            } else if (mouse.getActionType() == MouseActionType.SCROLL_DOWN) {
                scroll(-WHEEL_ROWS);
            }
            return;
        }
        if (key.getKeyType() == KeyType.EOF || key.getKeyType() == KeyType.F10) {
            quit.run(); // whatever is on screen
            return;
        }
        if (state.preview() != null) {
            if (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.F4) {
                state.preview(null);
            }
            return;
        }
        if (state.startShown() && answerStart(key)) {
            return;
        }
        if (state.helpShown() && key.getKeyType() != KeyType.F1) {
            if (scrollHelp(key)) {
                return;
            }
            state.toggleHelp(); // any other key closes the help, and does its own work unless it is Esc
            if (key.getKeyType() == KeyType.Escape) {
                return;
            }
        }
        switch (key.getKeyType()) {
            case F1 -> state.toggleHelp();
            case F2 -> commands.next(new ClientFrame.Next(null, null, null));
            case F3 -> link.request(new ClientFrame.Leave(null, null));
            case F4 -> transfers.previewLastPicture();
            case F5 -> navigator.switchBy(-1);
            case F6 -> navigator.switchBy(1);
            case F7 -> state.toggleMembers();
            case Escape -> endSearch();
            case F10 -> quit.run();
            case Enter -> submit();
            case Backspace -> edited(() -> state.input().backspace());
            case Delete -> edited(() -> state.input().delete());
            case ArrowLeft -> state.input().left();
            case ArrowRight -> state.input().right();
            case Home -> state.input().home();
            case End -> state.input().end();
            case ArrowUp -> state.input().historyBack();
            case ArrowDown -> state.input().historyForward();
            case PageUp -> scroll(pageRows.getAsInt());
            case PageDown -> scroll(-pageRows.getAsInt());
            case Tab -> complete();
            case Character -> typed(key);
            default -> { }
        }
    }

    /** Esc on the chat screen: a search ends, and the log follows new lines again. */
    private void endSearch() {
        Conversation conversation = state.current();
        if (conversation.searchQuery() != null) {
            conversation.endSearch();
            conversation.scrollBack(0);
            state.hint(null);
        }
    }

    /** Up, Down, PgUp and PgDn scroll the help panel; false for other keys. */
    private boolean scrollHelp(KeyStroke key) {
        int rows = switch (key.getKeyType()) {
            case ArrowUp -> -1;
            case ArrowDown -> 1;
            case PageUp -> -pageRows.getAsInt();
            case PageDown -> pageRows.getAsInt();
            default -> 0;
        };
        if (rows != 0) {
            state.scrollHelp(rows, helpScrollLimit.getAsInt());
        }
        return rows != 0;
    }

    /** Keys of the start panel; false for keys it leaves to the chat screen. */
    private boolean answerStart(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.Enter) {
            state.startShown(false);
            return true;
        }
        if (key.getKeyType() != KeyType.Character || key.isCtrlDown()) {
            return false;
        }
        switch (Character.toLowerCase(key.getCharacter())) {
            case 'l' -> state.input().set("/login ");
            case 'r' -> state.input().set("/register ");
            case 'g' -> { }
            default -> {
                return true; // other letters do nothing while the panel is up
            }
        }
        state.startShown(false);
        return true;
    }

    private void typed(KeyStroke key) {
        char c = key.getCharacter();
        if (key.isCtrlDown()) {
            switch (Character.toLowerCase(c)) {
                case 'c', 'q' -> quit.run();
                case 'w' -> edited(() -> state.input().deleteWord());
                case 'u' -> edited(() -> state.input().set(""));
                case 'a' -> state.input().home();
                case 'e' -> state.input().end();
                case 'n' -> navigator.switchBy(1);
                case 'p' -> navigator.switchBy(-1);
                default -> { }
            }
            return;
        }
        if (Character.isHighSurrogate(c)) {
            pendingHighSurrogate = c; // an emoji arrives as two keystrokes
            return;
        }
        String text = Character.isLowSurrogate(c) && pendingHighSurrogate != 0
                ? new String(new char[] {pendingHighSurrogate, c}) : String.valueOf(c);
        pendingHighSurrogate = 0;
        if (Character.isSurrogate(text.charAt(0)) && text.length() == 1) {
            return; // half a pair: nothing a person typed
        }
        edited(() -> state.input().insert(text));
    }

    /** An edit of the input line; tells the partner we are typing, at most once per interval. */
    private void edited(Runnable edit) {
        edit.run();
        String conv = state.current().serverId();
        String text = state.input().text();
        if (conv == null || !link.online() || text.startsWith("/")) {
            return;
        }
        long now = ui.now();
        if (text.isEmpty()) {
            if (lastTypingSentMillis != 0) {
                lastTypingSentMillis = 0;
                link.sendQuietly(new ClientFrame.Typing(null, conv, TypingState.DONE.wireName()));
            }
        } else if (now - lastTypingSentMillis >= TypingState.REPEAT_INTERVAL_MILLIS) {
            lastTypingSentMillis = now;
            link.sendQuietly(new ClientFrame.Typing(null, conv, TypingState.ACTIVE.wireName()));
        }
    }

    private void submit() {
        String line = state.input().take();
        lastTypingSentMillis = 0;
        commands.submit(line);
    }

    private void complete() {
        String text = state.input().text();
        int pathStart = pathArgumentStart(text);
        if (pathStart >= 0) {
            LocalPaths.Completion completion = transfers.paths().complete(text.substring(pathStart));
            state.input().set(text.substring(0, pathStart) + completion.text());
            if (!completion.candidates().isEmpty()) {
                ui.event(String.join("  ", completion.candidates()));
            }
            return;
        }
        if (text.startsWith("/") && !text.contains(" ")) {
            List<String> matches = Help.commandNames().stream().map(name -> "/" + name)
                    .filter(name -> name.startsWith(text.toLowerCase(Locale.ROOT))).toList();
            if (matches.size() == 1) {
                state.input().set(matches.get(0) + " ");
            } else if (matches.size() > 1) {
                ui.event(String.join("  ", matches));
            }
            return;
        }
        int wordStart = text.lastIndexOf(' ') + 1;
        String prefix = text.substring(wordStart);
        if (prefix.isEmpty()) {
            return;
        }
        for (String name : knownNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                state.input().set(text.substring(0, wordStart) + name + (wordStart == 0 ? ": " : " "));
                return;
            }
        }
    }

    /** Where the path starts in {@code /send PATH} or {@code /save ID PATH}, or -1 when the line is neither. */
    private static int pathArgumentStart(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/send ")) {
            return "/send ".length();
        }
        if (lower.startsWith("/save ")) {
            int idEnd = text.indexOf(' ', "/save ".length());
            return idEnd < 0 ? -1 : idEnd + 1;
        }
        return -1;
    }

    private List<String> knownNames() {
        return state.current().log().stream().map(LogLine::from).filter(from -> from != null
                && !from.equals(state.me())).distinct().toList();
    }

    private void scroll(int rows) {
        Conversation conversation = state.current();
        conversation.scrollBack(conversation.scrollBack() + rows);
        boolean nearTheTop = conversation.scrollBack() + pageRows.getAsInt() >= conversation.log().size();
        if (rows > 0 && nearTheTop && conversation.moreHistory() && conversation.oldestMessageId() != null
                && conversation.serverId() != null && conversation.requestHistory()) {
            link.request(new ClientFrame.History(null, conversation.serverId(), conversation.oldestMessageId(),
                    HISTORY_PAGE));
        }
    }
}
