package chat.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQL for stored conversations (direct chats and rooms), their messages, read positions, blocks and reports.
 * Runs on the store thread inside the {@link Store}'s transaction; times are epoch milliseconds.
 */
public final class ConversationStore {

    /**
     * A stored message. {@code senderId} is null for a guest; {@code duplicate} when a resend matched it;
     * {@code file} when it shares a file.
     */
    public record StoredMessage(long id, long conversationId, Long senderId, String senderName, String text,
            long createdAt, boolean duplicate, FileStore.FileRow file) {
    }

    /** A file to share with a message: the verified content and the sender's name for it. */
    public record FileDraft(String publicId, String sha256, long size, String name, String type, Integer width,
            Integer height, byte[] thumbnail) {
    }

    /** A room's stored facts. */
    public record RoomRow(long id, String name, String topic) {
    }

    /** A direct chat as its participant sees it in the inbox. */
    public record DirectSummary(long conversationId, String otherName, int unread, StoredMessage last) {
    }

    /** Some rows of a longer list: those asked for, and how many the whole list has. */
    public record Slice<T>(List<T> rows, int total) {
    }

    /** A report for the operator. */
    public record ReportRow(long id, String reporter, String reported, String conversation, String reason,
            String evidence, long createdAt, Long resolvedAt, String resolution) {
    }

    private ConversationStore() {
    }

    /** The direct conversation of two accounts, created with both as participants if it is new. */
    public static long directConversation(Connection c, long accountA, long accountB, long now) throws SQLException {
        if (accountA == accountB) {
            throw new IllegalArgumentException("a direct conversation needs two accounts");
        }
        Long id = findDirectConversation(c, accountA, accountB);
        if (id != null) {
            return id;
        }
        String key = directKey(accountA, accountB);
        long created = Sql.one(c, "INSERT INTO conversations (kind, key, created_at) VALUES ('direct', ?, ?)"
                + " RETURNING id", row -> row.getLong(1), key, now);
        Sql.update(c, "INSERT INTO participants (conversation_id, account_id) VALUES (?, ?), (?, ?)", created,
                accountA, created, accountB);
        return created;
    }

    /** The direct conversation of two accounts, or null when they never wrote to each other. */
    public static Long findDirectConversation(Connection c, long accountA, long accountB) throws SQLException {
        return Sql.one(c, "SELECT id FROM conversations WHERE key = ?", row -> row.getLong(1),
                directKey(accountA, accountB));
    }

    private static String directKey(long accountA, long accountB) {
        return "direct:" + Math.min(accountA, accountB) + ":" + Math.max(accountA, accountB);
    }

    /** The stored room with that key, or null. */
    public static RoomRow findRoom(Connection c, String key) throws SQLException {
        return Sql.one(c, "SELECT id, name, topic FROM conversations WHERE key = ?",
                row -> new RoomRow(row.getLong(1), row.getString(2), row.getString(3)), "room:" + key);
    }

    /** The room with that key, created if it is new. */
    public static RoomRow room(Connection c, String key, String name, long now) throws SQLException {
        RoomRow room = Sql.one(c, "SELECT id, name, topic FROM conversations WHERE key = ?",
                row -> new RoomRow(row.getLong(1), row.getString(2), row.getString(3)), "room:" + key);
        if (room != null) {
            return room;
        }
        long id = Sql.one(c, "INSERT INTO conversations (kind, key, name, created_at) VALUES ('room', ?, ?, ?)"
                + " RETURNING id", row -> row.getLong(1), "room:" + key, name, now);
        return new RoomRow(id, name, "");
    }

    public static void setTopic(Connection c, long conversationId, String topic) throws SQLException {
        Sql.update(c, "UPDATE conversations SET topic = ? WHERE id = ?", topic, conversationId);
    }

    /**
     * How long a request id identifies a message for resends. A client resends after a reconnect, within seconds or
     * minutes; the window keeps a client that reuses ids (a restarted counter) from hitting messages of long ago.
     */
    public static final long RESEND_WINDOW_MILLIS = 24 * 60 * 60 * 1000L;

