package chat.server.admin;

import static chat.server.admin.OperatorCommands.connections;
import static chat.server.admin.OperatorCommands.instant;
import static chat.server.admin.OperatorCommands.shown;

import chat.core.model.VisibleText;
import chat.server.store.BanStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/** {@code kick}, {@code ban}, {@code bans}, {@code unban} and {@code who}: see {@link OperatorCommands}. */
final class ModerationOperations {

    /** The longest reason for a kick or a ban, in characters: the user reads it in a {@code bye} or an error. */
    static final int MAX_REASON_CHARS = 200;

    private ModerationOperations() {
    }

    static int kick(OperatorTarget target, String name, String reason, PrintWriter out, PrintWriter err)
            throws IOException {
        checkReason(reason);
        int closed = target.live().kick(name, reason);
        if (closed == 0) {
            err.println("chat-server: nobody called " + shown(name) + " is connected");
            return 1;
        }
        out.println("Kicked " + shown(name) + ": " + connections(closed) + " closed.");
        return 0;
    }

    static int ban(OperatorTarget target, String targetText, String duration, String reason, PrintWriter out)
            throws SQLException, IOException {
        BanTarget banned = BanTarget.parse(targetText);
        Long millis = BanDuration.millis(duration);
        checkReason(reason);
        long now = System.currentTimeMillis();
        BanStore.Ban ban = new BanStore.Ban(banned.kind(), banned.key(), reason, now,
                millis == null ? null : now + millis);
        target.store().call(c -> {
            BanStore.put(c, ban);
            return null;
        });
        String done = "Banned " + describe(ban) + (ban.expiresAt() == null ? " permanently"
                : " until " + instant(ban.expiresAt())) + (reason.isEmpty() ? "" : " (" + shown(reason) + ")") + ".";
        if (target.serverRunning()) {
            out.println(done + " " + connections(target.live().banned(ban)) + " closed.");
        } else {
            out.println(done + " No server is running; the next one to start enforces it.");
        }
        return 0;
    }

    static int bans(OperatorTarget target, PrintWriter out) throws SQLException {
        List<BanStore.Ban> bans = target.store().call(c -> BanStore.inForce(c, System.currentTimeMillis()));
        out.printf("%-30s %-8s %-21s %-21s %s%n", "TARGET", "KIND", "SINCE", "UNTIL", "REASON");
        for (BanStore.Ban ban : bans) {
            out.printf("%-30s %-8s %-21s %-21s %s%n", shown(ban.target()),
                    ban.kind() == BanStore.Kind.NAME ? "name" : "address", instant(ban.createdAt()),
                    ban.expiresAt() == null ? "permanent" : instant(ban.expiresAt()), shown(ban.reason()));
        }
        out.println(bans.size() + (bans.size() == 1 ? " ban" : " bans"));
        return 0;
    }

    static int unban(OperatorTarget target, String targetText, PrintWriter out, PrintWriter err)
            throws SQLException, IOException {
        BanTarget banned = BanTarget.parse(targetText);
        boolean lifted = target.store().call(c -> BanStore.remove(c, banned.kind(), banned.key(),
                System.currentTimeMillis()));
        if (target.serverRunning()) {
            target.live().unbanned(banned);
        }
        if (!lifted) {
            err.println("chat-server: no ban of " + shown(banned.key()) + " is in force"
                    + (banned.range() == null ? "" : " (a ban of a network is lifted by the network, as bans lists it)"));
            return 1;
        }
        out.println("Lifted the ban of " + shown(banned.key()) + ".");
        return 0;
    }

    static int who(OperatorTarget target, PrintWriter out) throws IOException {
        List<LiveServer.ConnectionInfo> connections = target.live().who();
        // in a cluster each node numbers its own connections: the node's name goes first
        boolean nodes = connections.stream().anyMatch(connection -> !connection.node().isEmpty());
        out.printf((nodes ? "%-9s " : "%s") + "%-7s %-20s %-40s %-4s %-21s %s%n", nodes ? "NODE" : "", "ID", "NAME",
                "ADDRESS", "TLS", "SINCE", "IDLE");
        for (LiveServer.ConnectionInfo connection : connections) {
            out.printf((nodes ? "%-9s " : "%s") + "%-7d %-20s %-40s %-4s %-21s %s%n",
                    nodes ? shown(connection.node()) : "", connection.id(), shown(connection.name()),
                    shown(connection.address()), connection.tls() ? "yes" : "no",
                    instant(connection.connectedAtMillis()), idle(connection.idleMillis()));
        }
        out.println(connections(connections.size()));
        return 0;
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}. */
    static String idle(long millis) {
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
    }

    private static String describe(BanStore.Ban ban) {
        return (ban.kind() == BanStore.Kind.NAME ? "the name " : "") + shown(ban.target());
    }

    private static void checkReason(String reason) {
        if (reason.codePointCount(0, reason.length()) > MAX_REASON_CHARS) {
            throw new IllegalArgumentException("a reason has at most " + MAX_REASON_CHARS + " characters");
        }
        String problem = VisibleText.problemWith(reason);
        if (problem != null) {
            throw new IllegalArgumentException("the reason cannot be shown to the user: " + problem);
        }
    }
}
