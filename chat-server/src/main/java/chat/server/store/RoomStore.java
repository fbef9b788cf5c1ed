package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL for room membership: which accounts belong to which rooms, and how far each has read. Membership belongs
 * to the account (guests' memberships live in memory only). Runs on the store thread inside the {@link Store}'s
 * transaction; times are epoch milliseconds.
 */
public final class RoomStore {

    /** A member account of a room, by id and name. */
    public record MemberRow(long accountId, String name) {
    }

    /** A room an account belongs to, with its unread count and last message, for the account's conversation list. */
    public record MembershipRow(ConversationStore.RoomRow room, int unread, ConversationStore.StoredMessage last) {
    }

    /** A stored room as the directory lists it: its row and how many accounts belong to it. */
    public record DirectoryRow(ConversationStore.RoomRow room, int members) {
    }

    private RoomStore() {
    }

    /**
     * {@code limit} of the stored rooms from {@code offset} on, most member accounts first, then by name; and how many
     * rooms there are.
     */
    public static ConversationStore.Slice<DirectoryRow> directory(Connection c, int offset, int limit)
            throws SQLException {
        List<DirectoryRow> rows = Sql.all(c, "SELECT r.id, r.name, r.topic, COUNT(m.account_id) AS members"
                + " FROM conversations r LEFT JOIN room_members m ON m.conversation_id = r.id WHERE r.kind = 'room'"
                + " GROUP BY r.id, r.name, r.topic, r.key ORDER BY members DESC, r.key LIMIT ? OFFSET ?",
                row -> new DirectoryRow(new ConversationStore.RoomRow(row.getLong(1), row.getString(2),
                        row.getString(3)), row.getInt(4)), limit, offset);
        int total = Sql.one(c, "SELECT COUNT(*) FROM conversations WHERE kind = 'room'", row -> row.getInt(1));
        return new ConversationStore.Slice<>(rows, total);
    }

    /**
     * Makes the account a member of the room, having read everything said so far (a newcomer is not greeted by a
     * room's whole past as unread). False when it was a member already.
     */
    public static boolean join(Connection c, long roomId, long accountId, long now) throws SQLException {
        return Sql.update(c, "INSERT INTO room_members (conversation_id, account_id, last_read_id, joined_at)"
                + " VALUES (?, ?, COALESCE((SELECT MAX(id) FROM messages WHERE conversation_id = ?), 0), ?)"
                + " ON CONFLICT DO NOTHING",
                roomId, accountId, roomId, now) == 1;
    }

    /** Ends the account's membership; false when it was not a member. */
    public static boolean part(Connection c, long roomId, long accountId) throws SQLException {
        return Sql.update(c, "DELETE FROM room_members WHERE conversation_id = ? AND account_id = ?", roomId,
                accountId) == 1;
    }

    /** How many rooms the account belongs to. */
    public static int count(Connection c, long accountId) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM room_members WHERE account_id = ?", row -> row.getInt(1), accountId);
    }

    /** The member accounts of a room, in the order they joined. */
    public static List<MemberRow> members(Connection c, long roomId) throws SQLException {
        return Sql.all(c, "SELECT a.id, a.name FROM room_members m JOIN accounts a ON a.id = m.account_id"
                + " WHERE m.conversation_id = ? ORDER BY m.joined_at, a.id", row -> new MemberRow(row.getLong(1),
                row.getString(2)), roomId);
    }

    /** The rooms an account belongs to, with unread counts and last messages, most recently active first. */
    public static List<MembershipRow> memberships(Connection c, long accountId) throws SQLException {
        List<Object[]> rows = Sql.all(c, "SELECT r.id, r.name, r.topic, m.last_read_id FROM room_members m"
                + " JOIN conversations r ON r.id = m.conversation_id WHERE m.account_id = ?",
                row -> new Object[] {new ConversationStore.RoomRow(row.getLong(1), row.getString(2),
                        row.getString(3)), row.getLong(4)}, accountId);
        List<MembershipRow> memberships = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ConversationStore.RoomRow room = (ConversationStore.RoomRow) row[0];
            long lastRead = (Long) row[1];
            int unread = ConversationStore.unreadAfter(c, room.id(), accountId, lastRead);
            List<ConversationStore.StoredMessage> last = ConversationStore.history(c, room.id(), 0, 1);
            memberships.add(new MembershipRow(room, unread, last.isEmpty() ? null : last.get(0)));
        }
        memberships.sort((a, b) -> Long.compare(b.last() == null ? 0 : b.last().id(),
                a.last() == null ? 0 : a.last().id()));
        return memberships;
    }

    /** Moves the account's read mark in the room forward to {@code upTo}; whether it moved. */
    public static boolean markRead(Connection c, long roomId, long accountId, long upTo) throws SQLException {
        return Sql.update(c, "UPDATE room_members SET last_read_id = ? WHERE conversation_id = ?"
                + " AND account_id = ? AND last_read_id < ?", upTo, roomId, accountId, upTo) > 0;
    }
}