    /**
     * Stores a message, unless it is a resend: the same sender stored the same text (and file content) in the same
     * conversation under the same client id within {@link #RESEND_WINDOW_MILLIS}. Then that one is returned, marked
     * {@code duplicate}. The same id with anything else in the window is refused with {@code duplicate_id}: a client
     * that reuses ids must hear about it, never get an {@code ok} for a message that was not stored. The sender has
     * read its own message.
     */
    public static StoredMessage insertMessage(Connection c, long conversationId, Long senderId, String senderName,
            String clientId, String text, long now) throws SQLException {
        return insertMessage(c, conversationId, null, senderId, senderName, clientId, text, null, now);
    }

    /**
     * {@link #insertMessage(Connection, long, Long, String, String, String, long)} for a message that may share a
     * file: the file's record is stored with it, under {@code conversationKey}.
     */
    public static StoredMessage insertMessage(Connection c, long conversationId, String conversationKey,
            Long senderId, String senderName, String clientId, String text, FileDraft file, long now)
            throws SQLException {
        if (senderId != null && clientId != null) {
            StoredMessage earlier = Sql.one(c, "SELECT " + MESSAGE_COLUMNS + " FROM messages m"
                    + " WHERE sender_id = ? AND client_id = ? AND created_at >= ? ORDER BY id DESC LIMIT 1",
                    row -> message(c, row, true), senderId, clientId, now - RESEND_WINDOW_MILLIS);
            if (earlier != null) {
                if (isResend(earlier, conversationId, text, file)) {
                    return earlier;
                }
                throw new DuplicateRequestId(clientId);
            }
        }
        FileStore.FileRow fileRow = file == null ? null : FileStore.insert(c, file.publicId(), file.sha256(),
                file.size(), file.name(), file.type(), file.width(), file.height(), file.thumbnail(), senderId,
                senderName, conversationKey, now);
        long id = Sql.one(c, "INSERT INTO messages (conversation_id, sender_id, sender_name, client_id, text,"
                + " created_at, file_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", row -> row.getLong(1),
                conversationId, senderId, senderName, senderId == null ? null : clientId, text, now,
                fileRow == null ? null : fileRow.id());
        if (senderId != null) {
            Sql.update(c, "UPDATE participants SET last_read_id = ? WHERE conversation_id = ? AND account_id = ?",
                    id, conversationId, senderId);
            RoomStore.markRead(c, conversationId, senderId, id);
        }
        return new StoredMessage(id, conversationId, senderId, senderName, text, now, false, fileRow);
    }

    /** Whether a new message is the same request as {@code earlier}: same conversation, text and file content. */
    private static boolean isResend(StoredMessage earlier, long conversationId, String text, FileDraft file) {
        String earlierSha = earlier.file() == null ? null : earlier.file().sha256();
        String sha = file == null ? null : file.sha256();
        return earlier.conversationId() == conversationId && earlier.text().equals(text)
                && java.util.Objects.equals(earlierSha, sha);
    }

    /** A client id was used, within the resend window, for a different message. */
    public static final class DuplicateRequestId extends SQLException {
        DuplicateRequestId(String clientId) {
            super("request id " + clientId + " was already used for a different message");
        }
    }

    /** The key under which files of a stored conversation are kept. */
    public static String conversationKey(Connection c, long conversationId) throws SQLException {
        return Sql.one(c, "SELECT key FROM conversations WHERE id = ?", row -> row.getString(1), conversationId);
    }

