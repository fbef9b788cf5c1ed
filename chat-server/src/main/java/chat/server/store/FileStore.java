package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The SQL for shared files. Runs on the store thread inside the {@link Store}'s transaction. */
public final class FileStore {

    /** A shared file's record. */
    public record FileRow(long id, String publicId, String sha256, long size, String name, String type,
            Integer width, Integer height, byte[] thumbnail, Long ownerId, String ownerName, String conversation,
            long createdAt) {
    }

    private static final String COLUMNS = "id, public_id, sha256, size, name, type, width, height, thumbnail,"
            + " owner_id, owner_name, conversation, created_at";

    private FileStore() {
    }

    public static FileRow insert(Connection c, String publicId, String sha256, long size, String name, String type,
            Integer width, Integer height, byte[] thumbnail, Long ownerId, String ownerName, String conversation,
            long now) throws SQLException {
        long id = Sql.one(c, "INSERT INTO files (public_id, sha256, size, name, type, width, height, thumbnail,"
                + " owner_id, owner_name, conversation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " RETURNING id", row -> row.getLong(1), publicId, sha256, size, name, type, width, height, thumbnail,
                ownerId, ownerName, conversation, now);
        return new FileRow(id, publicId, sha256, size, name, type, width, height, thumbnail, ownerId, ownerName,
                conversation, now);
    }

    public static FileRow byPublicId(Connection c, String publicId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM files WHERE public_id = ?", FileStore::row, publicId);
    }

    public static FileRow byId(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM files WHERE id = ?", FileStore::row, id);
    }

    /** Deletes one file's record (its message was never stored). */
    public static void deleteById(Connection c, long id) throws SQLException {
        Sql.update(c, "DELETE FROM files WHERE id = ?", id);
    }

    /** Bytes an account's files take. */
    public static long bytesOwnedBy(Connection c, long accountId) throws SQLException {
        return Sql.one(c, "SELECT COALESCE(SUM(size), 0) FROM files WHERE owner_id = ?", row -> row.getLong(1),
                accountId);
    }

    /** Deletes the files shared in a conversation; returns the checksums no other file uses any more. */
    public static List<String> deleteConversation(Connection c, String conversation) throws SQLException {
        List<String> shas = Sql.all(c, "SELECT DISTINCT sha256 FROM files WHERE conversation = ?",
                row -> row.getString(1), conversation);
        Sql.update(c, "DELETE FROM files WHERE conversation = ?", conversation);
        return unused(c, shas);
    }

    /** The checksums of an account's files, to clean up after the account is deleted. */
    public static List<String> shasOwnedBy(Connection c, long accountId) throws SQLException {
        return Sql.all(c, "SELECT DISTINCT sha256 FROM files WHERE owner_id = ?", row -> row.getString(1), accountId);
    }

    /** Of {@code shas}, those no file record uses. */
    public static List<String> unused(Connection c, List<String> shas) throws SQLException {
        List<String> unused = new java.util.ArrayList<>();
        for (String sha : shas) {
            if (Sql.one(c, "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", row -> true, sha) == null) {
                unused.add(sha);
            }
        }
        return unused;
    }

    private static FileRow row(java.sql.ResultSet row) throws SQLException {
        return new FileRow(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getString(5),
                row.getString(6), row.getObject(7) == null ? null : row.getInt(7),
                row.getObject(8) == null ? null : row.getInt(8), row.getBytes(9),
                row.getObject(10) == null ? null : row.getLong(10), row.getString(11), row.getString(12),
                row.getLong(13));
    }
}
