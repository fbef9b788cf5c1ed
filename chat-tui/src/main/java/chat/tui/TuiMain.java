package chat.tui;

import chat.tui.cli.ChatCommand;
import chat.tui.cli.ClientEnvironment;
import chat.tui.cli.ConnectCommand;
import chat.tui.cli.DeleteAccountCommand;
import chat.tui.cli.LoginCommand;
import chat.tui.cli.LogoutCommand;
import chat.tui.cli.PasswdCommand;
import chat.tui.cli.RegisterCommand;
import chat.tui.cli.ResetPasswordCommand;
import chat.tui.cli.SendCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code chat-tui}: the terminal client. Without a subcommand it shows its usage. */
@Command(name = "chat-tui", mixinStandardHelpOptions = true, versionProvider = TuiMain.Version.class,
        description = "Terminal chat client: random strangers, accounts, and more, over raw TCP.",
        subcommands = {ConnectCommand.class, ChatCommand.class, RegisterCommand.class, LoginCommand.class,
                LogoutCommand.class, PasswdCommand.class, ResetPasswordCommand.class, DeleteAccountCommand.class,
                SendCommand.class, AutoComplete.GenerateCompletion.class})
public final class TuiMain implements Callable<Integer> {

    private final ClientEnvironment environment;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public TuiMain(ClientEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(ClientEnvironment.system()).execute(args));
    }

    /** The command line for {@code environment}, ready to execute. */
    public static CommandLine commandLine(ClientEnvironment environment) {
        CommandLine commandLine = new CommandLine(new TuiMain(environment));
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        Version version = new Version();
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            subcommand.getCommandSpec().versionProvider(version); // --version on every subcommand, not only here
        }
        commandLine.setParameterExceptionHandler(TuiMain::usageError);
        return commandLine;
    }

    /**
     * A command line that cannot be run: one line that says what is wrong, one that says where help is, status 2.
     * No usage dump: the mistake would scroll out of sight.
     */
    private static int usageError(CommandLine.ParameterException e, String[] arguments) {
        CommandLine failed = e.getCommandLine();
        java.io.PrintWriter err = failed.getErr();
        err.println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("See '" + failed.getCommandSpec().qualifiedName() + " --help'.");
        }
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The environment the subcommands work in. */
    public ClientEnvironment environment() {
        return environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = TuiMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"chat-tui " + properties.getProperty("version", "dev")};
        }
    }
}
