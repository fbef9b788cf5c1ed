package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.tui.config.ClientConfig;
import chat.tui.config.SavedSession;
import chat.tui.model.ChatState;
import chat.tui.net.HostPort;
import chat.tui.net.ServerAddresses;
import chat.tui.net.ServerTrust;
import chat.tui.view.ChatView;
import chat.tui.view.ColorMode;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The full-screen client: one UI thread owns the {@link ChatState} and the screen. Keys come from Lanterna
 * ({@link KeyBindings}, {@link Commands}); frames and connection news come from the connection's reader thread
 * ({@link ServerLink}) as tasks queued to the UI thread ({@link UiThread}) and change the model there
 * ({@link IncomingFrames}), so the state is never touched from two threads. Files move in {@link Transfers}.
 */
public final class ChatApp {

    /** How the app begins once connected. */
    public enum Start {
        /** The start panel: log in, register, or continue as a guest. */
        WELCOME,
        /** Just the chat screen. */
        IDLE,
        /** Looking for a random stranger at once. */
        RANDOM
    }

    /**
     * What the app needs from outside.
     *
     * @param open a direct chat ({@code @name}) or room ({@code #name}) to open once connected, or null
     */
    public record Options(ServerAddresses server, ClientConfig config, ChatState.Bell bell, Start start, String open,
            ColorMode colors, Path folder, Path home, Path downloads) {
        /** Options for one server. */
        public Options(HostPort server, ClientConfig config, ChatState.Bell bell, Start start, String open,
                ColorMode colors, Path folder, Path home, Path downloads) {
            this(ServerAddresses.of(server), config, bell, start, open, colors, folder, home, downloads);
        }

        /** Options whose files all live in {@code folder}: where relative paths start and downloads go. */
        public Options(ServerAddresses server, ClientConfig config, ChatState.Bell bell, Start start, String open,
                ColorMode colors, Path folder) {
            this(server, config, bell, start, open, colors, folder, Path.of(System.getProperty("user.home")), folder);
        }

        public Options(HostPort server, ClientConfig config, ChatState.Bell bell, Start start, String open,
                ColorMode colors, Path folder) {
            this(ServerAddresses.of(server), config, bell, start, open, colors, folder);
        }

        public Options(HostPort server, ClientConfig config, ChatState.Bell bell, Start start) {
            this(server, config, bell, start, null, ColorMode.TRUE_COLOR, Path.of("").toAbsolutePath());
        }
    }

    /** How long the loop waits for a task when no key came, in ms: the longest a frame waits to be drawn. */
    private static final long IDLE_WAIT_MILLIS = 25;

    private final TerminalScreen screen;
    private final Options options;
    private final ChatState state;
    private final ChatView view;
    private final UiThread ui;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "chat-tui-timer"));
    /** Reads and writes of files, in order; never the UI thread, never the connection's timer. */
    private final ExecutorService files = Executors.newSingleThreadExecutor(
            runnable -> daemon(runnable, "chat-tui-files"));
    private final ServerLink link;
    private final Navigator navigator;
    private final IncomingFrames incoming;
    private final KeyBindings keys;
    private boolean running = true;

    public ChatApp(TerminalScreen screen, Options options, SavedSession session, LongSupplier clock) {
        this.screen = screen;
        this.options = options;
        this.state = new ChatState(options.server().toString());
        this.view = new ChatView(ZoneId.systemDefault(), options.colors());
        this.ui = new UiThread(state, clock);
        this.link = new ServerLink(options.server(), new ServerTrust(options.config().knownServers()),
                session == null ? null : session.token(), ui, timer);
        this.navigator = new Navigator(ui, link);
        Transfers transfers = new Transfers(ui, link, navigator, files, new LocalPaths(options.folder(),
                options.home(), options.downloads()), screen::getTerminalSize);
        this.incoming = new IncomingFrames(ui, link, navigator, transfers,
                new Alerts(state, screen.getTerminal()), options.config());
        Commands commands = new Commands(ui, link, navigator, transfers,
                index -> view.scrollToShow(state, index, screen.getTerminalSize()), this::quit);
        this.keys = new KeyBindings(ui, link, navigator, commands, transfers, this::pageRows,
                () -> ChatView.helpScrollLimit(state, screen.getTerminalSize()), this::quit);
        state.startShown(options.start() == Start.WELCOME);
        state.bell(options.bell());
        incoming.onStart(this::connected);
    }

    /**
     * Where {@code /save} puts files unless told otherwise: {@code $XDG_DOWNLOAD_DIR}, else the one in
     * {@code user-dirs.dirs}, else {@code ~/Downloads} (created when first used).
     */
    public static Path downloadFolder(Map<String, String> environment, Path home, Path current) {
        return LocalPaths.downloadFolder(environment, home, current);
    }

    /** The state the screen shows; for tests, read on the UI thread only. */
    public ChatState state() {
        return state;
    }

    /** Runs until the user quits. The calling thread becomes the UI thread. */
    public void run() throws IOException {
        link.start(incoming);
        draw();
        while (running) {
            KeyStroke key = screen.pollInput();
            boolean changed = false;
            while (key != null) {
                keys.handle(key);
                changed = true;
                key = running ? screen.pollInput() : null;
            }
            Runnable task;
            try {
                task = changed ? ui.next() : ui.next(IDLE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            while (task != null) {
                task.run();
                changed = true;
                task = ui.next();
            }
            if (screen.doResizeIfNecessary() != null) {
                changed = true;
            }
            if (changed || !state.current().typingAt(ui.now()).isEmpty()) {
                draw();
            }
        }
        timer.shutdownNow();
        files.shutdown();
        link.close();
    }

    /** Once connected for the first time: look for a stranger, or open what the command line asked for. */
    private void connected(boolean first) {
        if (!first) {
            return;
        }
        if (options.start() == Start.RANDOM) {
            link.request(new ClientFrame.Next(null, null));
        }
        if (options.open() != null) {
            if (link.token() == null) {
                navigator.open(options.open()); // a guest: nothing to wait for
            } else {
                incoming.openOnLogin(options.open());
            }
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private void quit() {
        running = false;
    }

    private int pageRows() {
        return ChatView.logRows(state, screen.getTerminalSize());
    }

    private void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        TerminalPosition cursor = view.draw(state, screen.newTextGraphics(), size, ui.now());
        screen.setCursorPosition(cursor);
        screen.refresh();
    }
}
