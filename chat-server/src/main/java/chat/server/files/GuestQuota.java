package chat.server.files;

import chat.core.wire.ErrorCode;
import chat.server.chat.ChatException;
import chat.server.limits.Rate;
import chat.server.limits.RateLimiter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What guests may put on the disk: an account's files count against its stored quota, but a guest has none, so
 * its uploads are counted here: per connection (everything it shares while connected) and per address (a day's
 * worth, so reconnecting does not start afresh). Bytes are reserved when an upload starts, by its announced size,
 * and given back if the file is not shared in the end. Loop thread only.
 */
final class GuestQuota {

    private final long perConnection;
    private final RateLimiter<String> perAddress;
    private final Map<String, Long> usedByConnection = new HashMap<>();

    GuestQuota(long perConnection, long perAddressPerDay, LongSupplier nanoClock) {
        this.perConnection = perConnection;
        this.perAddress = new RateLimiter<>(new Rate(perAddressPerDay, TimeUnit.DAYS.toMillis(1)), nanoClock);
    }

    /**
     * Reserves {@code bytes} for a guest connection's upload.
     *
     * @throws ChatException {@link ErrorCode#QUOTA_EXCEEDED} when the connection or its address would pass its quota
     */
    void reserve(String connection, String address, long bytes) {
        long used = usedByConnection.getOrDefault(connection, 0L);
        if (used + bytes > perConnection) {
            throw new ChatException(ErrorCode.QUOTA_EXCEEDED, "guests may share " + perConnection + " bytes of files"
                    + " a connection (" + used + " used); register to have a quota of your own");
        }
        long wait = perAddress.waitNanos(address, bytes);
        if (wait != 0) {
            Long retryAfter = wait < 0 ? null : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
            throw new ChatException(ErrorCode.QUOTA_EXCEEDED, "guests from your address have shared "
                    + "as many bytes as a day allows; register to have a quota of your own", retryAfter);
        }
        perAddress.take(address, bytes);
        usedByConnection.put(connection, used + bytes);
    }

    /** Gives back a reservation whose file was not shared. */
    void release(String connection, String address, long bytes) {
        perAddress.refund(address, bytes);
        usedByConnection.computeIfPresent(connection, (key, used) -> used > bytes ? used - bytes : null);
    }

    /** Forgets a connection that closed (its address keeps its count for the day). */
    void forget(String connection) {
        usedByConnection.remove(connection);
    }
}
