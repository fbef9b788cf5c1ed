package chat.tui.cli;

import chat.tui.config.SavedSession;
import chat.tui.net.HostPort;
import chat.tui.net.ServerAddresses;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --server HOST:PORT[,HOST:PORT...]} and {@code --tls}, shared by the commands that talk to a server. The
 * server is the option's, else {@code $CHAT_SERVER}'s, else the saved login's, else {@code localhost:7000}; several
 * addresses are the nodes of one cluster, tried in turn. A bad address, on the command line or in the environment,
 * is a usage error (exit status 2).
 */
public final class ServerOption {

    /** The environment variable that names the default server. */
    public static final String VARIABLE = "CHAT_SERVER";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = {"-s", "--server"}, paramLabel = "HOST:PORT[,...]", converter = ServerAddressConverter.class,
            description = "The server, tls://HOST:PORT for TLS; several separated by commas are the nodes of one"
                    + " cluster, tried in turn (default: $CHAT_SERVER, else the saved login's, else localhost:7000).")
    ServerAddresses server;

    @Option(names = "--tls", description = "Connect with TLS (same as a tls:// address): the server's certificate is"
            + " checked against the system's trust store, else pinned on first use.")
    boolean tls;

    /** The server to talk to (one, or the nodes of a cluster). */
    public ServerAddresses resolve(ClientEnvironment environment) {
        return find(environment).withTls(tls);
    }

    /** The saved login, if it is one on the server to talk to. */
    Optional<SavedSession> savedLogin(ClientEnvironment environment) {
        ServerAddresses addresses = resolve(environment);
        return environment.config().session().filter(saved -> addresses.sameServiceAs(saved.server()));
    }

    private ServerAddresses find(ClientEnvironment environment) {
        if (server != null) {
            return server;
        }
        String variable = environment.variable(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            try {
                return ServerAddresses.parse(variable);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(command.commandLine(), "$" + VARIABLE + " is "
                        + e.getMessage());
            }
        }
        return environment.config().session().map(SavedSession::server).flatMap(ServerOption::readable)
                .orElse(ServerAddresses.of(new HostPort("localhost", HostPort.DEFAULT_PORT)));
    }

    private static Optional<ServerAddresses> readable(String saved) {
        try {
            return Optional.of(ServerAddresses.parse(saved));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a session file edited by hand: fall back to the default
        }
    }
}
