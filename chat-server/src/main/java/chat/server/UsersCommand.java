package chat.server;

import chat.core.model.PasswordRules;
import chat.server.admin.AdminRequest;
import chat.server.auth.PasswordHasher;
import chat.server.auth.Secrets;
import chat.server.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-server users ...}: the operator's account commands. With a server running on the database they go to it
 * over its admin socket and take effect at once: a reset or a deletion closes the account's live connections with a
 * {@code bye} before the command returns. With none running they work on the database file ({@link OperatorRoute}).
 */
@Command(name = "users", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
        description = "List, reset or delete accounts.",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.ResetPassword.class, UsersCommand.DeleteUser.class})
final class UsersCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The --db option every operator command shares. */
    static final class DatabaseOption {
        @Option(names = "--db", paramLabel = "FILE|URL", description = "SQLite database file (default:"
                + " ${DEFAULT-VALUE}), or a cluster's postgresql://HOST:PORT/NAME?user=...")
        String database = ServerMain.DEFAULT_DATABASE.toString();

        /** Whether the database is a cluster's PostgreSQL (no admin socket: the nodes see changes in the store). */
        boolean postgres() {
            return chat.server.store.Dialect.isPostgresUrl(database);
        }

        /** The SQLite file; also where the admin socket of the server on it is. */
        Path file() {
            return Path.of(database);
        }

        /** Opens the existing database; refuses to create a new one by mistake. */
        Store open() throws SQLException {
            if (postgres()) {
                return Store.openPostgres(database, Runnable::run);
            }
            if (!Files.exists(file())) {
                throw new SQLException("no database at " + database + " (give --db FILE)");
            }
            return Store.open(file(), Runnable::run);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "List every account.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DatabaseOption db;

        @Override
        public Integer call() {
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.USERS_LIST));
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "Set a new password for an account and end its logins. Prints a generated password unless"
                    + " --password-stdin gives one.")
    static final class ResetPassword implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DatabaseOption db;

        @Parameters(paramLabel = "NAME", description = "The account.")
        String name;

        @Option(names = "--password-stdin", description = "Read the new password from the first line of standard input.")
        boolean passwordFromStdin;

        @Option(names = "--bcrypt-cost", paramLabel = "N", description = "bcrypt cost (default: ${DEFAULT-VALUE}).")
        int bcryptCost = ServerConfig.DEFAULT_BCRYPT_COST;

        @Override
        public Integer call() throws IOException {
            String password;
            if (passwordFromStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? "" : line;
                String problem = PasswordRules.problemWith(password);
                if (problem != null) {
                    spec.commandLine().getErr().println("chat-server: " + problem);
                    return 1;
                }
            } else {
                password = new Secrets().newToken().substring(0, 16);
            }
            String hash = new PasswordHasher(bcryptCost).hash(password);
            int status = OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.RESET_PASSWORD, name, hash));
            if (status == 0 && !passwordFromStdin) {
                spec.commandLine().getOut().println("New password: " + password);
            }
            return status;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
            description = "Delete an account and its data; its name is held like after a user's own deletion.")
    static final class DeleteUser implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DatabaseOption db;

        @Parameters(paramLabel = "NAME", description = "The account.")
        String name;

        @Option(names = "--name-hold-days", paramLabel = "DAYS", description = "How long the name stays unavailable (default: ${DEFAULT-VALUE}).")
        long nameHoldDays = TimeUnit.MILLISECONDS.toDays(ServerConfig.DEFAULT_NAME_HOLD_MILLIS);

        @Option(names = "--files", paramLabel = "DIR", description = "Where shared files live when no server runs"
                + " (default: files/ beside the database); a running server deletes from its own.")
        Path files;

        @Override
        public Integer call() {
            return OperatorRoute.run(spec, db, AdminRequest.of(AdminRequest.Verb.DELETE_USER, name,
                    String.valueOf(nameHoldDays)), files);
        }
    }
}
