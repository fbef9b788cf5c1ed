package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import chat.tui.net.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code chat-tui passwd}: changes the password of the saved login; other devices are logged out. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Change your password. Your other devices are logged out; this one stays logged in.")
public final class PasswdCommand extends ClientCommand {

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        SavedSession saved = environment.config().session().orElse(null);
        try (ServerSession session = ServerSession.open(saved == null ? new HostPort("localhost",
                HostPort.DEFAULT_PORT) : HostPort.parse(saved.server()), environment, err)) {
            session.resume(saved);
            String old = environment.secret("Current password: ", err);
            String fresh = ServerSession.newPassword(environment, err);
            session.call(new ClientFrame.ChangePassword(null, old, fresh), ServerFrame.Ok.class);
            out.println("Password changed; your other devices were logged out.");
            return 0;
        }
    }
}
