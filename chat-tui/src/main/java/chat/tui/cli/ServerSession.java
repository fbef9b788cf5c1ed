package chat.tui.cli;

import chat.core.model.PasswordRules;
import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.tui.config.SavedSession;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import chat.tui.net.ServerAddresses;
import chat.tui.net.ServerTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * A short conversation with the server for one command: connect (to the first of the addresses that answers, when
 * there are several), maybe resume the saved login, make requests, close. Turns what goes wrong into
 * {@link CommandFailure}s with a line for the user.
 */
final class ServerSession implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ChatClient client;
    private final ServerAddresses servers;
    private final HostPort server;

    private ServerSession(ChatClient client, ServerAddresses servers, HostPort server) {
        this.client = client;
        this.servers = servers;
        this.server = server;
    }

    /**
     * Connects to the first of {@code servers} that can be reached, and says hello; over TLS, a certificate pinned
     * just now is reported on {@code err} (the user should compare its fingerprint with the operator's). When none
     * can be reached, fails with the last one's reason. A changed certificate or a failed TLS handshake stops at
     * once: another node of the same service would not make it right.
     */
    static ServerSession open(ServerAddresses servers, ClientEnvironment environment, PrintWriter err)
            throws CommandFailure {
        String unreachable = null;
        for (HostPort server : servers.all()) {
            ChatClient client;
            try {
                client = ChatClient.connect(server, new ServerTrust(environment.config().knownServers()),
                        Duration.ofSeconds(5), ChatClient.Listener.IGNORE);
            } catch (ServerTrust.ChangedCertificateException e) {
                throw new CommandFailure(e.getMessage());
            } catch (SSLException e) {
                throw new CommandFailure(e.getMessage()); // reached, but the handshake failed: the message says why
            } catch (UnknownHostException e) {
                unreachable = "unknown host " + server.host();
                continue;
            } catch (ConnectException e) {
                unreachable = "cannot reach " + server + ": " + e.getMessage()
                        + " (is the server running? --server HOST:PORT)";
                continue;
            } catch (IOException e) {
                unreachable = "cannot reach " + server + ": " + e.getMessage();
                continue;
            }
            if (client.pinnedNow()) {
                err.println(client.securityNote());
                err.flush();
            }
            ServerSession session = new ServerSession(client, servers, server);
            try {
                // at once, before any prompt: a connection that says nothing is closed at the first-line timeout
                session.call(new ClientFrame.Hello(null, "chat-tui"), ServerFrame.Welcome.class);
            } catch (CommandFailure e) {
                session.close();
                throw e;
            }
            return session;
        }
        throw new CommandFailure(unreachable);
    }

    /** The address that answered. */
    HostPort server() {
        return server;
    }

    /** All the addresses of the service (what a saved login is saved under). */
    ServerAddresses servers() {
        return servers;
    }

    ChatClient client() {
        return client;
    }

    /** Sends a request and waits for its answer of the given type. */
    <T extends ServerFrame> T call(ClientFrame frame, Class<T> replyType) throws CommandFailure {
        try {
            return client.call(frame, replyType, TIMEOUT);
        } catch (ChatClient.ServerError e) {
            throw new CommandFailure(e.error().message(), e.error());
        } catch (IOException e) {
            throw new CommandFailure("the connection to " + server + " failed: " + e.getMessage());
        }
    }

    /**
     * The saved login on the server {@code option} names, before anything connects; fails with a hint when there
     * is none there.
     */
    static SavedSession requireLogin(ServerOption option, ClientEnvironment environment) throws CommandFailure {
        SavedSession saved = option.savedLogin(environment).orElse(null);
        if (saved != null) {
            return saved;
        }
        SavedSession elsewhere = environment.config().session().orElse(null);
        ServerAddresses asked = option.resolve(environment);
        if (elsewhere != null && asked.withTls(true).sameServiceAs(elsewhere.server())) {
            throw new CommandFailure("not logged in on " + asked + " without TLS (the saved login is "
                    + elsewhere.name() + " on " + elsewhere.server() + "; add --tls)");
        }
        if (elsewhere != null) {
            throw new CommandFailure("not logged in on " + option.resolve(environment) + " (the saved login is "
                    + elsewhere.name() + " on " + elsewhere.server() + "; chat-tui login --server "
                    + option.resolve(environment) + " NAME)");
        }
        throw new CommandFailure("not logged in (chat-tui login NAME first)");
    }

    /** Logs in with the saved session; fails with a hint when there is none or it no longer works. */
    ServerFrame.LoggedIn resume(SavedSession session) throws CommandFailure {
        if (session == null) {
            throw new CommandFailure("not logged in (chat-tui login NAME)");
        }
        try {
            return call(new ClientFrame.Resume(null, session.token()), ServerFrame.LoggedIn.class);
        } catch (CommandFailure e) {
            throw new CommandFailure(e.getMessage() + " (chat-tui login " + session.name() + ")");
        }
    }

    /**
     * Fails when an account is called {@code name} ({@code whois} knows it). A name held after its account was
     * deleted is not seen here: {@code register} still refuses it.
     */
    void requireFreeName(String name) throws CommandFailure {
        try {
            call(new ClientFrame.Whois(null, name), ServerFrame.Presence.class);
        } catch (CommandFailure e) {
            if (e.serverError() != null && ErrorCode.UNKNOWN_USER.wireName().equals(e.serverError().code())) {
                return;
            }
            throw e;
        }
        throw new CommandFailure("the name " + name + " is taken");
    }

    @Override
    public void close() {
        client.close();
    }

    /** Asks for a new password twice, and checks it against the rules before the server does. */
    static String newPassword(ClientEnvironment environment, PrintWriter err) throws IOException, CommandFailure {
        String password = environment.secret("New password: ", err);
        String problem = PasswordRules.problemWith(password);
        if (problem != null) {
            throw new CommandFailure(problem);
        }
        if (!password.equals(environment.secret("Repeat the new password: ", err))) {
            throw new CommandFailure("the two passwords differ");
        }
        return password;
    }
}
