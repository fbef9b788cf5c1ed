package chat.server.chat;

import chat.core.wire.TypingState;
import java.util.concurrent.TimeUnit;

/** The typing-indicator rule for direct chats and rooms: {@code active} at most once per interval, others always. */
final class Typing {

    private Typing() {
    }

    /** Whether an indicator from {@code chatter} in {@code conv} goes out now; records it if so. */
    static boolean due(Chatter chatter, String conv, TypingState state) {
        long now = System.nanoTime();
        if (state != TypingState.ACTIVE) {
            chatter.typingForwardedReset(conv);
            return true;
        }
        Long last = chatter.typingForwarded(conv);
        if (last != null && now - last < TimeUnit.MILLISECONDS.toNanos(TypingState.REPEAT_INTERVAL_MILLIS)) {
            return false;
        }
        chatter.typingForwarded(conv, now);
        return true;
    }
}
