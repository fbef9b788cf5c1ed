package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read mark moved on one device reaches the account's other devices at once ({@code read_mark}), so their unread
 * counts follow without waiting for the next login: a {@code read} from a JSON client, and what a netcat device was
 * shown as it came.
 */
class ReadMarkPushTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRoomReadOnThePhoneIsReadOnTheLaptopAndTheReaderHearsOnlyItsOk() {
        try (TestClient bob = user("bob"); TestClient laptop = user("alice"); TestClient phone = user("alice")) {
            join(bob, "#lobby");
            join(laptop, "#lobby");
            phone.awaitFrame(ServerFrame.Room.class);
            String[] ids = new String[3];
            for (int i = 0; i < 3; i++) {
                bob.send(new ClientFrame.Say("b" + i, "#lobby", "line " + i));
                ids[i] = bob.awaitFrame(ServerFrame.Ok.class, ok -> ok.id() != null).id();
                phone.awaitFrame(ServerFrame.Message.class);
            }

            phone.send(new ClientFrame.Read("r", "#lobby", ids[1]));
            assertThat(phone.awaitFrame(ServerFrame.Ok.class).re()).isEqualTo("r");
            assertThat(laptop.awaitFrame(ServerFrame.ReadMark.class))
                    .isEqualTo(new ServerFrame.ReadMark("#lobby", ids[1], 1));
            phone.send(new ClientFrame.Ping("p"));
            assertThat(phone.frame()).isEqualTo(new ServerFrame.Pong("p")); // no read_mark of its own

            phone.send(new ClientFrame.Read("r2", "#lobby", ids[0])); // older than the mark: nothing moves
            phone.frame(ServerFrame.Ok.class);
            laptop.send(new ClientFrame.Ping("p"));
            assertThat(laptop.frame()).isEqualTo(new ServerFrame.Pong("p"));
        }
    }

    @Test
    void aDirectChatReadOnOneDeviceLeavesNothingUnreadOnTheOther() {
        try (TestClient bob = user("bob"); TestClient laptop = user("alice"); TestClient phone = user("alice")) {
            String last = null;
            for (int i = 0; i < 2; i++) {
                bob.send(new ClientFrame.Say("d" + i, "@alice", "direct " + i));
                last = bob.awaitFrame(ServerFrame.Ok.class).id();
                laptop.awaitFrame(ServerFrame.Message.class);
                phone.awaitFrame(ServerFrame.Message.class);
            }
            phone.send(new ClientFrame.Read("r", "@bob", last));
            phone.awaitFrame(ServerFrame.Ok.class);
            assertThat(laptop.awaitFrame(ServerFrame.ReadMark.class))
                    .isEqualTo(new ServerFrame.ReadMark("@bob", last, 0));
        }
    }

    @Test
    void whatNetcatShowsIsPushedAsReadToTheAccountsOtherDevices() {
        try (TestClient bob = user("bob"); TestClient laptop = user("alice");
                TestClient nc = TestClient.connect(server.port())) {
            nc.send("/login alice password alice");
            assertThat(nc.line()).isEqualTo("* Logged in as alice.");
            bob.send(new ClientFrame.Say("d", "@alice", "seen on netcat"));
            String id = bob.awaitFrame(ServerFrame.Ok.class).id();
            String shown = nc.line();
            while (shown.startsWith("* Your chats") || shown.startsWith("*   ")) {
                shown = nc.line(); // the login's inbox may come before or after the message
            }
            assertThat(shown).endsWith("<bob> seen on netcat");
            assertThat(laptop.awaitFrame(ServerFrame.Message.class).id()).isEqualTo(id);
            assertThat(laptop.awaitFrame(ServerFrame.ReadMark.class))
                    .isEqualTo(new ServerFrame.ReadMark("@bob", id, 0));
            nc.send("/ping");
            java.util.List<String> printed = new java.util.ArrayList<>();
            for (String line = nc.line(); !line.equals("* pong"); line = nc.line()) {
                printed.add(line);
            }
            assertThat(printed).allMatch(line -> line.startsWith("* Your chats") || line.startsWith("*   "),
                    "only the inbox of the login; netcat prints nothing for a read mark");
        }
    }

    private TestClient user(String name) {
        return TestClient.connect(server.port()).logInOrRegister(name);
    }

    private static void join(TestClient client, String room) {
        client.send(new ClientFrame.Join("j", room));
        client.awaitFrame(ServerFrame.Room.class, r -> "j".equals(r.re()));
        client.awaitFrame(ServerFrame.History.class);
    }
}
