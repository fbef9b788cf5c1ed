package chat.server.chat;

import chat.core.wire.ErrorCode;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per chatter for messages: {@code burst} may go at once (a pasted paragraph), then
 * {@code perSecond} a second. A message over the limit is refused with the wait until the next one goes through;
 * nothing is dropped silently and nobody is banned. Loop thread only.
 */
public final class FloodControl {

    private final double perSecond;
    private final double burst;

    public FloodControl(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /**
     * Takes one token from the chatter's bucket.
     *
     * @throws ChatException {@link ErrorCode#RATE_LIMITED} when the bucket is empty
     */
    public void admit(Chatter chatter) {
        long now = System.nanoTime();
        if (chatter.floodCheckedNanos == 0) {
            chatter.floodTokens = burst;
        } else {
            double refill = (now - chatter.floodCheckedNanos) / 1e9 * perSecond;
            chatter.floodTokens = Math.min(burst, chatter.floodTokens + refill);
        }
        chatter.floodCheckedNanos = now;
        if (chatter.floodTokens < 1) {
            double waitSeconds = (1 - chatter.floodTokens) / perSecond;
            long retryAfter = Math.max(1, (long) Math.ceil(waitSeconds));
            throw new ChatException(ErrorCode.RATE_LIMITED, String.format(java.util.Locale.ROOT,
                    "slow down: you can send again in %.1f s", waitSeconds), retryAfter);
        }
        chatter.floodTokens -= 1;
    }

    /** For the documentation: how long a full bucket lasts at the limit. */
    public long burstMillis() {
        return TimeUnit.SECONDS.toMillis((long) (burst / perSecond));
    }
}
