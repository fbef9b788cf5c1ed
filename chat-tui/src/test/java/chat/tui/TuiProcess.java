package chat.tui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * chat-tui run in a JVM of its own, as a shell runs it: a cold start, its own request ids, and its own environment.
 * For what only shows across processes or in a fresh JVM.
 */
public final class TuiProcess {

    /** What the run printed (stdout and stderr together) and its exit status. */
    public record Result(int status, String output) {
    }

    private TuiProcess() {
    }

    /** Runs chat-tui with {@code arguments}, {@code CHAT_TUI_HOME=home} and {@code variables}, feeding {@code stdin}. */
    public static Result run(Path home, Map<String, String> variables, String stdin, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TuiMain.class.getName()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("CHAT_SERVER");
        builder.environment().put("CHAT_TUI_HOME", home.toString());
        builder.environment().putAll(variables);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chat-tui did not end: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