    /** Up to {@code limit} messages older than {@code beforeId} (0: the newest), oldest first. */
    public static List<StoredMessage> history(Connection c, long conversationId, long beforeId, int limit)
            throws SQLException {
        List<StoredMessage> newestFirst = Sql.all(c, "SELECT " + MESSAGE_COLUMNS + " FROM messages m"
                + " WHERE conversation_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                row -> message(c, row, false), conversationId, beforeId, beforeId, limit);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * Moves the account's read mark forward to message {@code messageId} in whatever conversation holds it: a direct
     * chat it takes part in, or a room it belongs to. Answers how many messages are left unread when the mark moved,
     * null when it did not.
     */
    public static Integer markReadAt(Connection c, long accountId, long messageId) throws SQLException {
        Long conversationId = Sql.one(c, "SELECT conversation_id FROM messages WHERE id = ?",
                row -> row.getLong(1), messageId);
        if (conversationId == null) {
            return null; // deleted meanwhile
        }
        boolean moved = markRead(c, conversationId, accountId, messageId);
        moved |= RoomStore.markRead(c, conversationId, accountId, messageId);
        return moved ? unreadAfter(c, conversationId, accountId, messageId) : null;
    }

    /** Moves the account's read mark in a direct chat forward to {@code upTo}; whether it moved. */
    public static boolean markRead(Connection c, long conversationId, long accountId, long upTo) throws SQLException {
        return Sql.update(c, "UPDATE participants SET last_read_id = ?"
                + " WHERE conversation_id = ? AND account_id = ? AND last_read_id < ?", upTo, conversationId, accountId,
                upTo) > 0;
    }

    /** How many messages others said in the conversation after message {@code afterId}: the unread ones. */
    public static int unreadAfter(Connection c, long conversationId, long accountId, long afterId)
            throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND id > ?"
                + " AND (sender_id IS NULL OR sender_id <> ?)", r -> r.getInt(1), conversationId, afterId, accountId);
    }

