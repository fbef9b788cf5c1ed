package chat.server.chat;

import chat.core.wire.ErrorCode;
import chat.server.store.AccountStore;
import chat.server.store.Store;

/**
 * Store work done on behalf of a logged-in chatter runs only while its login is live: the check is the first step
 * of the work, in the same transaction, so a login ended by another device or by the operator cannot write (or
 * read) anything more, even in the moment before its connection is closed. A request that finds its login ended
 * fails with {@code session_ended}, never with the database's complaint about a missing account.
 */
public final class LiveLogin {

    private LiveLogin() {
    }

    /** {@code work}, run only if {@code chatter}'s login is still live by then; unchanged for a guest. */
    public static <T> Store.Work<T> guard(Chatter chatter, Store.Work<T> work) {
        if (!chatter.isLoggedIn()) {
            return work;
        }
        long accountId = chatter.account().id();
        String tokenHash = chatter.sessionTokenHash();
        return c -> {
            if (!AccountStore.sessionIsLive(c, accountId, tokenHash, System.currentTimeMillis())) {
                throw new ChatException(ErrorCode.SESSION_ENDED, "your login has ended; log in again");
            }
            return work.run(c);
        };
    }
}
