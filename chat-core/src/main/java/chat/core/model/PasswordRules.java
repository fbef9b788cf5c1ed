package chat.core.model;

import java.nio.charset.StandardCharsets;

/**
 * What a password must be: at least {@value #MIN_LENGTH} characters and at most {@value #MAX_BYTES} bytes of UTF-8
 * (bcrypt reads no further, so a longer one would be silently cut). Checked by the client before sending and by the
 * server before hashing.
 */
public final class PasswordRules {

    /** Fewest characters (code points). */
    public static final int MIN_LENGTH = 8;
    /** Most bytes in UTF-8. */
    public static final int MAX_BYTES = 72;

    private PasswordRules() {
    }

    /** Why {@code password} is not acceptable, in words for the user; null when it is. */
    public static String problemWith(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "a password has at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "a password has at most " + MAX_BYTES + " bytes";
        }
        if (password.isBlank()) {
            return "a password cannot be only spaces";
        }
        return null;
    }
}
