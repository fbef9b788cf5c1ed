package chat.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code chat-server} operator commands in this process, as an operator would in another one: the command finds
 * a running server through its admin socket beside the database, or works on the file.
 */
final class Operator {

    /** What a command printed and its exit status. */
    record Result(int status, String out, String err) {
    }

    private final Path database;

    Operator(Path database) {
        this.database = database;
    }

    /** Runs {@code chat-server COMMAND... --db DATABASE ARGUMENTS...}; the command words come first. */
    Result run(String... words) {
        List<String> arguments = new ArrayList<>();
        int commandWords = words[0].equals("users") || words[0].equals("reports") ? 2 : 1;
        for (int i = 0; i < words.length; i++) {
            if (i == commandWords) {
                arguments.add("--db");
                arguments.add(database.toString());
            }
            arguments.add(words[i]);
        }
        if (words.length == commandWords) {
            arguments.add("--db");
            arguments.add(database.toString());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ServerMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(arguments.toArray(String[]::new));
        return new Result(status, out.toString(), err.toString());
    }
}
