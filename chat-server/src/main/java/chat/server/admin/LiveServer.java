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
 * What an operator request does to the running server's live connections, and in a cluster to every node's
 * ({@link OtherNodes}: a kick, a ban or {@code who} reaches them all). Called on the admin thread; each method
 * hands its work to the event loop ({@link EventLoop#execute}) and waits for it, at most {@link #ANSWER_SECONDS}.
 * Store writes come first, on the admin thread, so by the time the loop closes a connection the login it had is
 * already ended in the store; and since the loop runs tasks in the order they come, a login that the store granted
 * before the write has been applied by the time this task runs, and is found.
 */
public final class LiveServer {

    private static final Logger LOG = Logger.getLogger(LiveServer.class.getName());
    /** How long the admin thread waits for the loop. */
    static final long ANSWER_SECONDS = 10;

    /** One connection, as {@code chat-server who} lists it; {@code node} is empty for a server alone. */
    public record ConnectionInfo(String node, long id, String name, boolean loggedIn, String address, boolean tls,
            long connectedAtMillis, long idleMillis) {

        /** One line for another node ({@link #parse} reads it back); the name and address hold no tab. */
        String line() {
            return String.join("\t", node, Long.toString(id), name, Boolean.toString(loggedIn), address,
                    Boolean.toString(tls), Long.toString(connectedAtMillis), Long.toString(idleMillis));
        }

        static ConnectionInfo parse(String line) {
            String[] f = line.split("\t", -1);
            return new ConnectionInfo(f[0], Long.parseLong(f[1]), f[2], Boolean.parseBoolean(f[3]), f[4],
                    Boolean.parseBoolean(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]));
        }
    }

    /** The verbs another node may ask this one to carry out. */
    static final String KICK = "kick";
    static final String BAN = "ban";
    static final String UNBAN = "unban";
    static final String WHO = "who";

    private final EventLoop loop;
    private final OnlineUsers online;
    private final BanList bans;
    private volatile OtherNodes others = OtherNodes.NONE;

    public LiveServer(EventLoop loop, OnlineUsers online, BanList bans) {
        this.loop = loop;
        this.online = online;
        this.bans = bans;
    }

    /** Makes this server one node of a cluster: operator commands reach {@code others} too. */
    public void reach(OtherNodes others) {
        this.others = others;
    }

    /**
     * Carries out on this node's connections what an operator asked another node for; on a thread that may wait
     * (never the loop). Returns the answer the asking node adds to its own: a count of closed connections, or for
     * {@code who} one line per connection.
     *
     * @throws IllegalArgumentException for a verb or arguments this node does not know
     */
    public String answerForOtherNode(String verb, List<String> arguments) throws IOException {
        return switch (verb) {
            case KICK -> Integer.toString(kickHere(arguments.get(0), arguments.get(1)));
            case BAN -> Integer.toString(bannedHere(new BanStore.Ban(BanStore.Kind.valueOf(arguments.get(0)),
                    arguments.get(1), arguments.get(2), Long.parseLong(arguments.get(3)),
                    arguments.get(4).isEmpty() ? null : Long.valueOf(arguments.get(4)))));
            case UNBAN -> {
                unbannedHere(BanTarget.parse(arguments.get(0)));
                yield "";
            }
            case WHO -> String.join("\n", whoHere().stream().map(ConnectionInfo::line).toList());
            default -> throw new IllegalArgumentException("no operator verb " + verb);
        };
    }

    /** The sum of the other nodes' answers that are counts. */
    private int othersCount(String verb, List<String> arguments) throws IOException {
        int sum = 0;
        for (String answer : askOthers(verb, arguments)) {
            sum += answer.isEmpty() ? 0 : Integer.parseInt(answer);
        }
        return sum;
    }

    private List<String> askOthers(String verb, List<String> arguments) throws IOException {
        try {
            return others.ask(verb, arguments);
        } catch (IOException e) {
            throw new IOException("done on this node, but the other nodes could not be told: " + e.getMessage(), e);
        }
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
        return kickHere(name, reason) + othersCount(KICK, List.of(name, reason));
    }

    private int kickHere(String name, String reason) throws IOException {
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
        return bannedHere(ban) + othersCount(BAN, List.of(ban.kind().name(), ban.target(), ban.reason(),
                Long.toString(ban.createdAt()), ban.expiresAt() == null ? "" : Long.toString(ban.expiresAt())));
    }

    private int bannedHere(BanStore.Ban ban) throws IOException {
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
        unbannedHere(target);
        askOthers(UNBAN, List.of(target.key()));
    }

    private void unbannedHere(BanTarget target) throws IOException {
        if (target.range() != null) {
            onLoop(() -> {
                bans.remove(target.range());
                return null;
            });
        }
    }

    /** Every connection, of every node: who, from where, since when. */
    public List<ConnectionInfo> who() throws IOException {
        List<ConnectionInfo> list = new ArrayList<>(whoHere());
        for (String answer : askOthers(WHO, List.of())) {
            for (String line : answer.isEmpty() ? new String[0] : answer.split("\n")) {
                list.add(ConnectionInfo.parse(line));
            }
        }
        list.sort(java.util.Comparator.comparing(ConnectionInfo::node).thenComparingLong(ConnectionInfo::id));
        return list;
    }

    private List<ConnectionInfo> whoHere() throws IOException {
        String node = others.thisNode();
        return onLoop(() -> {
            List<ConnectionInfo> list = new ArrayList<>();
            for (Connection connection : loop.connections()) {
                Chatter chatter = AttachedChatter.of(connection);
                list.add(new ConnectionInfo(node, connection.id(), chatter == null ? "-" : chatter.handle(),
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
