package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.TestCertificates;
import chat.server.net.ServerCertificate;
import chat.tui.TestServers;
import chat.tui.config.ClientConfig;
import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real clients on virtual terminals, talking through a real server. */
class ChatAppTest {

    @TempDir
    Path tempDir;

    private RunningApp app(ChatServer server, String home, ChatApp.Start start) {
        return new RunningApp(server, tempDir.resolve(home), start, tempDir);
    }

    private RunningApp app(ChatServer server, String home, ChatApp.Start start, Path folder) {
        return new RunningApp(server, tempDir.resolve(home), start, folder);
    }

    @Test
    void overTlsTheScreenShowsThePinnedFingerprintAndRefusesAChangedCertificate() throws Exception {
        ServerCertificate certificate = ServerCertificate.load(TestCertificates.selfSigned(tempDir, "server"),
                TestCertificates.PASSWORD.toCharArray());
        try (ChatServer server = TestServers.start(tempDir, config -> config.tls(certificate.context(), 200, false))) {
            String address = "tls://127.0.0.1:" + server.port();
            try (RunningApp alice = new RunningApp(address, tempDir.resolve("alice"), ChatApp.Start.IDLE,
                    tempDir)) {
                alice.await(text -> text.contains("first connection to 127.0.0.1:" + server.port()), "the TLS note");
                alice.await(text -> text.contains("● online · TLS · guest-"), "alice online, marked TLS");
                alice.press(KeyType.F2);
                alice.await(text -> text.contains("Looking for a stranger"), "alice waiting, over TLS");
            }
            new ClientConfig(tempDir.resolve("mallory")).knownServers()
                    .pin("127.0.0.1:" + server.port(), "SHA256:00:11:22");
            try (RunningApp mallory = new RunningApp(address, tempDir.resolve("mallory"), ChatApp.Start.IDLE,
                    tempDir)) {
                mallory.await(text -> text.contains("HAS CHANGED") && text.contains("offline"),
                        "the changed certificate refused");
            }
        }
    }

