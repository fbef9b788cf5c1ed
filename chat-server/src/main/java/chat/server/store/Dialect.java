package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The few places where SQLite and PostgreSQL need different SQL. Everything else the store says is written once, in
 * the SQL both understand ({@code ON CONFLICT}, {@code RETURNING}, {@code CASE} instead of two-argument {@code MAX}).
 */
public enum Dialect {
    SQLITE,
    POSTGRESQL;

    /** The dialect of an open connection. */
    public static Dialect of(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")
                ? POSTGRESQL : SQLITE;
    }

    /** Whether {@code database} (a {@code --db} value) names a PostgreSQL server rather than a SQLite file. */
    public static boolean isPostgresUrl(String database) {
        return database != null && (database.startsWith("postgresql://") || database.startsWith("postgres://"));
    }

    /** The JDBC address for a {@code postgresql://HOST:PORT/NAME?user=...} URL. */
    public static String jdbcUrl(String postgresUrl) {
        return "jdbc:postgresql://" + postgresUrl.substring(postgresUrl.indexOf("://") + 3);
    }

    /**
     * A sub-query over the values of one parameter that holds a JSON array: numbers ({@code numeric}) or strings.
     * One parameter whatever the count, so a statement is prepared the same way for ten ids or ten thousand.
     */
    String jsonValues(boolean numeric) {
        return switch (this) {
            case SQLITE -> "SELECT value FROM json_each(?)";
            case POSTGRESQL -> numeric ? "SELECT value::bigint FROM json_array_elements_text(CAST(? AS json))"
                    : "SELECT value FROM json_array_elements_text(CAST(? AS json))";
        };
    }
}
