package chat.server;

import chat.core.model.PasswordRules;
import chat.core.model.UserName;
import chat.server.auth.PasswordHasher;
import chat.server.auth.Secrets;
import chat.server.files.FileVault;
import chat.server.store.AccountStore;
import chat.server.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat-server users ...}: the operator's account commands, run against the database file. They may run while
 * the server runs (SQLite serialises the writes): a running server notices a reset or deletion within a second or two
 * ({@link chat.server.auth.SessionWatch}) and closes the account's connections with a {@code bye}.
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
        @Option(names = "--db", paramLabel = "FILE", description = "SQLite database file (default: ${DEFAULT-VALUE}).")
        Path database = ServerMain.DEFAULT_DATABASE;

        /** Opens the existing database; refuses to create a new one by mistake. */
        Store open() throws SQLException {
            if (!Files.exists(database)) {
                throw new SQLException("no database at " + database + " (give --db FILE)");
            }
            return Store.open(database, Runnable::run);
        }
    }

    /** Runs {@code body} against the store, turning database errors into a one-line message and exit status 1. */
    static int withStore(CommandLine.Model.CommandSpec spec, DatabaseOption db, StoreBody body) {
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = db.open()) {
            return body.run(store, spec.commandLine().getOut(), err);
        } catch (SQLException e) {
            err.println("chat-server: " + e.getMessage());
            return 1;
        }
    }

    @FunctionalInterface
    interface StoreBody {
        int run(Store store, PrintWriter out, PrintWriter err) throws SQLException;
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
            return withStore(spec, db, (store, out, err) -> {
                List<AccountStore.Account> accounts = store.call(AccountStore::list);
                out.printf("%-20s %-8s %s%n", "NAME", "VISIBLE", "CREATED");
                for (AccountStore.Account account : accounts) {
                    out.printf("%-20s %-8s %s%n", ReportsCommand.shown(account.name()),
                            account.visible() ? "yes" : "no",
                            Instant.ofEpochMilli(account.createdAt()));
                }
                out.println(accounts.size() + (accounts.size() == 1 ? " account" : " accounts"));
                return 0;
            });
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
            return withStore(spec, db, (store, out, err) -> {
                AccountStore.Account account = store.call(c -> {
                    AccountStore.Account found = AccountStore.findByName(c, key(name));
                    if (found != null) {
                        AccountStore.updatePassword(c, found.id(), hash, System.currentTimeMillis());
                        AccountStore.endSessions(c, found.id(), null, "password_reset");
                    }
                    return found;
                });
                if (account == null) {
                    err.println("chat-server: no account is called " + ReportsCommand.shown(name));
                    return 1;
                }
                out.println("The password of " + ReportsCommand.shown(account.name())
                        + " is reset; its logins have ended.");
                if (!passwordFromStdin) {
                    out.println("New password: " + password);
                }
                return 0;
            });
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

        @Option(names = "--files", paramLabel = "DIR", description = "Where shared files live (default: files/ beside the database).")
        Path files;

        @Override
        public Integer call() {
            return withStore(spec, db, (store, out, err) -> {
                long holdUntil = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(nameHoldDays);
                List<String> unusedFiles = new java.util.ArrayList<>();
                AccountStore.Account account = store.call(c -> {
                    AccountStore.Account found = AccountStore.findByName(c, key(name));
                    if (found != null) {
                        unusedFiles.addAll(AccountStore.delete(c, found, holdUntil));
                    }
                    return found;
                });
                if (account == null) {
                    err.println("chat-server: no account is called " + ReportsCommand.shown(name));
                    return 1;
                }
                try {
                    FileVault vault = new FileVault(files != null ? files
                            : db.database.toAbsolutePath().resolveSibling("files"));
                    for (String sha : unusedFiles) {
                        vault.delete(sha);
                    }
                } catch (IOException e) {
                    err.println("chat-server: the account is deleted, but some of its files could not be: "
                            + e.getMessage());
                }
                out.println("Deleted " + ReportsCommand.shown(account.name())
                        + " and its data; the name is held until "
                        + Instant.ofEpochMilli(holdUntil) + ".");
                return 0;
            });
        }
    }

    private static String key(String name) {
        return UserName.problemWith(name) == null ? new UserName(name).key() : name.toLowerCase(java.util.Locale.ROOT);
    }
}
