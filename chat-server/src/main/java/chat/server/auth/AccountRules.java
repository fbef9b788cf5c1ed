package chat.server.auth;

import chat.core.model.PasswordRules;
import chat.core.model.UserName;
import chat.core.wire.ErrorCode;
import chat.server.chat.ChatException;
import chat.server.store.AccountStore;
import chat.server.store.BanStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What account requests are checked against, and how a refusal is worded: names (free, taken, looking like a taken
 * one, held after a deletion, banned), passwords, and a login or account that changed while a request was checked.
 */
final class AccountRules {

    static final long LOOKS_TAKEN = Long.MAX_VALUE - 1;

    /**
     * 0 when nobody has the name; Long.MAX_VALUE when an account has it; {@link #LOOKS_TAKEN} when an account's name
     * looks the same; else until when it is held.
     */
    static long availability(Connection c, UserName name, long now) throws SQLException {
        if (AccountStore.findByName(c, name.key()) != null) {
            return Long.MAX_VALUE;
        }
        if (AccountStore.nameLookingLike(c, name.skeleton()) != null) {
            return LOOKS_TAKEN;
        }
        return AccountStore.nameHeldUntil(c, name.key(), now);
    }

    /**
     * Refuses a name the operator banned ({@code chat-server ban}). Checked in the store work that would let the name
     * in, so a ban stored before it holds; a login let in before the ban is closed by the ban itself.
     */
    static void refuseBanned(Connection c, String nameKey, long now) throws SQLException {
        BanStore.Ban ban = BanStore.find(c, BanStore.Kind.NAME, nameKey, now);
        if (ban != null) {
            throw new ChatException(ErrorCode.BANNED, ban.toldAs("the name " + nameKey + " is banned"));
        }
    }

    static ChatException nameTaken(UserName name, long heldUntil) {
        if (heldUntil == Long.MAX_VALUE) {
            return new ChatException(ErrorCode.NAME_TAKEN, "the name " + name + " is taken");
        }
        if (heldUntil == LOOKS_TAKEN) {
            return new ChatException(ErrorCode.NAME_TAKEN, "the name " + name + " looks too much like a name that is"
                    + " taken (l, I and 1, O and 0, rn and m and the like count as the same)");
        }
        return new ChatException(ErrorCode.NAME_TAKEN, "the name " + name + " belonged to a deleted account and is"
                + " held until " + chat.core.model.HumanUnits.day(heldUntil));
    }

    static ChatException accountChanged() {
        return new ChatException(ErrorCode.ACCOUNT_CHANGED, "the account's logins were ended (password changed or"
                + " reset, or logged out everywhere) while this was being checked; try again");
    }

    static ChatException sessionEnded() {
        return new ChatException(ErrorCode.SESSION_ENDED, "this login has ended; log in again");
    }

    static UserName parseName(String rawName) {
        String problem = UserName.problemWith(rawName);
        if (problem != null) {
            throw new ChatException(ErrorCode.INVALID_NAME, problem);
        }
        return new UserName(rawName);
    }

    static void checkPassword(String password) {
        String problem = PasswordRules.problemWith(password);
        if (problem != null) {
            throw new ChatException(ErrorCode.INVALID_PASSWORD, problem);
        }
    }

    private AccountRules() {
    }
}
