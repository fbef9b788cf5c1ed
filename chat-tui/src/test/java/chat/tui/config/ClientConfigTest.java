package chat.tui.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the client keeps its login and pinned certificates, as the README says. */
class ClientConfigTest {

    @Test
    void theDirectoryFollowsTheEnvironmentAndTheShellsHome() {
        assertThat(ClientConfig.fromEnvironment(Map.of("HOME", "/home/ann")).directory())
                .isEqualTo(Path.of("/home/ann/.config/chat-tui"));
        assertThat(ClientConfig.fromEnvironment(Map.of("HOME", "/home/ann", "XDG_CONFIG_HOME", "/etc/ann"))
                .directory()).isEqualTo(Path.of("/etc/ann/chat-tui"));
        assertThat(ClientConfig.fromEnvironment(Map.of("HOME", "/home/ann", "CHAT_TUI_HOME", "/tmp/tui"))
                .directory()).isEqualTo(Path.of("/tmp/tui"));
    }
}
