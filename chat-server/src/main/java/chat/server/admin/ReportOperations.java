package chat.server.admin;

import static chat.server.admin.OperatorCommands.instant;
import static chat.server.admin.OperatorCommands.shown;

import chat.server.store.ConversationStore;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/** {@code reports list} and {@code reports resolve}: see {@link OperatorCommands}. */
final class ReportOperations {

    private ReportOperations() {
    }

    static int list(OperatorTarget target, boolean all, PrintWriter out) throws SQLException {
        List<ConversationStore.ReportRow> reports = target.store().call(c -> ConversationStore.reports(c, all));
        for (ConversationStore.ReportRow report : reports) {
            out.println("#" + report.id() + "  " + instant(report.createdAt()) + "  by " + shown(report.reporter())
                    + "  about " + (report.reported() == null ? "-" : shown(report.reported())) + "  in "
                    + shown(report.conversation()));
            out.println("    reason: " + shown(report.reason()));
            for (String line : report.evidence().split("\n")) {
                if (!line.isEmpty()) {
                    out.println("    | " + shown(line));
                }
            }
            if (report.resolvedAt() != null) {
                out.println("    resolved: " + shown(report.resolution()));
            }
        }
        out.println(reports.size() + (reports.size() == 1 ? " report" : " reports"));
        return 0;
    }

    static int resolve(OperatorTarget target, String id, String note, PrintWriter out, PrintWriter err)
            throws SQLException {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a report number: " + shown(id));
        }
        boolean done = target.store().call(c -> ConversationStore.resolveReport(c, number, note,
                System.currentTimeMillis()));
        if (!done) {
            err.println("chat-server: no open report #" + number);
            return 1;
        }
        out.println("Report #" + number + " resolved.");
        return 0;
    }
}
