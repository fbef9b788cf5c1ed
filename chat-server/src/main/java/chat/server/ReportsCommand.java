package chat.server;

import chat.server.admin.AdminRequest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-server reports ...}: the operator reads and resolves what users reported, through the running server
 * or on the database file ({@link OperatorRoute}).
 */
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
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.REPORTS_LIST, all ? "all" : "open"));
        }
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
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.RESOLVE_REPORT, String.valueOf(id),
                    note == null ? "resolved" : String.join(" ", note)));
        }
    }
}
