package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.model.ChatState;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import chat.tui.net.ServerAddresses;
import chat.tui.net.ServerTrust;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The connection's life for the screen: connects off the UI thread, says hello and resumes the login, retries a
 * lost connection (at once on the next address when there are several, the nodes of a cluster; with a growing pause
 * once every address has failed), pings an idle one, and stops for good when a pinned certificate changed.
 * Every request goes through here, so "not connected" and the server's refusals are said in one place. UI thread,
 * except where noted.
 */
final class ServerLink {

    /** What the rest of the app hears from the connection, always on the UI thread. */
    interface Events {
        /** Connected and greeted; {@code first} for the first connection of this run. */
        void connected(boolean first);

        /** A frame from the server. */
        void frame(ServerFrame frame);

        /** The connection dropped, or could not be made; {@code cause} says why, null when unknown. */
        void lost(Exception cause);
    }

    private static final long FIRST_RECONNECT_DELAY_MILLIS = 1_000;
    private static final long MAX_RECONNECT_DELAY_MILLIS = 30_000;
    /** How often an idle client pings, well inside the server's idle timeout. */
    private static final long KEEP_ALIVE_SECONDS = 60;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final ServerAddresses servers;
    private final ServerTrust trust;
    private final UiThread ui;
    private final ScheduledExecutorService timer;
    private Events events;
    /** Requests whose answers only their caller reads: the screen never shows them (any thread). */
    private final Set<String> privateRequests = ConcurrentHashMap.newKeySet();
    private ChatClient client;
    private String token;
    private long reconnectDelayMillis = FIRST_RECONNECT_DELAY_MILLIS;
    /** Which of the addresses the link uses now. */
    private int current;
    /** Addresses that failed one after the other since the last connection. */
    private int failuresInARow;
    private boolean connectedBefore;
    private boolean closed;
    /** Why the link does not reconnect by itself (kicked, banned, account deleted), or null. */
    private String stayOffline;

    ServerLink(ServerAddresses servers, ServerTrust trust, String token, UiThread ui,
            ScheduledExecutorService timer) {
        this.servers = servers;
        this.trust = trust;
        this.token = token;
        this.ui = ui;
        this.timer = timer;
    }

    /** Connects for the first time and keeps the connection alive from then on. */
    void start(Events listener) {
        this.events = listener;
        connect();
        timer.scheduleAtFixedRate(() -> ui.post(this::keepAlive), KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
    }

    /** The address the link is connected to, or trying. */
    HostPort server() {
        return servers.get(current);
    }

    boolean online() {
        return client != null;
    }

    /** The login token to resume after a reconnect, or null for a guest. */
    String token() {
        return token;
    }

    void token(String token) {
        this.token = token;
    }

    /** A fresh request id, unique across processes, with or without a connection. */
    String nextId() {
        return ChatClient.newId();
    }

    /**
     * Sends a request; its answer is handled when it comes. A refusal is said in the conversation on screen; without
     * a connection that is said and the future fails at once.
     */
    CompletableFuture<ServerFrame> request(ClientFrame frame) {
        if (client == null) {
            ui.error("Not connected; waiting to reconnect.");
            return CompletableFuture.failedFuture(new IOException("not connected"));
        }
        CompletableFuture<ServerFrame> reply = client.request(frame);
        reply.whenComplete((answer, error) -> {
            if (error instanceof ChatClient.ServerError serverError) {
                ui.post(() -> ui.error(UiThread.sentence(serverError.error().message())));
            }
        });
        return reply;
    }

    /**
     * Sends a request under an id the caller chose (to match the answer to a line of its own) and leaves the
     * answer, good or bad, to the caller. Only while {@link #online()}.
     */
    CompletableFuture<ServerFrame> request(String id, ClientFrame frame) {
        return client.request(id, frame);
    }

    /**
     * Sends a request whose answer goes to the caller only, never onto the screen (a history page fetched to learn
     * an id, say). Refusals too are left to the caller. Only while {@link #online()}.
     */
    CompletableFuture<ServerFrame> ask(ClientFrame frame) {
        String id = client.nextId();
        privateRequests.add(id);
        CompletableFuture<ServerFrame> reply = client.request(id, frame);
        reply.whenComplete((answer, error) -> {
            if (error != null && !(error instanceof ChatClient.ServerError)) {
                privateRequests.remove(id); // no answer will come to take it out
            }
        });
        return reply;
    }

    /** Sends a frame that needs no answer; nothing happens when offline (the reader reports a lost connection). */
    void sendQuietly(ClientFrame frame) {
        if (client == null) {
            return;
        }
        try {
            client.send(frame);
        } catch (IOException e) {
            // the reader thread reports the lost connection
        }
    }

    /**
     * The server ended this client's stay for a reason a reconnect would not change (an operator kicked or banned it,
     * the account is gone): when the connection closes, the link stays offline and says {@code why}.
     */
    void stayOffline(String why) {
        stayOffline = why;
    }

    /** Whether the link will not reconnect by itself ({@link #stayOffline}). */
    boolean staysOffline() {
        return stayOffline != null;
    }

    /** Stops reconnecting and closes the connection. */
    void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }

