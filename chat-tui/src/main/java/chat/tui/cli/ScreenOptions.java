package chat.tui.cli;

import chat.tui.model.ChatState;
import picocli.CommandLine.Option;

/** The options of the commands that open the chat screen. */
public final class ScreenOptions {

    @Option(names = "--bell", paramLabel = "WHEN", description = "When the terminal bell rings: off, mentions (a"
            + " message naming you, a direct message or a new stranger out of sight; the default) or all (any"
            + " message out of sight). /bell changes it in the chat screen.")
    String bell = "mentions";

    @Option(names = "--no-bell", hidden = true, description = "Same as --bell off.")
    boolean noBell;

    @Option(names = "--no-mouse", description = "Leave the mouse to the terminal (no wheel scrolling).")
    boolean noMouse;

    @Option(names = "--colors", paramLabel = "MODE", description = "Pictures in truecolor, 256 colours, or none"
            + " (default: ${DEFAULT-VALUE}: from $COLORTERM and $TERM).")
    String colors = "auto";

    /** The bell as asked for. */
    ChatState.Bell bell() throws CommandFailure {
        if (noBell) {
            return ChatState.Bell.OFF;
        }
        try {
            return ChatState.Bell.parse(bell);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--bell takes off, mentions or all, not " + bell);
        }
    }
}
