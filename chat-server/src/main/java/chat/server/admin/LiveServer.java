package chat.server.admin;

import chat.server.chat.Chatter;
import chat.server.chat.GuestHandles;
import chat.server.chat.OnlineUsers;
import chat.server.net.CloseReason;
import chat.server.net.Connection;
import chat.server.net.EventLoop;
import chat.server.session.AttachedChatter;
import chat.server.store.BanStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What an operator request does to the running server's live connections. Called on the admin thread; each method
 * hands its work to the event loop ({@link EventLoop#execute}) and waits for it, at most {@link #ANSWER_SECONDS}.
 * Store writes come first, on the admin thread, so by the time the loop closes a connection the login it had is
 * already ended in the store; and since the loop runs tasks in the order they come, a login that the store granted
 * before the write has been applied by the time this task runs, and is found.
 */
public final class LiveServer {

    private static final Logger LOG = Logger.getLogger(LiveServer.class.getName());
    /** How long the admin thread waits for the loop. */
    static final long ANSWER_SECONDS = 10;

    /** One connection, as {@code chat-server who} lists it. */
    public record ConnectionInfo(long id, String name, boolean loggedIn, String address, boolean tls,
            long connectedAtMillis, long idleMillis) {
    }

    private final EventLoop loop;
    private final OnlineUsers online;
    private final BanList bans;

    public LiveServer(EventLoop loop, OnlineUsers online, BanList bans) {
        this.loop = loop;
        this.online = online;
        this.bans = bans;
    }

    /**
     * Closes the connections of the account whose logins were checked against a session epoch before {@code epoch}
     * (every one: {@link Long#MAX_VALUE}), with a {@code bye} for {@code reason}.
     *
     * @return how many were closed
     */
    public int endLogins(long accountId, long epoch, CloseReason reason) throws IOException {
        return onLoop(() -> {
            int closed = 0;
            for (Chatter device : online.devices(accountId)) {
                if (device.sessionEpoch() < epoch) {
                    disconnect(device, reason, reason.description());
                    closed++;
                }
            }
            return closed;
        });
    }

    /**
     * Closes every connection of the account {@code name}, or the connection of the guest with that handle, with a
     * {@code bye kicked}.
     *
     * @param reason what the operator said, possibly empty
     * @return how many were closed
     */
    public int kick(String name, String reason) throws IOException {
        String message = CloseReason.KICKED.description() + (reason.isEmpty() ? "" : ": " + reason);
        return onLoop(() -> {
            List<Chatter> targets = GuestHandles.isHandle(name) ? guestsCalled(name) : online.devicesByName(name);
            for (Chatter target : targets) {
                disconnect(target, CloseReason.KICKED, message);
            }
            return targets.size();
        });
    }

    /**
     * Puts a stored ban in force: an address ban is checked at every connect from now on; the connections it covers
     * (of a name ban: the account's) are closed with a {@code bye banned}.
     *
     * @return how many were closed
     */
    public int banned(BanStore.Ban ban) throws IOException {
        String message = ban.toldAs(CloseReason.BANNED.description());
        return onLoop(() -> {
            if (ban.kind() == BanStore.Kind.NAME) {
                List<Chatter> devices = online.devicesByName(ban.target());
                for (Chatter device : devices) {
                    disconnect(device, CloseReason.BANNED, message);
                }
                return devices.size();
            }
            bans.add(ban);
            AddressRange range = AddressRange.parse(ban.target());
            int closed = 0;
            for (Connection connection : loop.connections()) {
                if (connection.remoteAddress() instanceof InetSocketAddress inet && range.contains(inet.getAddress())) {
                    Chatter chatter = AttachedChatter.of(connection);
                    if (chatter != null) {
                        disconnect(chatter, CloseReason.BANNED, message);
                    } else {
                        connection.close(CloseReason.BANNED);
                    }
                    closed++;
                }
            }
            return closed;
        });
    }

    /** Lifts an address ban from the connect check (a name ban lives in the store alone). */
    public void unbanned(BanTarget target) throws IOException {
        if (target.range() != null) {
            onLoop(() -> {
                bans.remove(target.range());
                return null;
            });
        }
    }

    /** Every connection: who, from where, since when. */
    public List<ConnectionInfo> who() throws IOException {
        return onLoop(() -> {
            List<ConnectionInfo> list = new ArrayList<>();
            for (Connection connection : loop.connections()) {
                Chatter chatter = AttachedChatter.of(connection);
                list.add(new ConnectionInfo(connection.id(), chatter == null ? "-" : chatter.handle(),
                        chatter != null && chatter.isLoggedIn(), addressOf(connection), connection.isSecure(),
                        connection.openedAtMillis(), connection.idleMillis()));
            }
            list.sort((a, b) -> Long.compare(a.id(), b.id()));
            return list;
        });
    }

    private List<Chatter> guestsCalled(String handle) {
        List<Chatter> guests = new ArrayList<>(1);
        for (Connection connection : loop.connections()) {
            Chatter chatter = AttachedChatter.of(connection);
            if (chatter != null && !chatter.isLoggedIn() && chatter.guestHandle().equalsIgnoreCase(handle)) {
                guests.add(chatter);
            }
        }
        return guests;
    }

    /** Says why and closes; a logged-in device stops counting as online at once. */
    private void disconnect(Chatter chatter, CloseReason reason, String message) {
        LOG.info(() -> "operator: connection " + chatter.id() + " closed: " + reason.wireName());
        online.remove(chatter);
        chatter.disconnect(reason.wireName(), message);
    }

    private static String addressOf(Connection connection) {
        if (connection.remoteAddress() instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address == null ? inet.getHostString() : address.getHostAddress();
        }
        return String.valueOf(connection.remoteAddress());
    }

    /** Runs {@code task} on the loop and waits for its answer. */
    private <T> T onLoop(Supplier<T> task) throws IOException {
        CompletableFuture<T> answer = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                answer.complete(task.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the server's event loop did not answer within " + ANSWER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the event loop", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }
}
