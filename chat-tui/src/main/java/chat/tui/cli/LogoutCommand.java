package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chat-tui logout}: ends the saved login on the server and forgets it here. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Log out and forget the saved login.")
public final class LogoutCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Option(names = "--all", description = "Log out on every device.")
    boolean everywhere;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        SavedSession saved = serverOption.savedLogin(environment).orElse(null);
        if (saved == null) {
            out.println("Not logged in" + (environment.config().session().isPresent() ? " on "
                    + serverOption.resolve(environment) : "") + ".");
            return 0;
        }
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            session.resume(saved);
            session.call(new ClientFrame.Logout(null, everywhere), ServerFrame.LoggedOut.class);
        } catch (CommandFailure e) {
            if (e.serverError() == null || !"invalid_token".equals(e.serverError().code())) {
                throw e;
            }
            // the server ended that login already; forgetting it here is all there is to do
        }
        environment.config().forgetSession();
        out.println("Logged out" + (everywhere ? " on every device" : "") + ".");
        return 0;
    }
}
