package chat.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The connections a node keeps to PostgreSQL. One store thread uses one at a time, so the pool is small; what it
 * adds is reconnecting: a connection that broke is dropped and a fresh one made when the server answers again, and
 * while it does not, asking for one fails after a few seconds instead of waiting for ever.
 */
final class PostgresPool implements AutoCloseable {

    /** How long a batch waits for a connection before its work fails as unavailable. */
    static final long CONNECTION_TIMEOUT_MILLIS = 3_000;

    private final HikariDataSource dataSource;

    private PostgresPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static PostgresPool open(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Dialect.jdbcUrl(url));
        config.setPoolName("chat-postgres");
        config.setMaximumPoolSize(3); // the store's writer and reader, and start-up or an operator's command beside
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MILLIS); // start-up fails when the server is away
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new PostgresPool(new HikariDataSource(config));
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
