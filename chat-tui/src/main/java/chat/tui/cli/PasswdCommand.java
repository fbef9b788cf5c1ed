package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code chat-tui passwd}: changes the password of the saved login; other devices are logged out. The current
 * password is checked (by logging in with it) before the new one is asked for.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = "Change your password. Your other devices are logged out; this one stays logged in.")
public final class PasswdCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        SavedSession saved = ServerSession.requireLogin(serverOption, environment);
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            String old = environment.secret("Current password for " + saved.name() + ": ", err);
            // a login checks the password now, before the new one is typed twice; the login it makes becomes this
            // device's (the password change ends every other one, the saved one included)
            ServerFrame.LoggedIn login;
            try {
                login = session.call(new ClientFrame.Login(null, saved.name(), old), ServerFrame.LoggedIn.class);
            } catch (CommandFailure e) {
                if (e.serverError() != null && "wrong_password".equals(e.serverError().code())) {
                    // the server says "wrong name or password" to every login; here the name is known to be right
                    throw new CommandFailure("wrong password", e.serverError());
                }
                throw e;
            }
            String fresh = ServerSession.newPassword(environment, err);
            session.call(new ClientFrame.ChangePassword(null, old, fresh), ServerFrame.Ok.class);
            environment.config().saveSession(new SavedSession(session.servers().toString(), login.name(),
                    login.token(), login.expires()));
            out.println("Password changed; your other devices were logged out.");
            return 0;
        }
    }
}
