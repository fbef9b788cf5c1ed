package chat.tui.cli;

import chat.tui.app.ChatApp;
import chat.tui.config.SavedSession;
import chat.tui.model.ChatState;
import chat.tui.net.ServerAddresses;
import chat.tui.view.ColorMode;
import java.nio.file.Path;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.MouseCaptureMode;
import java.io.IOException;

/**
 * Opens the full-screen client on the real terminal, and gives the terminal back as it was whatever happens: after
 * a normal quit, after an error (reported as one line, not a stack trace), and on Ctrl+C.
 */
final class TuiLauncher {

    private TuiLauncher() {
    }

    static int launch(ClientEnvironment environment, ServerAddresses server, SavedSession session, ChatApp.Start start,
            String open, ScreenOptions options) throws CommandFailure {
        boolean mouse = !options.noMouse;
        ChatState.Bell bell = options.bell();
        if (!environment.interactive()) {
            throw new CommandFailure("the chat screen needs a terminal (use chat-tui send in scripts)");
        }
        TerminalScreen screen = null;
        try {
            Utf8UnixTerminal terminal = new Utf8UnixTerminal(System.in, System.out);
            if (mouse) {
                terminal.setMouseCaptureMode(MouseCaptureMode.CLICK); // the wheel scrolls the log
            }
            screen = new TerminalScreen(terminal);
            screen.startScreen();
            Path current = Path.of("").toAbsolutePath();
            String homeVariable = environment.variable("HOME"); // what ~ means in the user's shell
            Path home = Path.of(homeVariable != null && !homeVariable.isBlank() ? homeVariable
                    : System.getProperty("user.home"));
            new ChatApp(screen, new ChatApp.Options(server, environment.config(), bell, start, open,
                    ColorMode.parse(options.colors, environment.variables()), current, home,
                    ChatApp.downloadFolder(environment.variables(), home, current)), session,
                    System::currentTimeMillis).run();
            return 0;
        } catch (IOException | RuntimeException e) {
            throw new CommandFailure("the chat screen failed: " + e);
        } finally {
            if (screen != null) {
                if (mouse) {
                    try {
                        ((Utf8UnixTerminal) screen.getTerminal()).setMouseCaptureMode(null);
                    } catch (IOException e) {
                        // the terminal is gone anyway
                    }
                }
                try {
                    screen.stopScreen();
                } catch (IOException e) {
                    // the terminal is gone anyway
                }
            }
        }
    }
}
