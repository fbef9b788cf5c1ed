package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.model.ChatState;
import chat.tui.net.ChatClient;
import chat.tui.net.HostPort;
import com.googlecode.lanterna.input.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How strangers meet you, on screen: F1 shows the setting, {@code /anon on|off} changes it, the status bar marks an
 * anonymous account, and a change made on another device shows at once. A real server and a real second client.
 */
class AnonSettingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tempDir;

    @Test
    void theSettingIsShownToggledAndFollowsAnotherDevice() throws Exception {
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = new RunningApp(server, tempDir.resolve("alice"), ChatState.Bell.OFF)) {
            alice.awaitText("● online");
            alice.press(KeyType.F1);
            alice.await(text -> text.contains("Your settings") && text.contains("/anon on|off")
                    && text.contains("as a guest, strangers see your guest handle"), "the setting in F1, as a guest");
            alice.press(KeyType.F1);
            alice.enter("/register alice secret-password");
            alice.awaitText("Logged in as alice.");

            BlockingQueue<ServerFrame> strangerSees = new LinkedBlockingQueue<>();
            try (ChatClient stranger = client(server, strangerSees)) {
                stranger.call(new ClientFrame.Next(null, null), ServerFrame.Ok.class, WAIT);
                alice.press(KeyType.F2);
                alice.awaitText("You are now chatting with guest-");
                assertThat(next(strangerSees, ServerFrame.Paired.class).partner()).isEqualTo("alice");
            }

            alice.enter("/anon on");
            alice.await(text -> text.contains("· alice (anon)")
                    && text.contains("strangers see a handle that does not tell who you are"), "anon on");
            alice.press(KeyType.F1);
            alice.awaitText("now on: strangers see a handle, not your account name");
            alice.press(KeyType.F1);

            try (ChatClient phone = client(server, new LinkedBlockingQueue<>())) {
                phone.call(new ClientFrame.Login(null, "alice", "secret-password"), ServerFrame.LoggedIn.class,
                        WAIT);
                phone.call(new ClientFrame.Anon(null, false), ServerFrame.Ok.class, WAIT);
            }
            alice.await(text -> text.replaceAll("\\s+", " ").contains("Changed on another device: from your next"
                    + " random chat, strangers see your account") && !text.contains("(anon)"),
                    "the change from the phone");
            alice.press(KeyType.F1);
            alice.awaitText("now off: strangers see your account name, alice");
        }
    }

    private static ChatClient client(ChatServer server, BlockingQueue<ServerFrame> frames) throws Exception {
        return ChatClient.connect(HostPort.parse(TestServers.address(server)), null, WAIT, new ChatClient.Listener() {
            @Override
            public void frame(ServerFrame frame) {
                frames.add(frame);
            }

            @Override
            public void disconnected(Exception cause) {
            }
        });
    }

    /** The next frame of {@code type} the client received, skipping others; fails after a while. */
    private static <T extends ServerFrame> T next(BlockingQueue<ServerFrame> frames, Class<T> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ServerFrame frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(frame)) {
                return type.cast(frame);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " came");
    }
}
