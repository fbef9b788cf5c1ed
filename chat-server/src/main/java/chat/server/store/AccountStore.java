package chat.server.store;

import chat.core.model.NameSkeleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL for accounts, login sessions, recovery codes and held names. Every method runs on the store thread,
 * inside the transaction the {@link Store} opened; times are epoch milliseconds.
 */
public final class AccountStore {

    /**
     * An account row.
     *
     * @param sessionEpoch bumped by every event that ends all the account's logins (see {@link #endSessions})
     * @param anon whether it meets strangers under a handle rather than as its name ({@link #setAnon})
     */
    public record Account(long id, String name, String passwordHash, boolean visible, long createdAt,
            long sessionEpoch, boolean anon) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", name=" + name + "]";
        }
    }

    /** What a running server needs to know about an online account: its epoch and what last moved it. */
    public record LoginState(long accountId, long sessionEpoch, String sessionsEndedBy) {
    }

    private static final String ACCOUNT_COLUMNS = "id, name, password_hash, visible, created_at, session_epoch, anon";

    private AccountStore() {
    }

    public static Account findByName(Connection c, String nameKey) throws SQLException {
        return queryAccount(c, "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE name_key = ?", nameKey);
    }

    public static Account findById(Connection c, long id) throws SQLException {
        return queryAccount(c, "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?", id);
    }

    /** The account a live, unexpired session token belongs to, or null; marks the session used. */
    public static Account findBySession(Connection c, String tokenHash, long now) throws SQLException {
        Account account = queryAccount(c, "SELECT a.id, a.name, a.password_hash, a.visible, a.created_at,"
                + " a.session_epoch, a.anon FROM sessions s JOIN accounts a ON a.id = s.account_id"
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

    /** The name of the account whose name looks like {@code skeleton} ({@link chat.core.model.NameSkeleton}), or null. */
    public static String nameLookingLike(Connection c, String skeleton) throws SQLException {
        return Sql.one(c, "SELECT name FROM accounts WHERE skeleton = ?", row -> row.getString(1), skeleton);
    }

    /**
     * Gives every account without a skeleton its name's; one whose skeleton another account has already keeps none.
     *
     * @return the names of the accounts left without one: they look like an older account's name
     */
    public static List<String> fillSkeletons(Connection c) throws SQLException {
        List<String> lookAlikes = new ArrayList<>();
        List<String[]> missing = Sql.all(c, "SELECT id, name FROM accounts WHERE skeleton IS NULL ORDER BY id",
                row -> new String[] {row.getString(1), row.getString(2)});
        for (String[] account : missing) {
            String skeleton = NameSkeleton.of(account[1]);
            if (Sql.update(c, "UPDATE accounts SET skeleton = ? WHERE id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM accounts WHERE skeleton = ?)", skeleton,
                    Long.parseLong(account[0]), skeleton) == 0) {
                lookAlikes.add(account[1]);
            }
        }
        return lookAlikes;
    }

    /** Until when a deleted account's name is held, or 0 when it is free. */
    public static long nameHeldUntil(Connection c, String nameKey, long now) throws SQLException {
        try (PreparedStatement statement = prepare(c,
                "SELECT held_until FROM held_names WHERE name_key = ? AND held_until > ?", nameKey, now);
                ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    /** Inserts an account and returns its id; no other account may have the same {@code skeleton}. */
    public static long insert(Connection c, String name, String nameKey, String skeleton, String passwordHash,
            long now) throws SQLException {
        update(c, "DELETE FROM held_names WHERE name_key = ?", nameKey);
        try (PreparedStatement statement = prepare(c, "INSERT INTO accounts (name, name_key, skeleton, password_hash,"
                + " visible, created_at, password_set_at) VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id", name, nameKey,
                skeleton, passwordHash, now, now);
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
    /** Whether the account has that unused recovery code (without using it up). */
    public static boolean hasRecoveryCode(Connection c, long accountId, String codeHash) throws SQLException {
        try (PreparedStatement statement = prepare(c, "SELECT 1 FROM recovery_codes WHERE account_id = ?"
                + " AND code_hash = ?", accountId, codeHash); ResultSet result = statement.executeQuery()) {
            return result.next();
        }
    }

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

    /**
     * Creates a session, but only while the account's session epoch is still {@code checkedEpoch}: the one read
     * before the password was checked. False when the account's logins were ended meanwhile (or it is gone).
     */
    public static boolean insertSession(Connection c, String tokenHash, long accountId, long checkedEpoch, long now,
            long expiresAt) throws SQLException {
        return update(c, "INSERT INTO sessions (token_hash, account_id, created_at, last_used_at, expires_at)"
                + " SELECT ?, id, ?, ?, ? FROM accounts WHERE id = ? AND session_epoch = ?", tokenHash, now, now,
                expiresAt, accountId, checkedEpoch) == 1;
    }

    /** Whether the session with that token is the account's and has neither ended nor expired. */
    public static boolean sessionIsLive(Connection c, long accountId, String tokenHash, long now)
            throws SQLException {
        return Sql.one(c, "SELECT 1 FROM sessions WHERE token_hash = ? AND account_id = ? AND expires_at > ?",
                row -> true, tokenHash, accountId, now) != null;
    }

    /**
     * Ends the account's logins: bumps its session epoch (so logins checked before cannot create a session any
     * more), records why, and deletes every session except {@code keepTokenHash} (null: all of them).
     *
     * @param reason the wire name of the reason live connections hear, e.g. {@code password_reset}
     * @return the new epoch
     */
    public static long endSessions(Connection c, long accountId, String keepTokenHash, String reason)
            throws SQLException {
        update(c, "UPDATE accounts SET session_epoch = session_epoch + 1, sessions_ended_by = ? WHERE id = ?", reason,
                accountId);
        deleteSessions(c, accountId, keepTokenHash);
        Long epoch = Sql.one(c, "SELECT session_epoch FROM accounts WHERE id = ?", row -> row.getLong(1), accountId);
        return epoch == null ? 0 : epoch;
    }

    /** The login state of each of {@code accountIds} that still exists, by id: one query for all of them. */
    public static Map<Long, LoginState> loginStates(Connection c, Collection<Long> accountIds) throws SQLException {
        Map<Long, LoginState> states = new HashMap<>();
        for (LoginState state : Sql.all(c, "SELECT id, session_epoch, sessions_ended_by FROM accounts"
                + " WHERE id IN (" + Dialect.of(c).jsonValues(true) + ")",
                row -> new LoginState(row.getLong(1), row.getLong(2), row.getString(3)), jsonArray(accountIds))) {
            states.put(state.accountId(), state);
        }
        return states;
    }

    /** Which of {@code tokenHashes} are sessions that have neither ended nor expired. */
    public static Set<String> liveSessions(Connection c, Collection<String> tokenHashes, long now)
            throws SQLException {
        return new HashSet<>(Sql.all(c, "SELECT token_hash FROM sessions WHERE expires_at > ?"
                + " AND token_hash IN (" + Dialect.of(c).jsonValues(false) + ")", row -> row.getString(1), now,
                jsonArray(tokenHashes)));
    }

    /**
     * A number that changes when another connection (an operator command, another process) commits to the
     * database: SQLite's {@code data_version}, for this connection. PostgreSQL has no such cheap number, and in a
     * cluster other nodes commit all the time anyway, so there it changes at every call: a comparison each round.
     */
    public static long dataVersion(Connection c) throws SQLException {
        if (Dialect.of(c) == Dialect.POSTGRESQL) {
            return System.nanoTime();
        }
        return Sql.one(c, "PRAGMA data_version", row -> row.getLong(1));
    }

    public static void deleteSession(Connection c, String tokenHash) throws SQLException {
        update(c, "DELETE FROM sessions WHERE token_hash = ?", tokenHash);
    }

    /** Ends every session of the account except {@code keepTokenHash} (null: all of them). */
    public static void deleteSessions(Connection c, long accountId, String keepTokenHash) throws SQLException {
        update(c, "DELETE FROM sessions WHERE account_id = ? AND token_hash IS DISTINCT FROM ?", accountId, keepTokenHash);
    }

    public static void deleteExpiredSessions(Connection c, long now) throws SQLException {
        update(c, "DELETE FROM sessions WHERE expires_at <= ?", now);
    }

    public static void updatePassword(Connection c, long accountId, String passwordHash, long now)
            throws SQLException {
        update(c, "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE id = ?", passwordHash, now,
                accountId);
    }

    /** Sets a new password if the session epoch is still {@code checkedEpoch}; false when it moved meanwhile. */
    public static boolean updatePasswordIfCurrent(Connection c, long accountId, long checkedEpoch,
            String passwordHash, long now) throws SQLException {
        return update(c, "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE id = ? AND session_epoch = ?",
                passwordHash, now, accountId, checkedEpoch) == 1;
    }

    public static void setVisible(Connection c, long accountId, boolean visible) throws SQLException {
        update(c, "UPDATE accounts SET visible = ? WHERE id = ?", visible ? 1 : 0, accountId);
    }

    /** Whether the account meets strangers in random chats under a handle (true) or as its name (false). */
    public static void setAnon(Connection c, long accountId, boolean anon) throws SQLException {
        update(c, "UPDATE accounts SET anon = ? WHERE id = ?", anon ? 1 : 0, accountId);
    }

    /**
     * Deletes the account with everything that hangs off it (sessions, recovery codes, blocks, its messages in rooms:
     * ON DELETE CASCADE; its direct chats, both sides; its files) and holds its name until {@code holdUntil}.
     *
     * @return the checksums of file contents nothing uses any more, to delete from disk
     */
    public static List<String> delete(Connection c, Account account, long holdUntil) throws SQLException {
        List<String> shas = new ArrayList<>(FileStore.shasOwnedBy(c, account.id()));
        // Direct chats go with either side: the other side keeps nothing of a deleted account, nor the files
        // either side shared there (the other side's files are kept under the chat's key, not the account).
        String directChats = "SELECT key FROM conversations WHERE kind = 'direct' AND id IN"
                + " (SELECT conversation_id FROM participants WHERE account_id = ?)";
        shas.addAll(Sql.all(c, "SELECT DISTINCT sha256 FROM files WHERE conversation IN (" + directChats + ")",
                row -> row.getString(1), account.id()));
        update(c, "DELETE FROM files WHERE conversation IN (" + directChats + ")", account.id());
        update(c, "DELETE FROM conversations WHERE kind = 'direct' AND id IN"
                + " (SELECT conversation_id FROM participants WHERE account_id = ?)", account.id());
        update(c, "DELETE FROM accounts WHERE id = ?", account.id());
        update(c, "INSERT INTO held_names (name_key, held_until) VALUES (?, ?)"
                + " ON CONFLICT (name_key) DO UPDATE SET held_until = excluded.held_until",
                account.name().toLowerCase(Locale.ROOT), holdUntil);
        return FileStore.unused(c, shas);
    }

    /** Every account, by name, for the operator. */
    public static List<Account> list(Connection c) throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (PreparedStatement statement = prepare(c,
                "SELECT " + ACCOUNT_COLUMNS + " FROM accounts ORDER BY name_key");
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
                result.getLong(5), result.getLong(6), result.getInt(7) != 0);
    }

    /** A JSON array of numbers or of strings made of letters, digits, {@code -} and {@code _} (token hashes). */
    private static String jsonArray(Collection<?> values) {
        StringBuilder json = new StringBuilder(values.size() * 48 + 2).append('[');
        for (Object value : values) {
            if (json.length() > 1) {
                json.append(',');
            }
            if (value instanceof Number) {
                json.append(value);
            } else {
                String text = value.toString();
                if (!text.matches("[A-Za-z0-9_-]*")) {
                    throw new IllegalArgumentException("not a token hash: " + text);
                }
                json.append('"').append(text).append('"');
            }
        }
        return json.append(']').toString();
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        return Sql.update(c, sql, parameters);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        return Sql.prepare(c, sql, parameters);
    }
}