    private void connect() {
        ui.state().link(ChatState.Link.CONNECTING, null);
        HostPort server = server();
        timer.execute(() -> {
            try {
                ChatClient connected = ChatClient.connect(server, trust, CONNECT_TIMEOUT, new ChatClient.Listener() {
                    @Override
                    public void frame(ServerFrame frame) {
                        String re = ChatClient.replyTo(frame);
                        if (re == null || !privateRequests.remove(re)) {
                            ui.post(() -> events.frame(frame));
                        }
                    }

                    @Override
                    public void disconnected(Exception cause) {
                        ui.post(() -> onDisconnected(cause));
                    }
                });
                ui.post(() -> onConnected(connected));
            } catch (ServerTrust.ChangedCertificateException e) {
                ui.post(() -> onUntrusted(e));
            } catch (IOException e) {
                ui.post(() -> onDisconnected(e));
            }
        });
    }

    private void onConnected(ChatClient connected) {
        if (closed) {
            connected.close();
            return;
        }
        client = connected;
        reconnectDelayMillis = FIRST_RECONNECT_DELAY_MILLIS;
        failuresInARow = 0;
        ui.state().link(ChatState.Link.ONLINE, null);
        ui.state().secure(connected.securityNote() != null);
        if (connected.securityNote() != null && (connected.pinnedNow() || !connectedBefore)) {
            ui.event(connected.securityNote());
        }
        if (connected.pinnedNow()) {
            ui.state().firstUseNote(connected.securityNote());
        }
        request(new ClientFrame.Hello(null, "chat-tui"));
        if (token != null) {
            request(new ClientFrame.Resume(null, token));
        }
        boolean first = !connectedBefore;
        connectedBefore = true;
        events.connected(first);
    }

    private void onDisconnected(Exception cause) {
        if (closed) {
            return;
        }
        boolean dropped = client != null;
        client = null;
        ui.state().secure(false);
        if (cause instanceof ChatClient.RefusedException refused && "banned".equals(refused.code())) {
            stayOffline = "banned: " + refused.getMessage();
        }
        if (stayOffline != null) {
            events.lost(cause);
            ui.state().link(ChatState.Link.OFFLINE, stayOffline);
            ui.error("Not reconnecting: " + stayOffline + ". F10 quits.");
            return;
        }
        // the next address at once (its node may be gone while the others serve); a pause only when every address
        // has failed in a row
        current++;
        if (++failuresInARow < servers.size()) {
            if (dropped) {
                events.lost(cause);
            }
            connect();
            return;
        }
        events.lost(cause);
        failuresInARow = 0;
        long delay = reconnectDelayMillis;
        reconnectDelayMillis = Math.min(MAX_RECONNECT_DELAY_MILLIS, reconnectDelayMillis * 2);
        ui.state().link(ChatState.Link.RECONNECTING, "retrying in " + Math.max(1, delay / 1000) + " s");
        timer.schedule(() -> ui.post(this::connect), delay, TimeUnit.MILLISECONDS);
    }

    /** The server's pinned certificate changed: say so loudly and do not reconnect on our own. */
    private void onUntrusted(ServerTrust.ChangedCertificateException e) {
        if (closed) {
            return;
        }
        ui.state().startShown(false);
        for (String line : e.getMessage().split("\\R")) {
            ui.error(line);
        }
        ui.state().link(ChatState.Link.OFFLINE, "the server's certificate changed; not connecting");
    }

    /** Why a connection failed, in words for people: "connection refused", "unknown host example.org". */
    static String describe(Exception cause) {
        if (cause instanceof java.net.UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof java.net.SocketTimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        String message = cause == null ? null : cause.getMessage();
        if (message == null || message.isBlank()) {
            return "the connection failed";
        }
        return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    /** Pings the server so an idle screen is not closed for idleness. */
    private void keepAlive() {
        sendQuietly(new ClientFrame.Ping(null));
    }

    /** Whether this run has been connected at least once. */
    boolean connectedBefore() {
        return connectedBefore;
    }
}
