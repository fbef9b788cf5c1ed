package chat.server;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's servers on PostgreSQL instead of a SQLite file: each test gets a fresh database on the shared
 * {@link TestPostgres}. A suite written for SQLite runs unchanged on PostgreSQL as
 * {@code @ExtendWith(OnPostgres.class) class XOnPostgresTest extends XTest {}}.
 */
public final class OnPostgres implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        TestServer.cluster = new ClusterConfig(TestPostgres.shared().newDatabase(), null);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestServer.cluster = ClusterConfig.NONE;
    }
}
