package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's kick, ban, bans, unban and who, against a real server over real sockets. Clients connect from
 * different loopback addresses (127.0.0.2, 127.0.1.5, ...: all of 127/8 is loopback on Linux) so that an address ban
 * has someone to refuse while the test's own address goes on.
 */
class ModerationTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path tempDir;

    private ChatServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(TestClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aKickClosesEveryConnectionOfTheAccountWithTheReason() {
        start();
        TestClient laptop = connect();
        TestClient phone = connect();
        TestClient bob = connect();
        TestClient guest = connect();
        AccountsTest.register(laptop, "alice", PASSWORD);
        AccountsTest.login(phone, "alice", PASSWORD);
        AccountsTest.register(bob, "bob", "bob password");

        Operator.Result kicked = operator().run("kick", "alice", "mind", "your", "language");
        assertThat(kicked.status()).as(kicked.err()).isZero();
        assertThat(kicked.out()).contains("Kicked alice: 2 connections closed.");
        for (TestClient device : List.of(laptop, phone)) {
            ServerFrame.Bye bye = device.awaitFrame(ServerFrame.Bye.class);
            assertThat(bye.reason()).isEqualTo("kicked");
            assertThat(bye.message()).isEqualTo("an operator disconnected you: mind your language");
            device.awaitClosed();
        }

        assertThat(operator().run("kick", guest.handle()).out()).contains("1 connection closed");
        assertThat(guest.line()).isEqualTo("* Bye: an operator disconnected you"); // it speaks text: it sent none
        guest.awaitClosed();

        Operator.Result nobody = operator().run("kick", "alice");
        assertThat(nobody.status()).isEqualTo(1);
        assertThat(nobody.err()).contains("nobody called alice is connected");
        assertThat(operator().run("kick", "bob", "bad\u001B[2Jreason").status()).isEqualTo(2);
        bob.send(new ClientFrame.Ping("still-here"));
        assertThat(bob.frame(ServerFrame.Pong.class).re()).isEqualTo("still-here");
    }

    @Test
    void anAddressBanClosesItsConnectionsAndRefusesItAcrossReconnectsAndRestarts() {
        start();
        TestClient banned = connectFrom("127.0.0.2");
        TestClient bystander = connect();

        Operator.Result ban = operator().run("ban", "127.0.0.2", "2h", "spamming", "rooms");
        assertThat(ban.status()).as(ban.err()).isZero();
        assertThat(ban.out()).contains("Banned 127.0.0.2 until").contains("(spamming rooms)")
                .contains("1 connection closed");
        assertThat(banned.line()).startsWith("* Bye: an operator banned you until ").endsWith(": spamming rooms");
        banned.awaitClosed();

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(refusalFrom("127.0.0.2")).startsWith("! banned: connections from your address are banned until ")
                    .endsWith(": spamming rooms\n");
        }
        bystander.send(new ClientFrame.Ping("still-here"));
        assertThat(bystander.frame(ServerFrame.Pong.class).re()).isEqualTo("still-here");

        restart();
        assertThat(refusalFrom("127.0.0.2")).startsWith("! banned: ");
        assertThat(connect().greeting()).startsWith("* Welcome");
        Operator.Result bans = operator().run("bans");
        assertThat(bans.out()).contains("127.0.0.2").contains("address").contains("spamming rooms").contains("1 ban");

        assertThat(operator().run("unban", "127.0.0.2").out()).contains("Lifted the ban of 127.0.0.2.");
        assertThat(connectFrom("127.0.0.2").greeting()).startsWith("* Welcome");
        assertThat(operator().run("bans").out()).contains("0 bans");
    }

    @Test
    void aNetworkBanCoversEveryAddressInIt() {
        start();
        assertThat(operator().run("ban", "127.0.1.0/24").out()).contains("Banned 127.0.1.0/24 permanently.");
        assertThat(refusalFrom("127.0.1.5")).isEqualTo("! banned: connections from your address are banned\n");
        assertThat(refusalFrom("127.0.1.250")).startsWith("! banned: ");
        assertThat(connectFrom("127.0.2.1").greeting()).startsWith("* Welcome");

        Operator.Result inside = operator().run("unban", "127.0.1.5");
        assertThat(inside.status()).isEqualTo(1);
        assertThat(inside.err()).contains("no ban of 127.0.1.5 is in force");
        assertThat(refusalFrom("127.0.1.5")).startsWith("! banned: ");

        restart(); // a permanent ban read back from the store is still permanent
        assertThat(refusalFrom("127.0.1.5")).startsWith("! banned: ");
        assertThat(operator().run("bans").out()).contains("permanent").doesNotContain("1970");
    }

    @Test
    void anIpv6BanCoversTheAddresssSlash64() throws Exception {
        server = TestServer.start(tempDir, InetAddress.getByName("::"), config -> config.bcryptCost(4));
        assertThat(operator().run("ban", "::1", "30m").out()).contains("Banned 0:0:0:0::/64 until");
        assertThat(refusal(new InetSocketAddress("::1", 0), new InetSocketAddress("::1", server.port())))
                .startsWith("! banned: ");
        assertThat(connect().greeting()).startsWith("* Welcome"); // 127.0.0.1 is not in it
    }

    @Test
    void aBanStoredWithNoServerRunningHoldsFromTheNextStart() {
        start();
        server.close();
        server = null;

        Operator.Result ban = operator().run("ban", "127.0.0.3", "7d");
        assertThat(ban.status()).as(ban.err()).isZero();
        assertThat(ban.out()).contains("No server is running; the next one to start enforces it.");
        assertThat(operator().run("bans").out()).contains("127.0.0.3");

        start();
        assertThat(refusalFrom("127.0.0.3")).startsWith("! banned: ");
    }

    @Test
    void aNameBanClosesTheLiveSessionAndRefusesLoginResumeAndRegistration() {
        start();
        TestClient alice = connect();
        String token = AccountsTest.register(alice, "alice", PASSWORD).token();

        Operator.Result ban = operator().run("ban", "alice", "1h", "harassment");
        assertThat(ban.status()).as(ban.err()).isZero();
        assertThat(ban.out()).contains("Banned the name alice until").contains("1 connection closed");
        ServerFrame.Bye bye = alice.awaitFrame(ServerFrame.Bye.class);
        assertThat(bye.reason()).isEqualTo("banned");
        assertThat(bye.message()).endsWith(": harassment");
        alice.awaitClosed();

        TestClient again = connect();
        again.send(new ClientFrame.Login("login", "Alice", PASSWORD));
        ServerFrame.Error refused = again.frame(ServerFrame.Error.class);
        assertThat(refused.code()).isEqualTo("banned");
        assertThat(refused.message()).startsWith("the name alice is banned until ").endsWith(": harassment");
        again.send(new ClientFrame.Resume("resume", token));
        assertThat(again.frame(ServerFrame.Error.class).code()).isEqualTo("banned");

        assertThat(operator().run("ban", "mallory").status()).isZero();
        again.send(new ClientFrame.Register("register", "mallory", PASSWORD));
        assertThat(again.frame(ServerFrame.Error.class).code()).isEqualTo("banned");

        restart();
        TestClient afterRestart = connect();
        afterRestart.send(new ClientFrame.Login("login", "alice", PASSWORD));
        assertThat(afterRestart.frame(ServerFrame.Error.class).code()).isEqualTo("banned");
        assertThat(operator().run("unban", "alice").status()).isZero();
        assertThat(AccountsTest.login(afterRestart, "alice", PASSWORD).name()).isEqualTo("alice");
    }

    @Test
    void aBanOfAGuestHandleOrOfNonsenseIsRefusedWithAReason() {
        start();
        Operator.Result handle = operator().run("ban", "guest-1234");
        assertThat(handle.status()).isEqualTo(2);
        assertThat(handle.err()).contains("ban its address");
        assertThat(operator().run("ban", "300.1.2.3").err()).contains("not an IPv4 address");
        assertThat(operator().run("ban", "2001:db8::/96").err()).contains("/64");
        assertThat(operator().run("ban", "alice", "0m").status()).isEqualTo(2);
        assertThat(operator().run("bans").out()).contains("0 bans");
    }

    @Test
    void whoListsTheConnectionsWithTheirAddresses() {
        start();
        TestClient alice = connect();
        AccountsTest.register(alice, "alice", PASSWORD);
        TestClient guest = connectFrom("127.0.0.2");

        Operator.Result who = operator().run("who");
        assertThat(who.status()).as(who.err()).isZero();
        List<String> lines = who.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("NAME").contains("ADDRESS").contains("TLS")
                .contains("SINCE").contains("IDLE");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("alice").contains("127.0.0.1")
                .contains(" no "));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(guest.handle()).contains("127.0.0.2"));
        assertThat(lines).last().isEqualTo("2 connections");
    }

    @Test
    void kickAndWhoNeedARunningServer() {
        start();
        server.close();
        server = null;
        for (String command : List.of("who", "kick")) {
            Operator.Result result = command.equals("who") ? operator().run("who") : operator().run("kick", "alice");
            assertThat(result.status()).isEqualTo(1);
            assertThat(result.err()).contains("no server is running with this database");
        }
    }

    private void start() {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
    }

    private void restart() {
        clients.forEach(TestClient::close);
        clients.clear();
        server.close();
        start();
    }

    private Operator operator() {
        return new Operator(tempDir.resolve("chat.db"));
    }

    private TestClient connect() {
        TestClient client = TestClient.connect(server.port());
        clients.add(client);
        return client;
    }

    /** A client whose connection comes from {@code local}, a loopback address. */
    private TestClient connectFrom(String local) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) TestClient.TIMEOUT.toMillis());
            TestClient client = TestClient.over(socket);
            clients.add(client);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String refusalFrom(String local) {
        return refusal(new InetSocketAddress(local, 0), new InetSocketAddress("127.0.0.1", server.port()));
    }

    /** Everything the server sends a connection from {@code local} before it closes it. */
    private static String refusal(InetSocketAddress local, InetSocketAddress server) {
        try (Socket socket = new Socket()) {
            socket.bind(local);
            socket.connect(server, (int) TestClient.TIMEOUT.toMillis());
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received); // until the server closes; a read timeout fails the test
            return received.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
