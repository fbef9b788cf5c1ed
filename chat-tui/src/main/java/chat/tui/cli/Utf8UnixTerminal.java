package chat.tui.cli;

import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lanterna's Unix terminal, writing characters outside the Basic Multilingual Plane (emoji) correctly. Lanterna
 * 3.1 encodes a string one {@code char} at a time, which turns each half of a surrogate pair into {@code ?}; this
 * terminal holds a high surrogate back until its low half arrives and writes the pair as one UTF-8 sequence.
 */
final class Utf8UnixTerminal extends UnixTerminal {

    private static final byte[] NOTHING = new byte[0];

    private char pendingHighSurrogate;

    Utf8UnixTerminal(InputStream in, OutputStream out) throws IOException {
        super(in, out, StandardCharsets.UTF_8, CtrlCBehaviour.TRAP);
    }

    @Override
    protected byte[] translateCharacter(char c) {
        if (Character.isHighSurrogate(c)) {
            pendingHighSurrogate = c;
            return NOTHING;
        }
        if (Character.isLowSurrogate(c) && pendingHighSurrogate != 0) {
            String pair = new String(new char[] {pendingHighSurrogate, c});
            pendingHighSurrogate = 0;
            return pair.getBytes(StandardCharsets.UTF_8);
        }
        pendingHighSurrogate = 0;
        return super.translateCharacter(c);
    }
}
