package chat.tui.cli;

import chat.core.model.UserName;
import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code chat-tui register NAME}: creates an account, logs in and remembers the login. The name is checked (its
 * shape here, whether an account has it on the server) before the password is asked for.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Create an account and log in. Asks for the password twice; shows recovery codes once.")
public final class RegisterCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Parameters(paramLabel = "NAME", description = "3 to 20 letters, digits, _ or -, starting with a letter.")
    String name;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        String problem = UserName.problemWith(name);
        if (problem != null) {
            throw new CommandFailure(problem + ": " + name);
        }
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            session.requireFreeName(name);
            String password = ServerSession.newPassword(environment, err);
            ServerFrame.LoggedIn login = session.call(new ClientFrame.Register(null, name, password),
                    ServerFrame.LoggedIn.class);
            environment.config().saveSession(new SavedSession(session.servers().toString(), login.name(),
                    login.token(), login.expires()));
            out.println("Registered " + login.name() + " on " + session.server() + " and logged in.");
            out.println();
            out.println("Your recovery codes. Each one resets your password once, if you forget it.");
            out.println("They are shown only now: write them down or keep them in a password manager.");
            out.println();
            for (String code : login.recoveryCodes()) {
                out.println("    " + code);
            }
            out.println();
            out.println("Start chatting: chat-tui chat");
            return 0;
        }
    }
}
