package chat.tui.cli;

import chat.tui.app.ChatApp;
import chat.tui.config.SavedSession;
import chat.tui.net.ServerAddresses;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chat-tui connect HOST:PORT[,HOST:PORT...]}: the chat screen, starting at the choice to log in, register or be
 * a guest. Several addresses are the nodes of one cluster: the screen moves to the next when its node goes.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Open the chat screen on a server: log in, register, or continue as a guest.")
public final class ConnectCommand extends ClientCommand {

    @Parameters(paramLabel = "HOST:PORT[,...]", converter = ServerAddressConverter.class,
            description = "The server, e.g. localhost:7000 (tls://HOST:PORT for TLS); several separated by commas are"
                    + " the nodes of one cluster.")
    ServerAddresses server;

    @Option(names = "--tls", description = "Connect with TLS: the server's certificate is checked against the system's"
            + " trust store, else pinned on first use.")
    boolean tls;

    @Mixin
    ScreenOptions screen;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure {
        ServerAddresses address = server.withTls(tls);
        SavedSession session = environment.config().session()
                .filter(saved -> address.sameServiceAs(saved.server())).orElse(null);
        return TuiLauncher.launch(environment, address, session,
                session == null ? ChatApp.Start.WELCOME : ChatApp.Start.IDLE, null, screen);
    }
}
