package chat.tui.cli;

import chat.tui.TuiMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: its output streams, the environment from the {@code chat-tui} command, and one
 * place that turns a failure into a line on stderr and exit status 1.
 */
abstract class ClientCommand implements Callable<Integer> {

    @ParentCommand
    TuiMain parent;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(parent.environment(), out, err);
        } catch (CommandFailure e) {
            err.println("chat-tui: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("chat-tui: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    abstract int run(ClientEnvironment environment, PrintWriter out, PrintWriter err)
            throws CommandFailure, IOException;
}
