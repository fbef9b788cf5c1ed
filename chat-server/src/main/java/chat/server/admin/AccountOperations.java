package chat.server.admin;

import static chat.server.admin.OperatorCommands.connections;
import static chat.server.admin.OperatorCommands.instant;
import static chat.server.admin.OperatorCommands.shown;

import chat.core.model.UserName;
import chat.server.net.CloseReason;
import chat.server.store.AccountStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** {@code users list}, {@code users reset-password} and {@code users delete}: see {@link OperatorCommands}. */
final class AccountOperations {

    private AccountOperations() {
    }

    static int list(OperatorTarget target, PrintWriter out) throws SQLException {
        List<AccountStore.Account> accounts = target.store().call(AccountStore::list);
        out.printf("%-20s %-8s %s%n", "NAME", "VISIBLE", "CREATED");
        for (AccountStore.Account account : accounts) {
            out.printf("%-20s %-8s %s%n", shown(account.name()), account.visible() ? "yes" : "no",
                    instant(account.createdAt()));
        }
        out.println(accounts.size() + (accounts.size() == 1 ? " account" : " accounts"));
        return 0;
    }

    private record Reset(AccountStore.Account account, long epoch) {
    }

    /** Sets the password hash {@code hash} and ends every login of the account. */
    static int resetPassword(OperatorTarget target, String name, String hash, PrintWriter out, PrintWriter err)
            throws SQLException, IOException {
        Reset reset = target.store().call(c -> {
            AccountStore.Account found = AccountStore.findByName(c, key(name));
            if (found == null) {
                return null;
            }
            AccountStore.updatePassword(c, found.id(), hash, System.currentTimeMillis());
            return new Reset(found, AccountStore.endSessions(c, found.id(), null, "password_reset"));
        });
        if (reset == null) {
            err.println("chat-server: no account is called " + shown(name));
            return 1;
        }
        String closed = "";
        if (target.serverRunning()) {
            int count = target.live().endLogins(reset.account().id(), reset.epoch(), CloseReason.PASSWORD_RESET);
            closed = " (" + connections(count) + " closed)";
        }
        out.println("The password of " + shown(reset.account().name()) + " is reset; its logins have ended" + closed
                + ".");
        return 0;
    }

    /** Deletes the account and its data; its name is held for {@code holdDays}. */
    static int delete(OperatorTarget target, String name, String holdDays, PrintWriter out, PrintWriter err)
            throws SQLException, IOException {
        long holdUntil = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(Long.parseLong(holdDays));
        List<String> unusedFiles = new ArrayList<>();
        AccountStore.Account account = target.store().call(c -> {
            AccountStore.Account found = AccountStore.findByName(c, key(name));
            if (found != null) {
                unusedFiles.addAll(AccountStore.delete(c, found, holdUntil));
            }
            return found;
        });
        if (account == null) {
            err.println("chat-server: no account is called " + shown(name));
            return 1;
        }
        try {
            target.files().delete(unusedFiles);
        } catch (IOException e) {
            err.println("chat-server: the account is deleted, but some of its files could not be: " + e.getMessage());
        }
        String closed = "";
        if (target.serverRunning()) {
            int count = target.live().endLogins(account.id(), Long.MAX_VALUE, CloseReason.ACCOUNT_DELETED);
            closed = " " + connections(count) + " closed.";
        }
        out.println("Deleted " + shown(account.name()) + " and its data; the name is held until "
                + instant(holdUntil) + "." + closed);
        return 0;
    }

    /** The key an account is looked up by; a name that breaks the rules finds nothing, whatever its case. */
    static String key(String name) {
        return UserName.problemWith(name) == null ? new UserName(name).key() : name.toLowerCase(Locale.ROOT);
    }
}
