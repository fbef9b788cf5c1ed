package chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL for accounts, login sessions, recovery codes and held names. Every method runs on the store thread,
 * inside the transaction the {@link Store} opened; times are epoch milliseconds.
 */
public final class AccountStore {

    /** An account row. */
    public record Account(long id, String name, String passwordHash, boolean visible, long createdAt) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", name=" + name + "]";
        }
    }

    private AccountStore() {
    }

    public static Account findByName(Connection c, String nameKey) throws SQLException {
        return queryAccount(c, "SELECT id, name, password_hash, visible, created_at FROM accounts WHERE name_key = ?",
                nameKey);
    }

    public static Account findById(Connection c, long id) throws SQLException {
        return queryAccount(c, "SELECT id, name, password_hash, visible, created_at FROM accounts WHERE id = ?", id);
    }

    /** The account a live, unexpired session token belongs to, or null; marks the session used. */
    public static Account findBySession(Connection c, String tokenHash, long now) throws SQLException {
        Account account = queryAccount(c, "SELECT a.id, a.name, a.password_hash, a.visible, a.created_at"
                + " FROM sessions s JOIN accounts a ON a.id = s.account_id"
                + " WHERE s.token_hash = ? AND s.expires_at > ?", tokenHash, now);
        if (account != null) {
            update(c, "UPDATE sessions SET last_used_at = ? WHERE token_hash = ?", now, tokenHash);
        }
        return account;
    }

    /** When a session expires (epoch ms), or 0 when there is no such session. */
    public static long sessionExpiresAt(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement statement = prepare(c, "SELECT expires_at FROM sessions WHERE token_hash = ?",
                tokenHash); ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Until when a deleted account's name is held, or 0 when it is free. */
    public static long nameHeldUntil(Connection c, String nameKey, long now) throws SQLException {
        try (PreparedStatement statement = prepare(c,
                "SELECT held_until FROM held_names WHERE name_key = ? AND held_until > ?", nameKey, now);
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Inserts an account and returns its id. */
    public static long insert(Connection c, String name, String nameKey, String passwordHash, long now)
            throws SQLException {
        update(c, "DELETE FROM held_names WHERE name_key = ?", nameKey);
        try (PreparedStatement statement = prepare(c, "INSERT INTO accounts"
                + " (name, name_key, password_hash, visible, created_at, password_set_at) VALUES (?, ?, ?, 1, ?, ?)"
                + " RETURNING id", name, nameKey, passwordHash, now, now);
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    public static void insertRecoveryCodes(Connection c, long accountId, List<String> codeHashes)
            throws SQLException {
        for (String hash : codeHashes) {
            update(c, "INSERT INTO recovery_codes (code_hash, account_id) VALUES (?, ?)", hash, accountId);
        }
    }

    /** Uses up a recovery code; false when the account has no such unused code. */
    public static boolean consumeRecoveryCode(Connection c, long accountId, String codeHash) throws SQLException {
        return update(c, "DELETE FROM recovery_codes WHERE account_id = ? AND code_hash = ?", accountId,
                codeHash) == 1;
    }

    public static int recoveryCodesLeft(Connection c, long accountId) throws SQLException {
        try (PreparedStatement statement = prepare(c, "SELECT COUNT(*) FROM recovery_codes WHERE account_id = ?",
                accountId); ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    public static void insertSession(Connection c, String tokenHash, long accountId, long now, long expiresAt)
            throws SQLException {
        update(c, "INSERT INTO sessions (token_hash, account_id, created_at, last_used_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?)", tokenHash, accountId, now, now, expiresAt);
    }

    public static void deleteSession(Connection c, String tokenHash) throws SQLException {
        update(c, "DELETE FROM sessions WHERE token_hash = ?", tokenHash);
    }

    /** Ends every session of the account except {@code keepTokenHash} (null: all of them). */
    public static void deleteSessions(Connection c, long accountId, String keepTokenHash) throws SQLException {
        update(c, "DELETE FROM sessions WHERE account_id = ? AND token_hash IS NOT ?", accountId, keepTokenHash);
    }

    public static void deleteExpiredSessions(Connection c, long now) throws SQLException {
        update(c, "DELETE FROM sessions WHERE expires_at <= ?", now);
    }

    public static void updatePassword(Connection c, long accountId, String passwordHash, long now)
            throws SQLException {
        update(c, "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE id = ?", passwordHash, now,
                accountId);
    }

    public static void setVisible(Connection c, long accountId, boolean visible) throws SQLException {
        update(c, "UPDATE accounts SET visible = ? WHERE id = ?", visible ? 1 : 0, accountId);
    }

    /**
     * Deletes the account with everything that hangs off it (sessions, recovery codes, blocks, its messages in rooms:
     * ON DELETE CASCADE; its direct chats, both sides; its files) and holds its name until {@code holdUntil}.
     *
     * @return the checksums of file contents nothing uses any more, to delete from disk
     */
    public static List<String> delete(Connection c, Account account, long holdUntil) throws SQLException {
        List<String> shas = FileStore.shasOwnedBy(c, account.id());
        // Direct chats go with either side: the other side keeps nothing of a deleted account.
        update(c, "DELETE FROM conversations WHERE kind = 'direct' AND id IN"
                + " (SELECT conversation_id FROM participants WHERE account_id = ?)", account.id());
        update(c, "DELETE FROM accounts WHERE id = ?", account.id());
        update(c, "INSERT OR REPLACE INTO held_names (name_key, held_until) VALUES (?, ?)",
                account.name().toLowerCase(Locale.ROOT), holdUntil);
        return FileStore.unused(c, shas);
    }

    /** Every account, by name, for the operator. */
    public static List<Account> list(Connection c) throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (PreparedStatement statement = prepare(c,
                "SELECT id, name, password_hash, visible, created_at FROM accounts ORDER BY name_key");
                ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                accounts.add(account(result));
            }
        }
        return accounts;
    }

    private static Account queryAccount(Connection c, String sql, Object... parameters) throws SQLException {
        return Sql.one(c, sql, AccountStore::account, parameters);
    }

    private static Account account(ResultSet result) throws SQLException {
        return new Account(result.getLong(1), result.getString(2), result.getString(3), result.getInt(4) != 0,
                result.getLong(5));
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        return Sql.update(c, sql, parameters);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        return Sql.prepare(c, sql, parameters);
    }
}
