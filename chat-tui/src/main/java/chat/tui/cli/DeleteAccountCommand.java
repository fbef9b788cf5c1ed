package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chat-tui delete-account}: deletes the logged-in account and its data, after two checks. */
@Command(name = "delete-account", mixinStandardHelpOptions = true,
        description = "Delete your account and everything the server keeps of it. Asks for the password and for"
                + " the account name as a confirmation.")
public final class DeleteAccountCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Option(names = "--yes", description = "Skip the confirmation (the password is still asked).")
    boolean confirmed;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        SavedSession saved = ServerSession.requireLogin(serverOption, environment);
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            ServerFrame.LoggedIn login = session.resume(saved);
            String password = environment.secret("Password for " + login.name() + ": ", err);
            if (!confirmed) {
                String answer = environment.line("This deletes " + login.name() + " and its data for good. Type "
                        + login.name() + " to confirm: ", err);
                if (!answer.strip().equals(login.name())) {
                    throw new CommandFailure("not confirmed; nothing was deleted");
                }
            }
            session.call(new ClientFrame.DeleteAccount(null, password), ServerFrame.Ok.class);
            environment.config().forgetSession();
            out.println("Deleted " + login.name() + " and its data.");
            return 0;
        }
    }
}
