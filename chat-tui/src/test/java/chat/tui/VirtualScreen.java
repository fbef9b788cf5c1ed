package chat.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A Lanterna screen on a virtual terminal, read back as text: a wide character counts once. */
public final class VirtualScreen {

    private final DefaultVirtualTerminal terminal;
    private final TerminalScreen screen;

    public VirtualScreen(int columns, int rows) {
        try {
            terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DefaultVirtualTerminal terminal() {
        return terminal;
    }

    public TerminalScreen screen() {
        return screen;
    }

    /** The terminal's rows as text, trailing spaces removed. */
    public List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new ArrayList<>(size.getRows());
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < size.getColumns(); column++) {
                TextCharacter character = terminal.getBufferCharacter(column, row);
                line.append(character.getCharacterString());
                if (character.isDoubleWidth()) {
                    column++;
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** The whole screen as one string, rows joined by newlines. */
    public String text() {
        return String.join("\n", lines());
    }
}
