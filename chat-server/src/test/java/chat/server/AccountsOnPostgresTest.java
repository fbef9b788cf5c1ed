package chat.server;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link AccountsTest} with the store on PostgreSQL, as a node of a cluster has it. */
@ExtendWith(OnPostgres.class)
class AccountsOnPostgresTest extends AccountsTest {
}
