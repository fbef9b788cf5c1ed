package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * The SQL for blocks made through a stranger's handle in a random chat. The blocker never learned who the stranger
 * was, so such a block is listed by the handle it was made with, and keeps the two accounts apart in random chats
 * only: nothing the blocker can do with account names tells which account it is. A stranger who was a guest is
 * stored without an account, so the blocker's list looks the same either way. Runs on the store thread, inside
 * the transaction the {@link Store} opened.
 */
public final class StrangerBlocks {

    private StrangerBlocks() {
    }

    /** Stores that {@code blocker} blocks the stranger it saw as {@code handle}: account {@code blocked}, or null. */
    public static void add(Connection c, long blocker, Long blocked, String handle, long now) throws SQLException {
        Sql.update(c, "INSERT INTO stranger_blocks (blocker_id, blocked_id, handle, created_at) VALUES (?, ?, ?, ?)",
                blocker, blocked, handle, now);
    }

    /**
     * Lifts {@code blocker}'s blocks made with {@code handle}.
     *
     * @return the accounts they were against, whose devices must hear of it
     */
    public static Set<Long> remove(Connection c, long blocker, String handle) throws SQLException {
        Set<Long> blocked = new HashSet<>(Sql.all(c, "SELECT blocked_id FROM stranger_blocks WHERE blocker_id = ?"
                + " AND handle = ? AND blocked_id IS NOT NULL", row -> row.getLong(1), blocker, handle));
        Sql.update(c, "DELETE FROM stranger_blocks WHERE blocker_id = ? AND handle = ?", blocker, handle);
        return blocked;
    }

    /** The accounts kept apart from {@code accountId} in random chats by stranger blocks, either way. */
    public static Set<Long> eitherWay(Connection c, long accountId) throws SQLException {
        Set<Long> ids = new HashSet<>(Sql.all(c, "SELECT blocked_id FROM stranger_blocks WHERE blocker_id = ?"
                + " AND blocked_id IS NOT NULL", row -> row.getLong(1), accountId));
        ids.addAll(Sql.all(c, "SELECT blocker_id FROM stranger_blocks WHERE blocked_id = ?", row -> row.getLong(1),
                accountId));
        return ids;
    }
}
