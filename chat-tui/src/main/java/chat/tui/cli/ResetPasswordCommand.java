package chat.tui.cli;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chat-tui reset-password NAME}: sets a new password with one of the recovery codes. */
@Command(name = "reset-password", mixinStandardHelpOptions = true,
        description = "Set a new password with a recovery code from registration. Every login of the account ends.")
public final class ResetPasswordCommand extends ClientCommand {

    @Mixin
    ServerOption serverOption;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CODE", description = "A recovery code (asked if not given).")
    String code;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure, IOException {
        String recoveryCode = code != null ? code : environment.secret("Recovery code: ", err);
        try (ServerSession session = ServerSession.open(serverOption.resolve(environment), environment, err)) {
            // the code is checked (and nothing used) before the new password is typed twice
            session.call(new ClientFrame.ResetPassword(null, name, recoveryCode, null), ServerFrame.Ok.class);
            String password = ServerSession.newPassword(environment, err);
            session.call(new ClientFrame.ResetPassword(null, name, recoveryCode, password), ServerFrame.Ok.class);
        }
        if (environment.config().session().filter(saved -> saved.name().equalsIgnoreCase(name)).isPresent()) {
            environment.config().forgetSession();
        }
        boolean named = serverOption.server != null || serverOption.tls; // the default may be another server
        out.println("Password reset. Log in with: chat-tui login "
                + (named ? "--server " + serverOption.resolve(environment) + " " : "") + name);
        return 0;
    }
}
