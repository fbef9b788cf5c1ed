package chat.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sniffing, picture checks (bombs, truncation, fakes) and the content-addressed vault, on real files. */
public class FilesTest {

    @TempDir
    Path tempDir;

    private final ImageInspector inspector = new ImageInspector(40_000_000, 16_000_000, 48);

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "gif"})
    void realPicturesAreMeasuredAndThumbnailed(String format) throws Exception {
        Path file = tempDir.resolve("picture-under-a-wrong-name.txt");
        Files.write(file, picture(format, 640, 480));
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), ContentType.HEAD_BYTES);
        assertThat(ContentType.isImage(ContentType.sniff(head, head.length))).isTrue();

        ImageInspector.Picture picture = inspector.inspect(file);
        assertThat(picture.width()).isEqualTo(640);
        assertThat(picture.height()).isEqualTo(480);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(picture.thumbnailPng()));
        assertThat(thumbnail.getWidth()).isEqualTo(48);
        assertThat(thumbnail.getHeight()).isEqualTo(36);
        assertThat(new Color(thumbnail.getRGB(2, 2)).getRed()).isGreaterThan(200); // the red corner survived
    }

    @Test
    void typesComeFromContentNotNames() {
        assertThat(sniff("just some words, 你好\n")).isEqualTo(ContentType.TEXT);
        assertThat(sniff("%PDF-1.7 ...")).isEqualTo(ContentType.PDF);
        assertThat(ContentType.sniff(new byte[] {'P', 'K', 3, 4, 0, 0}, 6)).isEqualTo(ContentType.ZIP);
        assertThat(ContentType.sniff(new byte[] {0x7F, 'E', 'L', 'F', 0, 1}, 6)).isEqualTo(ContentType.BINARY);
        assertThat(ContentType.isImage(ContentType.TEXT)).isFalse();
    }

    @Test
    void aDecompressionBombIsRefusedBeforeDecoding() throws IOException {
        Path bomb = tempDir.resolve("bomb.png");
        Files.write(bomb, pngHeaderClaiming(100_000, 100_000));
        assertThatThrownBy(() -> inspector.inspect(bomb)).isInstanceOf(ImageInspector.BadImage.class)
                .hasMessageContaining("100000x100000");
    }

    @Test
    void truncatedAndFakePicturesAreRefused() throws IOException {
        byte[] png = picture("png", 300, 200);
        Path truncated = tempDir.resolve("truncated.png");
        Files.write(truncated, Arrays.copyOf(png, png.length / 2));
        assertThatThrownBy(() -> inspector.inspect(truncated)).isInstanceOf(ImageInspector.BadImage.class);

        byte[] jpeg = picture("jpg", 300, 200);
        Path truncatedJpeg = tempDir.resolve("truncated.jpg");
        Files.write(truncatedJpeg, Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThatThrownBy(() -> inspector.inspect(truncatedJpeg)).isInstanceOf(ImageInspector.BadImage.class);

        Path fake = tempDir.resolve("fake.png");
        byte[] magicThenGarbage = Arrays.copyOf(png, 64);
        Arrays.fill(magicThenGarbage, 8, 64, (byte) 0x41);
        Files.write(fake, magicThenGarbage);
        assertThatThrownBy(() -> inspector.inspect(fake)).isInstanceOf(ImageInspector.BadImage.class);
    }

    @Test
    void theVaultKeepsContentUnderItsChecksumOnce() throws IOException {
        FileVault vault = new FileVault(tempDir.resolve("files"));
        String sha = "ab" + "0".repeat(62);
        Path first = vault.newTemporary();
        Files.writeString(first, "content");
        Path stored = vault.commit(first, sha);
        assertThat(stored).isEqualTo(tempDir.resolve("files/ab/00/" + sha));
        assertThat(Files.readString(stored)).isEqualTo("content");
        assertThat(first).doesNotExist();

        Path again = vault.newTemporary();
        Files.writeString(again, "content");
        assertThat(vault.commit(again, sha.toUpperCase())).isEqualTo(stored);
        assertThat(again).doesNotExist();

        assertThatThrownBy(() -> vault.blob("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        vault.newTemporary();
        assertThat(vault.clearTemporary()).isEqualTo(1);
    }

    private static String sniff(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ContentType.sniff(bytes, bytes.length);
    }

    public static byte[] picture(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 4 && y < height / 4 ? 0xFF0000 : (x * 255 / width) << 8 | y % 256);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A PNG signature and a valid IHDR chunk claiming the given size, with no pixels after it. */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }
}
