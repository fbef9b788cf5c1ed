package chat.server.store;

import chat.server.log.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Opens the database. A SQLite file (the default): creates it (and its directory) on first use, turns on write-ahead logging, full sync,
 * secure deletion and foreign keys, and brings the schema up to date with the migrations shipped in
 * {@code resources/chat/server/store/migrations/V1.sql, V2.sql, ...}. The schema version is SQLite's
 * {@code user_version}; each migration runs in its own transaction, so a failed one leaves the previous version.
 *
 * <p>A PostgreSQL server (a cluster's store) gets the schema of SQLite's V1 to V10 at once from
 * {@code migrations/postgresql/V10.sql}, and each later version from {@code migrations/postgresql/V<n>.sql} when
 * there is one, else from the shared {@code V<n>.sql} (which must then be SQL both understand). Its version is kept
 * in {@code schema_version}; nodes that start together take turns under an advisory lock.
 */
public final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private Database() {
    }

    /** Opens a connection with the pragmas set and the schema migrated. */
    public static Connection open(Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create the directory for " + file + ": " + e.getMessage(), e);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = FULL"); // a commit is on disk before anyone hears "ok"
            // Deleted rows are overwritten with zeros, so a deleted account's messages cannot be read back out of
            // the file's free pages (WAL frames go at the next checkpoint).
            statement.execute("PRAGMA secure_delete = ON");
            statement.execute("PRAGMA busy_timeout = 5000"); // the operator commands may write meanwhile
            migrate(connection);
            statement.execute("PRAGMA foreign_keys = ON");
            fillSkeletons(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Opens a second connection to a database {@link #open} has prepared, for look-ups only: it refuses writes
     * ({@code query_only}) and runs each look-up in a transaction the caller ends.
     */
    public static Connection openReader(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.execute("PRAGMA query_only = ON");
            connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Where the PostgreSQL schema starts: everything SQLite's migrations up to this one made. */
    private static final int POSTGRES_BASELINE = 10;
    /** Any number, the same on every node: the advisory lock held while the schema is brought up to date. */
    private static final long MIGRATION_LOCK = 0x63686174L;

    /**
     * Brings a PostgreSQL database up to date and fills in skeletons; {@code connection} is in auto-commit mode and
     * left so.
     */
    public static void preparePostgres(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version;
            try (ResultSet result = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                version = result.next() ? result.getInt(1) : 0;
            }
            while (true) {
                int next = version == 0 ? POSTGRES_BASELINE : version + 1;
                String script = version == 0 ? resource("migrations/postgresql/V" + next + ".sql")
                        : firstOf(resource("migrations/postgresql/V" + next + ".sql"), migration(next));
                if (script == null) {
                    break;
                }
                for (String sql : statements(script)) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version (version) VALUES (" + next + ")");
                version = next;
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            connection.setAutoCommit(true);
            throw e;
        }
        fillSkeletons(connection);
        connection.setAutoCommit(true);
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }

    /** The schema version of an open database. */
    public static int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA user_version")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    /**
     * Runs the migrations the database has not had, each in a transaction. Foreign keys are off meanwhile (a table
     * rebuilt the way SQLite documents would otherwise cascade its deletion) and checked before each commit.
     */
    private static void migrate(Connection connection) throws SQLException {
        int version = schemaVersion(connection);
        String script;
        while ((script = migration(version + 1)) != null) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(script)) {
                    statement.execute(sql);
                }
                try (ResultSet broken = statement.executeQuery("PRAGMA foreign_key_check")) {
                    if (broken.next()) {
                        throw new SQLException("a row of " + broken.getString(1) + " refers to a missing row of "
                                + broken.getString(3));
                    }
                }
                statement.execute("PRAGMA user_version = " + (version + 1));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("migration V" + (version + 1) + " failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            version++;
        }
    }

    /**
     * Gives each account without one its name's skeleton. Two accounts whose names look the same, made before
     * skeletons were kept, cannot both have it: the later keeps none, and the operator hears of it.
     */
    private static void fillSkeletons(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<String> lookAlikes = AccountStore.fillSkeletons(connection);
            connection.commit();
            for (String name : lookAlikes) {
                LOG.warning(() -> "the account " + LogText.quote(name) + " looks like an older one's name;"
                        + " new names that look like either are refused");
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String migration(int version) {
        return resource("migrations/V" + version + ".sql");
    }

    private static String resource(String name) {
        try (InputStream in = Database.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script at semicolons that end a line, dropping {@code --} comment lines. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString());
        }
        return statements;
    }
}
