package chat.tui.cli;

import chat.tui.app.ChatApp;
import chat.tui.config.SavedSession;
import chat.tui.net.ServerAddresses;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-tui connect [HOST:PORT[,HOST:PORT...]]}: the chat screen, starting at the choice to log in, register or
 * be a guest. Several addresses are the nodes of one cluster: the screen moves to the next when its node goes. The
 * server is the argument, else found as every command finds it ({@link ServerOption}: {@code --server},
 * {@code $CHAT_SERVER}, the saved login's, {@code localhost:7000}).
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Open the chat screen on a server: log in, register, or continue as a guest.")
public final class ConnectCommand extends ClientCommand {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "HOST:PORT[,...]", converter = ServerAddressConverter.class,
            description = "The server, e.g. localhost:7000 (tls://HOST:PORT for TLS); several separated by commas are"
                    + " the nodes of one cluster. The same as --server.")
    ServerAddresses server;

    @Mixin
    ServerOption serverOption;

    @Mixin
    ScreenOptions screen;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure {
        if (server != null && serverOption.server != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the server is given twice: as HOST:PORT and with --server; give it once");
        }
        ServerAddresses address = server != null ? server.withTls(serverOption.tls) : serverOption.resolve(environment);
        SavedSession session = environment.config().session()
                .filter(saved -> address.sameServiceAs(saved.server())).orElse(null);
        return TuiLauncher.launch(environment, address, session,
                session == null ? ChatApp.Start.WELCOME : ChatApp.Start.IDLE, null, screen);
    }
}
