package chat.tui.cli;

import chat.tui.app.ChatApp;
import chat.tui.config.SavedSession;
import chat.tui.net.HostPort;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chat-tui connect HOST:PORT}: the chat screen, starting at the choice to log in, register or be a guest. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Open the chat screen on a server: log in, register, or continue as a guest.")
public final class ConnectCommand extends ClientCommand {

    @Parameters(paramLabel = "HOST:PORT", converter = ServerAddressConverter.class,
            description = "The server, e.g. localhost:7000 (tls://HOST:PORT for TLS).")
    HostPort server;

    @Option(names = "--tls", description = "Connect with TLS: the server's certificate is checked against the system's"
            + " trust store, else pinned on first use.")
    boolean tls;

    @Mixin
    ScreenOptions screen;

    @Override
    int run(ClientEnvironment environment, PrintWriter out, PrintWriter err) throws CommandFailure {
        HostPort address = server.withTls(tls);
        SavedSession session = environment.config().session()
                .filter(saved -> saved.server().equals(address.toString())).orElse(null);
        return TuiLauncher.launch(environment, address, session,
                session == null ? ChatApp.Start.WELCOME : ChatApp.Start.IDLE, null, screen);
    }
}
