package chat.tui.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    @Test
    void theDownloadFolderIsTheDesktopsAndNeverTheFolderTheClientStartedIn() throws IOException {
        Path home = Files.createDirectories(folder.resolve("home"));
        Path current = Files.createDirectories(folder.resolve("work"));
        assertThat(LocalPaths.downloadFolder(Map.of(), home, current)).isEqualTo(home.resolve("Downloads"));
        assertThat(LocalPaths.downloadFolder(Map.of("XDG_DOWNLOAD_DIR", "$HOME/dl"), home, current))
                .isEqualTo(home.resolve("dl"));

        Files.createDirectories(home.resolve(".config"));
        Files.writeString(home.resolve(".config/user-dirs.dirs"),
                "# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\n"
                        + "XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n");
        assertThat(LocalPaths.downloadFolder(Map.of(), home, current)).isEqualTo(home.resolve("Téléchargements"));
        assertThat(LocalPaths.downloadFolder(Map.of("XDG_DOWNLOAD_DIR", "/srv/in"), home, current))
                .isEqualTo(Path.of("/srv/in"));
        Path elsewhere = Files.createDirectories(folder.resolve("xdg"));
        Files.writeString(elsewhere.resolve("user-dirs.dirs"), "XDG_DOWNLOAD_DIR=\"$HOME/\"\n"); // disabled
        assertThat(LocalPaths.downloadFolder(Map.of("XDG_CONFIG_HOME", elsewhere.toString()), home, current))
                .isEqualTo(home.resolve("Downloads"));
    }
}
