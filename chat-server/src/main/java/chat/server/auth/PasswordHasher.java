package chat.server.auth;

import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt for passwords. Slow on purpose (tens to hundreds of milliseconds), so it runs on the worker pool, never on
 * the event loop.
 */
public final class PasswordHasher {

    /** The cost the server uses unless told otherwise: 2^10 rounds. */
    public static final int DEFAULT_COST = 10;

    private final int cost;

    /** @param cost bcrypt's log2 rounds, 4 to 31; below 10 only for tests */
    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31: " + cost);
        }
        this.cost = cost;
    }

    public String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(cost));
    }

    public boolean matches(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false; // a damaged hash matches nothing
        }
    }
}
