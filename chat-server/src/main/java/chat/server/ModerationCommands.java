package chat.server;

import chat.server.admin.AdminRequest;
import chat.server.admin.BanDuration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-server kick, ban, bans, unban, who}: the operator acts on who is connected. {@code kick} and
 * {@code who} need the running server; the bans are stored, so {@code ban}, {@code bans} and {@code unban} also work
 * on the database file when no server runs, and a server enforces them from its start ({@link OperatorRoute}).
 */
final class ModerationCommands {

    private ModerationCommands() {
    }

    /** The reason words joined, or empty. */
    private static String reason(List<String> words) {
        return words == null ? "" : String.join(" ", words);
    }

    @Command(name = "kick", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "Close every connection of an account, or a guest's, with a goodbye that gives the reason.")
    static final class Kick implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Parameters(index = "0", paramLabel = "NAME", description = "An account name or a guest handle (guest-1234).")
        String name;

        @Parameters(index = "1..*", paramLabel = "REASON", description = "What the user is told.")
        List<String> reason;

        @Override
        public Integer call() {
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.KICK, name, reason(reason)));
        }
    }

    @Command(name = "ban", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = {"Ban an account name (refused at login and registration) or an address (refused at"
                    + " connect), and close the connections it covers.",
                    "ADDRESS is an IPv4 address or network (192.0.2.7, 198.51.100.0/24) or an IPv6 address (its /64)"
                            + " or network up to /64 (2001:db8::/48)."})
    static final class Ban implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Parameters(index = "0", paramLabel = "NAME|ADDRESS", description = "What to ban.")
        String target;

        @Parameters(index = "1..*", paramLabel = "[DURATION] [REASON]", description = "How long: 30m, 2h, 7d, 2w or"
                + " permanent (the default); then what the user is told.")
        List<String> rest;

        @Override
        public Integer call() {
            String duration = BanDuration.PERMANENT;
            List<String> words = rest == null ? List.of() : rest;
            if (!words.isEmpty() && BanDuration.isDuration(words.get(0))) {
                duration = words.get(0);
                words = words.subList(1, words.size());
            }
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.BAN, target, duration,
                    reason(words)));
        }
    }

    @Command(name = "bans", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "List the bans in force, with their end and reason.")
    static final class Bans implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Override
        public Integer call() {
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.BANS));
        }
    }

    @Command(name = "unban", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "Lift a ban.")
    static final class Unban implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Parameters(index = "0", paramLabel = "NAME|ADDRESS", description = "The name or address, as bans lists it.")
        String target;

        @Override
        public Integer call() {
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.UNBAN, target));
        }
    }

    @Command(name = "who", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "List who is connected: connection, account or guest handle, address, TLS, since, idle.")
    static final class Who implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        UsersCommand.DatabaseOption db;

        @Override
        public Integer call() {
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.WHO));
        }
    }
}
