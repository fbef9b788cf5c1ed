package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.VirtualScreen;
import chat.tui.config.ClientConfig;
import chat.tui.model.ChatState;
import chat.tui.net.HostPort;
import chat.tui.net.ServerAddresses;
import chat.tui.view.ColorMode;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** A running app on a virtual terminal, driven by keys and read back as text, as a person would use it. */
final class RunningApp implements AutoCloseable {

    final VirtualScreen screen;
    final ChatApp app;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** How often the terminal bell rang. */
    final AtomicInteger bells = new AtomicInteger();

    RunningApp(ChatServer server, Path home, ChatApp.Start start, Path folder) {
        this(TestServers.address(server), home, start, folder);
    }

    RunningApp(String address, Path home, ChatApp.Start start, Path folder) {
        this(address, home, start, folder, 90, 16);
    }

    RunningApp(String address, Path home, ChatApp.Start start, Path folder, int columns, int rows) {
        this(new ChatApp.Options(ServerAddresses.parse(address), new ClientConfig(home), ChatState.Bell.OFF, start, null,
                ColorMode.TRUE_COLOR, folder), columns, rows);
    }

    /** A guest on {@code server} with the bell as given, on a wide screen. */
    RunningApp(ChatServer server, Path home, ChatState.Bell bell) {
        this(new ChatApp.Options(HostPort.parse(TestServers.address(server)), new ClientConfig(home), bell,
                ChatApp.Start.IDLE, null, ColorMode.TRUE_COLOR, home), 120, 20);
    }

    /** The character at a column and row of the screen, with its colours and styles. */
    com.googlecode.lanterna.TextCharacter at(int column, int row) {
        return screen.terminal().getBufferCharacter(column, row);
    }

    RunningApp(ChatApp.Options options, int columns, int rows) {
        screen = new VirtualScreen(columns, rows);
        screen.terminal().addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
            }

            @Override
            public void onBell() {
                bells.incrementAndGet();
            }

            @Override
            public void onClose() {
            }

            @Override
            public void onResized(Terminal terminal, TerminalSize newSize) {
            }
        });
        app = new ChatApp(screen.screen(), options, options.config().session().orElse(null),
                System::currentTimeMillis);
        thread = new Thread(() -> {
            try {
                app.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "app-" + options.config().directory().getFileName());
        thread.start();
    }

    void type(String text) {
        text.codePoints().forEach(codePoint -> {
            for (char c : Character.toChars(codePoint)) {
                screen.terminal().addInput(new KeyStroke(c, false, false));
            }
        });
    }

    /** Types a line and presses Enter. */
    void enter(String line) {
        type(line);
        press(KeyType.Enter);
    }

    void press(KeyType key) {
        screen.terminal().addInput(new KeyStroke(key));
    }

    void press(char c, boolean ctrl) {
        screen.terminal().addInput(new KeyStroke(c, ctrl, false));
    }

    String await(Predicate<String> condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = screen.text();
            if (condition.test(text)) {
                // the UI thread may be half way through drawing: a frame counts once it stays the same a moment
                LockSupport.parkNanos(10_000_000);
                if (text.equals(screen.text())) {
                    return text;
                }
            }
            LockSupport.parkNanos(5_000_000); // poll the screen; the deadline bounds the wait
        }
        fail("the screen never showed " + what + ":\n" + screen.text());
        return null;
    }

    /** Waits until the screen contains {@code text}. */
    String awaitText(String text) {
        return await(screen -> screen.contains(text), "'" + text + "'");
    }

    @Override
    public void close() throws InterruptedException {
        press(KeyType.F10);
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
    }
}
