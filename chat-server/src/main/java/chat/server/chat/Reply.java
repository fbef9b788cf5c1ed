package chat.server.chat;

import chat.core.wire.ErrorCode;
import chat.server.store.Store;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outcome of a request that needed the store or a worker, delivered on the event loop: a result, or the error to
 * answer with.
 */
@FunctionalInterface
public interface Reply<T> {

    /** The retry time an {@code unavailable} answer gives: about how long a database failover takes. */
    long UNAVAILABLE_RETRY_SECONDS = 5;

    void done(T result, ChatException error);

    /** Answers with what {@code error} means for the client: busy when overloaded, internal when unexpected. */
    default void fail(Throwable error) {
        done(null, toChatException(error));
    }

    /**
     * This reply as a store or worker callback: a result is passed on, a failure answered with
     * {@link #toChatException}.
     */
    default BiConsumer<T, Throwable> asCallback() {
        return (result, error) -> {
            if (error != null) {
                fail(error);
            } else {
                done(result, null);
            }
        };
    }

    /** What a failure of the store or the workers means for the client. */
    static ChatException toChatException(Throwable error) {
        if (error instanceof ChatException chat) {
            return chat;
        }
        if (error instanceof chat.server.store.ConversationStore.DuplicateRequestId duplicate) {
            return new ChatException(ErrorCode.DUPLICATE_ID, duplicate.getMessage()
                    + "; nothing was stored (use a new id for a new message)");
        }
        if (error instanceof RejectedExecutionException) {
            return new ChatException(ErrorCode.BUSY, "the server is busy; try again in a moment", 1L);
        }
        if (Store.isUnavailable(error)) {
            Logger.getLogger(Reply.class.getName()).warning(() -> "the database is out of reach: " + error);
            return new ChatException(ErrorCode.UNAVAILABLE, "the server cannot reach its database just now;"
                    + " try again in a few seconds", UNAVAILABLE_RETRY_SECONDS);
        }
        if (Store.isForeignKeyFailure(error)) {
            Logger.getLogger(Reply.class.getName()).info(() -> "a request referred to a row gone meanwhile: "
                    + error.getMessage());
            return new ChatException(ErrorCode.UNKNOWN_USER, "an account this needs no longer exists");
        }
        Logger.getLogger(Reply.class.getName()).log(Level.SEVERE, "a request failed", error);
        return new ChatException(ErrorCode.INTERNAL, "the server failed to do that");
    }
}
