package chat.tui.cli;

import picocli.CommandLine.Option;

/** The options of the commands that open the chat screen. */
public final class ScreenOptions {

    @Option(names = "--no-bell", description = "Do not ring the terminal bell for messages elsewhere.")
    boolean noBell;

    @Option(names = "--no-mouse", description = "Leave the mouse to the terminal (no wheel scrolling).")
    boolean noMouse;

    @Option(names = "--colors", paramLabel = "MODE", description = "Pictures in truecolor, 256 colours, or none"
            + " (default: ${DEFAULT-VALUE}: from $COLORTERM and $TERM).")
    String colors = "auto";
}
