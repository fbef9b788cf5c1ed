package chat.server;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RoomMembershipTest} with the store on PostgreSQL, as a node of a cluster has it. */
@ExtendWith(OnPostgres.class)
class RoomMembershipOnPostgresTest extends RoomMembershipTest {
}
