package chat.tui;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code chat-tui}: the terminal client. The full-screen client and its subcommands are still to come. */
@Command(name = "chat-tui", mixinStandardHelpOptions = true, version = "chat-tui 0.1.0",
        description = "Terminal chat client (work in progress: use nc HOST PORT meanwhile).")
public final class TuiMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new TuiMain()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }
}
