package chat.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Session tokens and recovery codes: random secrets handed to the user once, of which the server keeps only a
 * SHA-256. Both carry enough entropy (256 and 80 bits) that a fast hash is safe; bcrypt is for passwords, which
 * people choose.
 */
public final class Secrets {

    /** Recovery codes handed out at registration. */
    public static final int RECOVERY_CODE_COUNT = 8;
    private static final String CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i
    private static final int CODE_GROUPS = 4;
    private static final int CODE_GROUP_LENGTH = 4;

    private final SecureRandom random = new SecureRandom();

    /** A new session token: 256 random bits, base64url without padding (43 characters). */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** New recovery codes such as {@code k7m2-x9qp-4hzt-b3nw}. */
    public List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>(RECOVERY_CODE_COUNT);
        for (int i = 0; i < RECOVERY_CODE_COUNT; i++) {
            StringBuilder code = new StringBuilder();
            for (int group = 0; group < CODE_GROUPS; group++) {
                if (group > 0) {
                    code.append('-');
                }
                for (int j = 0; j < CODE_GROUP_LENGTH; j++) {
                    code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
                }
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The hash under which a token is stored. */
    public static String tokenHash(String token) {
        return sha256(token);
    }

    /** The hash under which a recovery code is stored; ignores case, spaces and dashes as typed. */
    public static String recoveryCodeHash(String code) {
        return sha256(code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT));
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