    /** The direct conversations of an account, with the other side's name, unread counts and the last message. */
    /**
     * {@code limit} of an account's direct conversations from {@code offset} on, most recent message first: the
     * other side's name, unread count and last message. Only the rows asked for are read in full.
     */
    public static Slice<DirectSummary> directSummaries(Connection c, long accountId, int offset, int limit)
            throws SQLException {
        List<long[]> rows = Sql.all(c, "SELECT p.conversation_id, p.last_read_id, other.account_id,"
                + " (SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = p.conversation_id) AS last_id"
                + " FROM participants p JOIN participants other"
                + " ON other.conversation_id = p.conversation_id AND other.account_id <> p.account_id"
                + " WHERE p.account_id = ? ORDER BY last_id DESC, p.conversation_id DESC LIMIT ? OFFSET ?",
                row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3)}, accountId, limit, offset);
        List<DirectSummary> summaries = new ArrayList<>(rows.size());
        for (long[] row : rows) {
            String otherName = Sql.one(c, "SELECT name FROM accounts WHERE id = ?", r -> r.getString(1), row[2]);
            int unread = unreadAfter(c, row[0], accountId, row[1]);
            List<StoredMessage> last = history(c, row[0], 0, 1);
            summaries.add(new DirectSummary(row[0], otherName, unread, last.isEmpty() ? null : last.get(0)));
        }
        int total = Sql.one(c, "SELECT COUNT(*) FROM participants p JOIN participants other"
                + " ON other.conversation_id = p.conversation_id AND other.account_id <> p.account_id"
                + " WHERE p.account_id = ?", row -> row.getInt(1), accountId);
        return new Slice<>(summaries, total);
    }

    public static void block(Connection c, long blocker, long blocked, long now) throws SQLException {
        Sql.update(c, "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", blocker,
                blocked, now);
    }

    public static boolean unblock(Connection c, long blocker, long blocked) throws SQLException {
        return Sql.update(c, "DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?", blocker, blocked) == 1;
    }

    /** Whether either account blocks the other. */
    public static boolean blockedEitherWay(Connection c, long a, long b) throws SQLException {
        return Sql.one(c, "SELECT 1 FROM blocks WHERE (blocker_id = ? AND blocked_id = ?)"
                + " OR (blocker_id = ? AND blocked_id = ?)", row -> true, a, b, b, a) != null;
    }

    /** The accounts {@code accountId} blocks, and those that block it. */
    public static Set<Long> blockedEitherWay(Connection c, long accountId) throws SQLException {
        Set<Long> ids = new HashSet<>(Sql.all(c, "SELECT blocked_id FROM blocks WHERE blocker_id = ?",
                row -> row.getLong(1), accountId));
        ids.addAll(Sql.all(c, "SELECT blocker_id FROM blocks WHERE blocked_id = ?", row -> row.getLong(1),
                accountId));
        return ids;
    }

    /**
     * {@code limit} entries of an account's block list, from {@code offset} on: the names of the accounts it blocks by
     * name, by name, then the handles it blocked strangers by ({@link StrangerBlocks}), each once.
     */
    public static Slice<String> blockedNames(Connection c, long accountId, int offset, int limit)
            throws SQLException {
        String listed = "SELECT a.name AS shown, 0 AS kind, a.name_key AS sorted FROM blocks b"
                + " JOIN accounts a ON a.id = b.blocked_id WHERE b.blocker_id = ?"
                + " UNION SELECT handle, 1, handle FROM stranger_blocks WHERE blocker_id = ?";
        List<String> names = Sql.all(c, "SELECT shown FROM (" + listed + ") AS listed ORDER BY kind, sorted LIMIT ? OFFSET ?",
                row -> row.getString(1), accountId, accountId, limit, offset);
        int total = Sql.one(c, "SELECT COUNT(*) FROM (" + listed + ") AS listed", row -> row.getInt(1), accountId, accountId);
        return new Slice<>(names, total);
    }

    public static long insertReport(Connection c, String reporter, String reported, String conversation,
            String reason, String evidence, long now) throws SQLException {
        return Sql.one(c, "INSERT INTO reports (reporter, reported, conversation, reason, evidence, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", row -> row.getLong(1), reporter, reported,
                conversation, reason, evidence, now);
    }

    public static List<ReportRow> reports(Connection c, boolean includeResolved) throws SQLException {
        return Sql.all(c, "SELECT id, reporter, reported, conversation, reason, evidence, created_at, resolved_at,"
                + " resolution FROM reports" + (includeResolved ? "" : " WHERE resolved_at IS NULL") + " ORDER BY id",
                row -> new ReportRow(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getLong(7),
                        row.getObject(8) == null ? null : row.getLong(8), row.getString(9)));
    }

    public static boolean resolveReport(Connection c, long id, String resolution, long now) throws SQLException {
        return Sql.update(c, "UPDATE reports SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL",
                now, resolution, id) == 1;
    }

    public static void setLastSeen(Connection c, long accountId, long now) throws SQLException {
        Sql.update(c, "UPDATE accounts SET last_seen_at = ? WHERE id = ?", now, accountId);
    }

    /** An account's visibility and last-seen time, or null when there is no such account. */
    public static long[] visibilityAndLastSeen(Connection c, long accountId) throws SQLException {
        return Sql.one(c, "SELECT visible, COALESCE(last_seen_at, 0) FROM accounts WHERE id = ?",
                row -> new long[] {row.getLong(1), row.getLong(2)}, accountId);
    }

    private static final String MESSAGE_COLUMNS = "m.id, m.conversation_id, m.sender_id, m.sender_name, m.text,"
            + " m.created_at, m.file_id";

    private static StoredMessage message(Connection c, ResultSet row, boolean duplicate) throws SQLException {
        Object sender = row.getObject(3);
        Object fileId = row.getObject(7);
        StoredMessage message = new StoredMessage(row.getLong(1), row.getLong(2),
                sender == null ? null : row.getLong(3), row.getString(4), row.getString(5), row.getLong(6), duplicate,
                null);
        if (fileId == null) {
            return message;
        }
        return new StoredMessage(message.id(), message.conversationId(), message.senderId(), message.senderName(),
                message.text(), message.createdAt(), duplicate, FileStore.byId(c, row.getLong(7)));
    }
}