    @Test
    void twoStrangersArePairedAndChatWithEmojiAndCjk() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.IDLE);
                RunningApp bob = app(server, "bob", ChatApp.Start.RANDOM)) {
            alice.await(text -> text.contains("● online · guest-"), "alice online");
            bob.await(text -> text.contains("Looking for a stranger"), "bob waiting");
            alice.press(KeyType.F2);
            alice.await(text -> text.contains("You are now chatting with"), "alice paired");
            bob.await(text -> text.contains("You are now chatting with"), "bob paired");

            alice.type("hello 😀 你好");
            bob.await(text -> text.contains("is typing…"), "the typing indicator");
            alice.press(KeyType.Enter);
            bob.await(text -> text.contains("> hello 😀 你好"), "alice's message at bob");
            alice.await(text -> text.contains("hello 😀 你好 ✓✓"), "alice's message delivered");

            bob.type("/leave");
            bob.press(KeyType.Enter);
            alice.await(text -> text.contains("left the chat. Press F2 to meet someone new."), "bob left");
        }
    }

    @Test
    void directMessagesAndRoomsShowInTheListWithUnreadCounts() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.IDLE);
                RunningApp bob = app(server, "bob", ChatApp.Start.IDLE)) {
            for (RunningApp app : List.of(alice, bob)) {
                app.await(text -> text.contains("● online"), "online");
            }
            alice.type("/register alice secret-password");
            alice.press(KeyType.Enter);
            bob.type("/register bob secret-password");
            bob.press(KeyType.Enter);
            alice.await(text -> text.contains("· alice"), "alice logged in");
            bob.await(text -> text.contains("· bob"), "bob logged in");

            alice.type("/msg bob hi bob 你好");
            alice.press(KeyType.Enter);
            alice.await(text -> text.contains("> @bob") && text.contains("<alice> hi bob 你好 ✓"), "the direct chat");
            bob.await(text -> text.contains("@alice (1)"), "an unread count at bob");
            bob.press(KeyType.F6);
            bob.await(text -> text.contains("> @alice") && text.contains("<alice> hi bob 你好"), "the message");

            bob.type("/join #rust");
            bob.press(KeyType.Enter);
            bob.await(text -> text.contains("> #rust") && text.contains("You joined #rust"), "the room");
            alice.type("/join #rust");
            alice.press(KeyType.Enter);
            alice.await(text -> text.contains("You joined #rust") && text.contains("(2 people)"), "alice in the room");
            alice.type("ownership matters");
            alice.press(KeyType.Enter);
            bob.await(text -> text.contains("<alice> ownership matters"), "a room message");
        }
    }

    @Test
    void scrollingBackLoadsOlderHistory() throws Exception {
        try (ChatServer server = TestServers.start(tempDir, config -> config.flood(10_000, 10_000))) {
            try (ChatClient bob = client(server); ChatClient alice = client(server)) {
                bob.call(new ClientFrame.Register(null, "bob", "bob password"), ServerFrame.LoggedIn.class, WAIT);
                alice.call(new ClientFrame.Register(null, "alice", "alice password"), ServerFrame.LoggedIn.class,
                        WAIT);
                for (int i = 1; i <= 80; i++) {
                    alice.call(new ClientFrame.Say(null, "@bob", "number " + i), ServerFrame.Ok.class, WAIT);
                }
            }
            try (RunningApp bob = app(server, "bob", ChatApp.Start.IDLE)) {
                bob.await(text -> text.contains("● online"), "online");
                bob.type("/login bob bob password");
                bob.press(KeyType.Enter);
                bob.await(text -> text.contains("@alice (80)"), "80 unread");
                bob.press(KeyType.F6);
                bob.await(text -> text.contains("<alice> number 80"), "the newest message");
                for (int i = 0; i < 12 && !bob.screen.text().contains("<alice> number 1\n"); i++) {
                    bob.press(KeyType.PageUp);
                    bob.await(text -> text.contains("more"), "the scroll marker");
                }
                bob.await(text -> text.contains("<alice> number 1\n"), "the oldest message after scrolling back");
            }
        }
    }

    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(10);

    private static ChatClient client(ChatServer server) throws java.io.IOException {
        return ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT,
                ChatClient.Listener.IGNORE);
    }

    @Test
    void aPictureIsSentShownSavedAndPreviewed() throws Exception {
        Path aliceFolder = java.nio.file.Files.createDirectories(tempDir.resolve("alice-files"));
        Path bobFolder = java.nio.file.Files.createDirectories(tempDir.resolve("bob-files"));
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(120, 80,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 120; x++) {
            for (int y = 0; y < 80; y++) {
                image.setRGB(x, y, x * 2 << 16 | y * 3);
            }
        }
        javax.imageio.ImageIO.write(image, "png", aliceFolder.resolve("sunset.png").toFile());
        byte[] original = java.nio.file.Files.readAllBytes(aliceFolder.resolve("sunset.png"));
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = app(server, "alice", ChatApp.Start.RANDOM, aliceFolder);
                RunningApp bob = app(server, "bob", ChatApp.Start.RANDOM, bobFolder)) {
            alice.await(text -> text.contains("You are now chatting with"), "alice paired");
            bob.await(text -> text.contains("You are now chatting with"), "bob paired");
            alice.type("/send sunset.png");
            alice.press(KeyType.Enter);
            alice.await(text -> text.contains("📎 sunset.png") && text.contains("✓✓"), "the upload delivered");
            String shown = bob.await(text -> text.contains("📎 sunset.png") && text.contains("120x80")
                    && text.contains("▀▀▀▀"), "the picture at bob");
            java.util.regex.Matcher fileId = java.util.regex.Pattern.compile("f[0-9a-f]{16}").matcher(shown);
            assertThat(fileId.find()).isTrue();
            String id = fileId.group();

            bob.type("/save " + id);
            bob.press(KeyType.Enter);
            bob.await(text -> text.contains("Saved sunset.png"), "the file saved");
            assertThat(bobFolder.resolve("sunset.png")).hasBinaryContent(original);
            bob.type("/save " + id);
            bob.press(KeyType.Enter);
            bob.await(text -> text.contains("sunset (1).png"), "a second copy beside the first");

            bob.press(KeyType.F4);
            bob.await(text -> text.contains("Esc or F4 closes the preview"), "the large preview");
            bob.press(KeyType.Escape);
            bob.await(text -> !text.contains("Esc or F4 closes the preview"), "the preview closed");
        }
    }

    @Test
    void registeringFromTheStartPanelLogsInAndAnErrorIsReadable() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp app = app(server, "carol", ChatApp.Start.WELCOME)) {
            app.await(text -> text.contains("R  register a new account"), "the start panel");
            app.type("r");
            app.await(text -> text.contains("> /register"), "the register command prepared");
            app.type("carol secret-password");
            app.await(text -> text.contains("> /register carol ***************"), "the password masked");
            app.press(KeyType.Enter);
            app.await(t -> t.contains("Logged in as carol.") && t.contains("Your recovery codes")
                    && t.contains("· carol"), "logged in, with the recovery codes shown");
            app.type("hello nobody");
            app.press(KeyType.Enter);
            app.await(t -> t.contains("! You are not in a chat. Press F2 to meet a stranger."), "a readable error");
            app.type("/next 99");
            app.press(KeyType.Enter);
            app.await(t -> t.contains("! Usage: /next [N]"), "the usage");
        }
    }

    @Test
    void aLostConnectionIsSaidAndRetriedAndTheLoginResumed() throws Exception {
        ChatServer server = TestServers.start(tempDir);
        int port = server.port();
        try (RunningApp app = app(server, "dave", ChatApp.Start.IDLE)) {
            app.await(text -> text.contains("● online"), "online");
            app.type("/register dave secret-password");
            app.press(KeyType.Enter);
            app.await(text -> text.contains("· dave"), "logged in");
            server.close();
            app.await(text -> text.contains("reconnecting (retrying in"), "reconnecting");
            server = chat.server.ChatServer.start(chat.server.ServerConfig.builder(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port),
                    tempDir.resolve("chat.db")).bcryptCost(4).build());
            app.await(t -> t.contains("● online · dave") && t.contains("Reconnected"), "back online as dave");
        } finally {
            server.close();
        }
    }
}
