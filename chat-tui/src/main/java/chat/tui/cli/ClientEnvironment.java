package chat.tui.cli;

import chat.tui.config.ClientConfig;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the commands take from the world around them: environment variables, the config directory, and a way to
 * ask the user for a line or a secret. Tests build their own.
 */
public final class ClientEnvironment {

    private final Map<String, String> variables;
    private final ClientConfig config;
    private final Console console;
    private final BufferedReader stdin;

    public ClientEnvironment(Map<String, String> variables, ClientConfig config, Console console, InputStream in) {
        this.variables = Map.copyOf(variables);
        this.config = config;
        this.console = console;
        this.stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The real environment: System.getenv, the user's config directory, the console or standard input. */
    public static ClientEnvironment system() {
        return new ClientEnvironment(System.getenv(), ClientConfig.fromEnvironment(System.getenv()),
                System.console(), System.in);
    }

    public String variable(String name) {
        return variables.get(name);
    }

    /** Every environment variable. */
    public Map<String, String> variables() {
        return variables;
    }

    public ClientConfig config() {
        return config;
    }

    /** Whether a person sits at a terminal (the TUI needs one). */
    public boolean interactive() {
        return console != null;
    }

    /**
     * Asks for a secret without echo on a terminal; without one (a script), reads a line of standard input.
     *
     * @throws IOException when the input ends first
     */
    public String secret(String prompt, PrintWriter err) throws IOException {
        if (console != null) {
            char[] answer = console.readPassword("%s", prompt);
            if (answer == null) {
                throw new IOException("no answer");
            }
            return new String(answer);
        }
        return line(prompt, err);
    }

    /** Asks for a line. */
    public String line(String prompt, PrintWriter err) throws IOException {
        if (console != null) {
            String answer = console.readLine("%s", prompt);
            if (answer == null) {
                throw new IOException("no answer");
            }
            return answer;
        }
        err.print(prompt);
        err.flush();
        String answer = stdin.readLine();
        if (answer == null) {
            throw new IOException("no answer on standard input");
        }
        return answer;
    }
}
