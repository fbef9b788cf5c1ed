package chat.tui.cli;

import chat.tui.TuiMain;
import chat.tui.config.ClientConfig;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs a chat-tui command in-process, as the shell would, with its own environment and captured output. */
final class CommandRunner {

    private CommandRunner() {
    }

    /**
     * Runs {@code arguments} with {@code stdin} as standard input (no console); {@code out} and {@code err} are
     * cleared first and hold what the command printed.
     *
     * @return the exit status
     */
    static int run(Map<String, String> variables, ClientConfig config, StringWriter out, StringWriter err,
            String stdin, String... arguments) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        ClientEnvironment environment = new ClientEnvironment(variables, config, null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        CommandLine commandLine = TuiMain.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(arguments);
    }
}
