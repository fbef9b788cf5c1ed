package chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the store's threads get a database connection for their work: SQLite's is always the same one (one for the
 * writer, one for the reader), PostgreSQL's comes from the pool and goes back to it.
 */
interface Connections extends AutoCloseable {

    Connection borrow() throws SQLException;

    void giveBack(Connection connection);

    @Override
    void close();

    /** Always {@code connection} (SQLite's), closed with this; {@code what} names it in a failure to close. */
    static Connections only(Connection connection, String what) {
        return new Connections() {
            @Override
            public Connection borrow() {
                return connection;
            }

            @Override
            public void giveBack(Connection borrowed) {
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (SQLException e) {
                    Logger.getLogger(Connections.class.getName()).log(Level.WARNING, "closing " + what + " failed", e);
                }
            }
        };
    }
}
