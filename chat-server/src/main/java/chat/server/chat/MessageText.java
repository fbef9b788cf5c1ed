package chat.server.chat;

import chat.core.wire.ErrorCode;

/**
 * The rules for the text of a message: not blank, at most a configured number of code points, and no control
 * characters (they would let one user move the cursor or recolour the terminal of another; tab is allowed).
 */
public final class MessageText {

    private MessageText() {
    }

    /**
     * Checks {@code text} and returns it unchanged.
     *
     * @throws ChatException {@link ErrorCode#INVALID_TEXT} or {@link ErrorCode#TEXT_TOO_LONG}
     */
    public static String validate(String text, int maxCodePoints) {
        if (text.isBlank()) {
            throw new ChatException(ErrorCode.INVALID_TEXT, "a message cannot be empty");
        }
        int codePoints = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (isControl(cp)) {
                throw new ChatException(ErrorCode.INVALID_TEXT, String.format(
                        "a message cannot contain control characters (found U+%04X)", cp));
            }
            codePoints++;
            i += Character.charCount(cp);
        }
        if (codePoints > maxCodePoints) {
            throw new ChatException(ErrorCode.TEXT_TOO_LONG, "a message can be at most " + maxCodePoints
                    + " characters long (this one has " + codePoints + ")");
        }
        return text;
    }

    private static boolean isControl(int cp) {
        return cp < 0x20 && cp != '\t' || cp >= 0x7F && cp <= 0x9F;
    }
}
