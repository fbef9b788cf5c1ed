package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chat-tui login NAME}: logs in and remembers the session token, never the password. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Log in and remember the login (its token, not the password) for the other commands.")
public final class LoginCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Parameters(paramLabel = "NAME", description = "Your account name.")
    String name;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            String password = environment.secret("Password for " + name + ": ", err);
            ServerFrame.LoggedIn login = session.call(new ClientFrame.Login(null, name, password),
                    ServerFrame.LoggedIn.class);
            environment.config().saveSession(new SavedSession(session.servers().toString(), login.name(),
                    login.token(), login.expires()));
            out.println("Logged in as " + login.name() + " on " + session.server() + ".");
            return 0;
        }
    }
}
