package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chat-tui send --to CONV TEXT}: one message for scripts, no TUI; exit status 0 once the server took it. A
 * room is joined for the message and left when the connection closes.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send one message without opening the TUI (for scripts). Uses the saved login if there is one.")
public final class SendCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Option(names = "--to", required = true, paramLabel = "CONV",
            description = "The conversation: @user (needs a login) or #room (joined for the message).")
    String to;

    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The message; several words are joined by spaces.")
    List<String> words;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            environment.config().session().filter(saved -> session.servers().sameServiceAs(saved.server()))
                    .ifPresent(saved -> {
                        try {
                            session.resume(saved);
                        } catch (CommandFailure e) {
                            err.println("chat-tui: sending as a guest: " + e.getMessage());
                        }
                    });
            String conv = to.strip();
            if (conv.startsWith("#")) {
                session.call(new ClientFrame.Join(null, conv), ServerFrame.Room.class); // a room hears members only
            }
            session.call(new ClientFrame.Say(null, conv, String.join(" ", words)), ServerFrame.Ok.class);
            return 0;
        }
    }
}
