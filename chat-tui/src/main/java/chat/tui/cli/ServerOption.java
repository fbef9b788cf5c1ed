package chat.tui.cli;

import chat.tui.config.SavedSession;
import chat.tui.net.HostPort;
import picocli.CommandLine.Option;

/**
 * {@code --server HOST:PORT}, shared by the commands. The server is the option's, else {@code $CHAT_SERVER}'s, else
 * the saved login's, else {@code localhost:7000}.
 */
public final class ServerOption {

    /** The environment variable that names the default server. */
    public static final String VARIABLE = "CHAT_SERVER";

    @Option(names = {"-s", "--server"}, paramLabel = "HOST:PORT",
            description = "The server, tls://HOST:PORT for TLS (default: $CHAT_SERVER, else the saved login's, else"
                    + " localhost:7000).")
    String server;

    @Option(names = "--tls", description = "Connect with TLS (same as a tls:// address): the server's certificate is"
            + " checked against the system's trust store, else pinned on first use.")
    boolean tls;

    /** The server to talk to. */
    public HostPort resolve(ClientEnvironment environment) {
        return find(environment).withTls(tls);
    }

    private HostPort find(ClientEnvironment environment) {
        if (server != null) {
            return HostPort.parse(server);
        }
        String variable = environment.variable(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return HostPort.parse(variable);
        }
        return environment.config().session().map(SavedSession::server).map(HostPort::parse)
                .orElse(new HostPort("localhost", HostPort.DEFAULT_PORT));
    }
}
