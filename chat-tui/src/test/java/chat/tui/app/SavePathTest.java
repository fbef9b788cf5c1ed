package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving never overwrites a file and never follows the sender's directories. */
class SavePathTest {

    @TempDir
    Path folder;

    @Test
    void directoriesInTheSendersNameAreDroppedAndExistingFilesKept() throws IOException {
        assertThat(SavePath.choose("../../.bashrc", null, folder)).isEqualTo(folder.resolve(".bashrc"));
        assertThat(SavePath.choose("C:\\\\Windows\\\\evil.exe", null, folder)).isEqualTo(folder.resolve("evil.exe"));
        assertThat(SavePath.choose("..", null, folder)).isEqualTo(folder.resolve("download"));

        Files.writeString(folder.resolve("cat.png"), "mine");
        assertThat(SavePath.choose("cat.png", null, folder)).isEqualTo(folder.resolve("cat (1).png"));
        Files.writeString(folder.resolve("cat (1).png"), "mine too");
        assertThat(SavePath.choose("cat.png", null, folder)).isEqualTo(folder.resolve("cat (2).png"));

        Files.createDirectory(folder.resolve("pictures"));
        assertThat(SavePath.choose("dog.png", folder.resolve("pictures"), folder))
                .isEqualTo(folder.resolve("pictures/dog.png"));
        assertThat(SavePath.choose("dog.png", folder.resolve("renamed.png"), folder))
                .isEqualTo(folder.resolve("renamed.png"));
    }
}
