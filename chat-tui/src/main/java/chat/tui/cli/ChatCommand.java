package chat.tui.cli;

import chat.tui.app.ChatApp;
import chat.tui.config.SavedSession;
import chat.tui.net.ServerAddresses;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chat-tui chat}: the chat screen with the saved login. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Open the chat screen with the saved login (or as a guest).")
public final class ChatCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Option(names = "--random", description = "Start looking for a random stranger at once.")
    boolean random;

    @Mixin
    ScreenOptions screen;

    @Option(names = "--with", paramLabel = "NAME", description = "Start in the direct chat with NAME.")
    String with;

    @Option(names = "--room", paramLabel = "#ROOM", description = "Start in a room (joined for you).")
    String room;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure {
        ServerAddresses server = serverOption.resolve(environment);
        SavedSession session = serverOption.savedLogin(environment).orElse(null);
        String open = with != null ? "@" + with.replaceFirst("^@", "")
                : room != null ? "#" + room.replaceFirst("^#", "") : null;
        return TuiLauncher.launch(environment, server, session, random ? ChatApp.Start.RANDOM : ChatApp.Start.IDLE,
                open, screen);
    }
}
