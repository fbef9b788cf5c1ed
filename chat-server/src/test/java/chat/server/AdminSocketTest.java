package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.server.admin.AdminSocket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin socket itself: where it is, who may open it, what it takes, and what a crash leaves behind. */
class AdminSocketTest {

    @TempDir
    Path tempDir;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSocketLiesBesideTheDatabaseWithMode600AndGoesWithTheServer() throws IOException {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        Path socket = server.adminSocket();
        assertThat(socket).isEqualTo(tempDir.resolve("chat.db.admin.sock").toAbsolutePath());
        assertThat(Files.getPosixFilePermissions(socket))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var entries = Files.list(tempDir)) { // the private directory it was made in is gone
            assertThat(entries.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".a"));
        }
        server.close();
        server = null;
        assertThat(socket).doesNotExist();
    }

    @Test
    void aSocketLeftByACrashedServerIsReplacedAndOneThatAnswersStopsASecondServer() throws IOException {
        Path socket = AdminSocket.pathFor(tempDir.resolve("chat.db"));
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closing it leaves the file, as a crash does
        }
        assertThat(socket).exists();
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        assertThat(new Operator(tempDir.resolve("chat.db")).run("who").out()).contains("0 connections");

        assertThatThrownBy(() -> TestServer.start(tempDir, config -> config.bcryptCost(4)))
                .hasRootCauseInstanceOf(AdminSocket.SetupException.class)
                .hasMessageContaining("another server answers on " + socket);
        assertThat(new Operator(tempDir.resolve("chat.db")).run("who").status()).isZero(); // the first one goes on
    }

    @Test
    void somethingElseInTheSocketsPlaceStopsTheServerWithAClearMessage() throws IOException {
        Files.writeString(AdminSocket.pathFor(tempDir.resolve("chat.db")), "not a socket");
        assertThatThrownBy(() -> TestServer.start(tempDir, config -> config.bcryptCost(4)))
                .hasRootCauseInstanceOf(AdminSocket.SetupException.class)
                .hasMessageContaining("is not a socket; move it away");
    }

    @Test
    void aRequestLineOverTheLimitIsRefusedAndTheNextOperatorIsServed() throws IOException {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        try (SocketChannel flood = SocketChannel.open(UnixDomainSocketAddress.of(server.adminSocket()))) {
            ByteBuffer bytes = ByteBuffer.wrap("x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));
            try {
                while (bytes.hasRemaining()) {
                    flood.write(bytes);
                }
            } catch (IOException e) {
                // the server stopped reading and closed: what is wanted
            }
            ByteBuffer answer = ByteBuffer.allocate(1024);
            try {
                while (flood.read(answer) >= 0 && answer.hasRemaining()) {
                    // read to the end: the server closes without running anything
                }
            } catch (IOException e) {
                // closed with our bytes unread: a reset
            }
            assertThat(answer.position()).isZero();
        }
        Operator.Result who = new Operator(tempDir.resolve("chat.db")).run("who");
        assertThat(who.status()).as(who.err()).isZero();
    }

    @Test
    void anUnknownRequestGetsExitStatusTwo() throws IOException {
        server = TestServer.start(tempDir, config -> config.bcryptCost(4));
        try (SocketChannel operator = SocketChannel.open(UnixDomainSocketAddress.of(server.adminSocket()))) {
            operator.write(ByteBuffer.wrap("drop-tables\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(4096);
            while (operator.read(answer) >= 0) {
                // until the server closes
            }
            String text = new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8);
            assertThat(text).isEqualTo("err\tchat-server: unknown request: drop-tables\nexit\t2\n");
        }
    }

    @Test
    void everyOperatorCommandPrintsTheVersion() {
        for (String command : new String[] {"kick", "ban", "bans", "unban", "who"}) {
            Operator.Result result = new Operator(tempDir.resolve("chat.db")).run(command, "--version");
            assertThat(result.out()).as(command).startsWith("chat-server ");
        }
    }
}
