package chat.server;

import chat.core.model.VisibleText;
import chat.server.store.ConversationStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chat-server reports ...}: the operator reads and resolves what users reported. */
@Command(name = "reports", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
        description = "List and resolve reports.",
        subcommands = {ReportsCommand.ListReports.class, ReportsCommand.Resolve.class})
final class ReportsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "Show open reports with their evidence.")
    static final class ListReports implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Option(names = "--all", description = "Include resolved reports.")
        boolean all;

        @Override
        public Integer call() {
            return UsersCommand.withStore(spec, db, (store, out, err) -> {
                List<ConversationStore.ReportRow> reports = store.call(c -> ConversationStore.reports(c, all));
                for (ConversationStore.ReportRow report : reports) {
                    out.println("#" + report.id() + "  " + java.time.Instant.ofEpochMilli(report.createdAt())
                            + "  by " + shown(report.reporter()) + "  about " + (report.reported() == null ? "-"
                            : shown(report.reported())) + "  in " + shown(report.conversation()));
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
            });
        }
    }

    /**
     * A stored string as the operator's terminal may show it: whatever a user typed (and whatever older versions
     * let through), no escape sequence or bidi control reaches the operator raw.
     */
    static String shown(String text) {
        return VisibleText.escaped(text);
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "Mark a report as dealt with.")
    static final class Resolve implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Parameters(index = "0", paramLabel = "ID", description = "The report's number.")
        long id;

        @Parameters(index = "1..*", paramLabel = "NOTE", description = "What was done.")
        List<String> note;

        @Override
        public Integer call() {
            return UsersCommand.withStore(spec, db, (store, out, err) -> {
                String resolution = note == null ? "resolved" : String.join(" ", note);
                boolean done = store.call(c -> ConversationStore.resolveReport(c, id, resolution,
                        System.currentTimeMillis()));
                if (!done) {
                    err.println("chat-server: no open report #" + id);
                    return 1;
                }
                out.println("Report #" + id + " resolved.");
                return 0;
            });
        }
    }
}
