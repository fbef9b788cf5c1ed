package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The SQL for the operator's bans. A ban is against an account name (its key) or a range of addresses (its network in
 * canonical form, see {@code chat.server.admin.AddressRange}); one of each target at most, so banning again replaces
 * the duration and reason. A ban past its end is no longer in force and is dropped when the next one is stored.
 * Runs on the store thread, inside the transaction the {@link Store} opened.
 */
public final class BanStore {

    /** What a ban is against. */
    public enum Kind {
        NAME, ADDRESS;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One ban.
     *
     * @param target the name's key, or the network in canonical form
     * @param reason what the operator said, possibly empty
     * @param expiresAt when it ends (epoch millis), or null when it is permanent
     */
    public record Ban(Kind kind, String target, String reason, long createdAt, Long expiresAt) {

        /** {@code what} happened, then until when and why: what the banned user is told. */
        public String toldAs(String what) {
            return what + (expiresAt == null ? "" : " until " + java.time.Instant.ofEpochMilli(expiresAt)
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + (reason.isEmpty() ? "" : ": " + reason);
        }

        /** Whether the ban holds at {@code now}. */
        public boolean inForce(long now) {
            return expiresAt == null || expiresAt > now;
        }
    }

    private static final String COLUMNS = "kind, target, reason, created_at, expires_at";

    private BanStore() {
    }

    /** Stores {@code ban}, replacing an earlier ban of the same target, and drops the bans that have ended. */
    public static void put(Connection c, Ban ban) throws SQLException {
        Sql.update(c, "DELETE FROM bans WHERE expires_at IS NOT NULL AND expires_at <= ?", ban.createdAt());
        Sql.update(c, "INSERT INTO bans (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, target) DO UPDATE"
                + " SET reason = excluded.reason, created_at = excluded.created_at, expires_at = excluded.expires_at",
                ban.kind().column(), ban.target(), ban.reason(), ban.createdAt(), ban.expiresAt());
    }

    /** Lifts the ban of {@code target}; false when there was none in force. */
    public static boolean remove(Connection c, Kind kind, String target, long now) throws SQLException {
        Ban ban = find(c, kind, target, now);
        Sql.update(c, "DELETE FROM bans WHERE kind = ? AND target = ?", kind.column(), target);
        return ban != null;
    }

    /** The ban of {@code target} in force at {@code now}, or null. */
    public static Ban find(Connection c, Kind kind, String target, long now) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM bans WHERE kind = ? AND target = ?"
                + " AND (expires_at IS NULL OR expires_at > ?)", BanStore::ban, kind.column(), target, now);
    }

    /** Every ban in force at {@code now}, oldest first. */
    public static List<Ban> inForce(Connection c, long now) throws SQLException {
        return Sql.all(c, "SELECT " + COLUMNS + " FROM bans WHERE expires_at IS NULL OR expires_at > ? ORDER BY id",
                BanStore::ban, now);
    }

    private static Ban ban(java.sql.ResultSet row) throws SQLException {
        long expires = row.getLong(5);
        Long expiresAt = row.wasNull() ? null : expires; // asked at once: wasNull tells of the last column read
        return new Ban(Kind.of(row.getString(1)), row.getString(2), row.getString(3), row.getLong(4), expiresAt);
    }
}
