package chat.server.files;

import chat.server.limits.Rate;
import chat.server.limits.RateLimiter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How fast file bytes move between clients and the server, uploads and downloads alike: each owner (an account, or a
 * guest's connection) at most its rate and the whole server at most its own, each with a second's worth at once.
 * Moving bytes is never refused for its pace: they are counted when they have moved, and the request that moved them
 * stays in flight until both buckets have paid them back, so its connection's next line (the next chunk) waits and
 * the client's socket fills instead of the server's disk and CPU. Each connection has one chunk in flight, so the
 * server's debt is at most a chunk per uploader and every uploader waits its share. Loop thread only.
 */
public final class TransferPace {

    private static final String SERVER = "";

    private final RateLimiter<String> owners;
    private final RateLimiter<String> server;

    /**
     * @param perOwnerBytesPerSecond bytes a second one owner may move
     * @param totalBytesPerSecond bytes a second all owners together may move
     */
    public TransferPace(long perOwnerBytesPerSecond, long totalBytesPerSecond, LongSupplier nanoClock) {
        this.owners = new RateLimiter<>(new Rate(perOwnerBytesPerSecond, 1000), nanoClock);
        this.server = new RateLimiter<>(new Rate(totalBytesPerSecond, 1000), nanoClock);
    }

    /** Counts {@code bytes} moved for {@code ownerKey}; returns the milliseconds its next request must wait (0: none). */
    public long moved(String ownerKey, long bytes) {
        owners.take(ownerKey, bytes);
        server.take(SERVER, bytes);
        long waitNanos = Math.max(owners.waitNanos(ownerKey, 0), server.waitNanos(SERVER, 0));
        return waitNanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    }
}
