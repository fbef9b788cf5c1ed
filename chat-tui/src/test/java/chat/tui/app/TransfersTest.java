package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.tui.TestServers;
import chat.tui.config.ClientConfig;
import chat.tui.model.ChatState;
import chat.tui.net.HostPort;
import chat.tui.view.ColorMode;
import com.googlecode.lanterna.input.KeyType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files from one screen to another through a real server: what the sender and the receiver see and keep. */
class TransfersTest {

    @TempDir
    Path tempDir;

    /** A person with a home folder, a folder they started in, and a download folder not made yet. */
    private RunningApp person(ChatServer server, String name, ChatApp.Start start) throws IOException {
        Path home = Files.createDirectories(tempDir.resolve(name));
        Path current = Files.createDirectories(home.resolve("work"));
        Path downloads = home.resolve("Downloads"); // made by the first /save
        return new RunningApp(new ChatApp.Options(HostPort.parse(TestServers.address(server)),
                new ClientConfig(home.resolve(".config")), ChatState.Bell.OFF, start, null, ColorMode.TRUE_COLOR,
                current, home, downloads), 130, 24);
    }

    private static byte[] picture(Path file) throws IOException {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 120; x++) {
            for (int y = 0; y < 80; y++) {
                image.setRGB(x, y, x * 2 << 16 | y * 3);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return Files.readAllBytes(file);
    }

    @Test
    void theSenderSeesThePictureItsSizeAndIdAndTheReceiverSavesItToTheDownloads() throws Exception {
        byte[] original = picture(tempDir.resolve("alice/pictures/sunset.png"));
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = person(server, "alice", ChatApp.Start.IDLE);
                RunningApp bob = person(server, "bob", ChatApp.Start.IDLE)) {
            for (RunningApp app : new RunningApp[] {alice, bob}) {
                app.awaitText("● online");
                app.enter("/join #pics");
                app.awaitText("You joined #pics");
            }
            alice.enter("/send ~/pictures/sunset.png");
            String sent = alice.await(text -> text.contains("📎 sunset.png (") && text.contains("120x80")
                    && text.contains("▀▀▀▀") && text.contains("/save f"), "alice's own picture with its id");
            Matcher id = Pattern.compile("/save (f[0-9a-f]{16})").matcher(sent);
            assertThat(id.find()).isTrue();
            assertThat(sent.split("📎 sunset.png", -1)).as("the picture once on the sender's screen").hasSize(2);
            bob.awaitText("/save " + id.group(1));

            alice.press(KeyType.F4);
            alice.awaitText("Esc or F4 closes the preview");
            alice.press(KeyType.Escape);

            bob.enter("/save " + id.group(1));
            bob.awaitText("Saved sunset.png");
            assertThat(tempDir.resolve("bob/Downloads/sunset.png")).hasBinaryContent(original);
            bob.enter("/save " + id.group(1) + " ~/copy.png");
            bob.awaitText("copy.png.");
            assertThat(tempDir.resolve("bob/copy.png")).hasBinaryContent(original);
            try (var left = Files.list(tempDir.resolve("bob/Downloads"))) {
                assertThat(left.map(path -> path.getFileName().toString())).containsExactly("sunset.png");
            }
        }
    }

    @Test
    void withAStrangerTheSenderPreviewsItsOwnPicture() throws Exception {
        picture(tempDir.resolve("alice/work/cat.png"));
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = person(server, "alice", ChatApp.Start.RANDOM);
                RunningApp bob = person(server, "bob", ChatApp.Start.RANDOM)) {
            alice.awaitText("You are now chatting with");
            alice.enter("/send cat.png");
            alice.await(text -> text.contains("📎 cat.png (") && text.contains("120x80") && text.contains("✓✓")
                    && text.contains("▀▀▀▀"), "the picture at alice");
            bob.awaitText("120x80");
            alice.press(KeyType.F4);
            alice.awaitText("Esc or F4 closes the preview");
        }
    }

    @Test
    void pathsAreCompletedExpandedAndAMissingFileSaysSo() throws Exception {
        Files.createDirectories(tempDir.resolve("alice/work/notes"));
        Files.writeString(tempDir.resolve("alice/work/sunrise.txt"), "early");
        Files.writeString(tempDir.resolve("alice/work/sunset.txt"), "late");
        try (ChatServer server = TestServers.start(tempDir);
                RunningApp alice = person(server, "alice", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/join #files");
            alice.awaitText("You joined #files");
            alice.type("/send su");
            alice.press(KeyType.Tab);
            alice.await(text -> text.contains("> /send sun\n") && text.contains("sunrise.txt  sunset.txt"),
                    "the shared part completed and the choices listed");
            alice.type("r");
            alice.press(KeyType.Tab);
            alice.awaitText("> /send sunrise.txt");
            alice.press('u', true);
            alice.type("/send no");
            alice.press(KeyType.Tab);
            alice.awaitText("> /send notes/");
            alice.press('u', true);

            alice.enter("/send nothere.png");
            alice.awaitText("! No such file: nothere.png.");
            assertThat(alice.screen.text()).doesNotContain(tempDir.toString());
            alice.enter("/send ~");
            alice.awaitText("! ~ is a folder; /send takes a file.");
            alice.enter("/send ~/work/sunset.txt");
            alice.await(text -> text.contains("📎 sunset.txt (4 B)") && text.contains("✓"), "the file sent");
        }
    }

    @Test
    void aRefusedUploadSaysTheSizeAndACancelledOneStops() throws Exception {
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(bytes);
        Files.createDirectories(tempDir.resolve("alice/work"));
        Files.write(tempDir.resolve("alice/work/big.bin"), bytes);
        try (ChatServer server = TestServers.start(tempDir, config -> config.files(1024 * 1024, 100L << 20, 4,
                600_000, 40_000_000));
                RunningApp alice = person(server, "alice", ChatApp.Start.IDLE)) {
            alice.awaitText("● online");
            alice.enter("/join #files");
            alice.awaitText("You joined #files");
            alice.enter("/send big.bin");
            alice.await(text -> text.contains("! Sending big.bin (2.0 MB) failed: ") && text.contains("✗ not sent"),
                    "the refusal with the file's size");

            alice.enter("/send big.bin");
            alice.enter("/cancel");
            alice.awaitText("Stopped sending big.bin");
            alice.enter("/cancel");
            alice.awaitText("Nothing is being sent or fetched.");
        }
    }
}
