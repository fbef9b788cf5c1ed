package chat.server.admin;

import chat.core.model.VisibleText;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Carries out operator requests, the same way wherever they run: inside the server for a request that came over
 * the admin socket, or in the command's own process on the database file when no server runs. What the command
 * prints goes to {@code out} and {@code err}, every stored or typed string {@linkplain #shown escaped}; the result is
 * the exit status (0 done, 1 could not, 2 bad arguments).
 */
public final class OperatorCommands {

    private OperatorCommands() {
    }

    /** Runs {@code request} against {@code target}. */
    public static int run(AdminRequest request, OperatorTarget target, PrintWriter out, PrintWriter err) {
        if (request.verb().needsServer() && !target.serverRunning()) {
            err.println(noServer(request.verb()));
            return 1;
        }
        try {
            return switch (request.verb()) {
                case USERS_LIST -> AccountOperations.list(target, out);
                case RESET_PASSWORD -> AccountOperations.resetPassword(target, request.argument(0),
                        request.argument(1), out, err);
                case DELETE_USER -> AccountOperations.delete(target, request.argument(0), request.argument(1), out,
                        err);
                case REPORTS_LIST -> ReportOperations.list(target, "all".equals(request.argument(0)), out);
                case RESOLVE_REPORT -> ReportOperations.resolve(target, request.argument(0), request.argument(1),
                        out, err);
                case KICK -> ModerationOperations.kick(target, request.argument(0), request.argument(1), out, err);
                case BAN -> ModerationOperations.ban(target, request.argument(0), request.argument(1),
                        request.argument(2), out);
                case BANS -> ModerationOperations.bans(target, out);
                case UNBAN -> ModerationOperations.unban(target, request.argument(0), out, err);
                case WHO -> ModerationOperations.who(target, out);
            };
        } catch (IllegalArgumentException e) {
            err.println("chat-server: " + e.getMessage());
            return 2;
        } catch (SQLException | IOException e) {
            err.println("chat-server: " + e.getMessage());
            return 1;
        }
    }

    /** What a command that needs the running server says when none runs. */
    public static String noServer(AdminRequest.Verb verb) {
        return "chat-server: no server is running with this database; " + verb.wireName()
                + " acts on live connections and needs one (is --db the server's?)";
    }

    /**
     * A stored or typed string as the operator's terminal may show it: whatever a user typed (and whatever older
     * versions let through), no escape sequence or bidi control reaches the operator raw.
     */
    public static String shown(String text) {
        return VisibleText.escaped(text);
    }

    /** A moment for the operator, to the second. */
    static Instant instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS);
    }

    /** "1 connection", "2 connections". */
    static String connections(int count) {
        return count + (count == 1 ? " connection" : " connections");
    }
}
