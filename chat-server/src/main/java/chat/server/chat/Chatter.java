package chat.server.chat;

import chat.core.wire.ServerFrame;

/**
 * One connected participant as the chat domain sees it: a handle and an {@link Outbox}. The random-chat fields are
 * owned by {@link RandomChat} and touched only on the event loop thread.
 */
public final class Chatter {

    private final long id;
    private final String handle;
    private final Outbox outbox;

    /** The random conversation this chatter is in, or null. */
    RandomConversation conversation;
    /** The group size this chatter waits for in the pairing queue, or 0 when not waiting. */
    int queuedForSize;
    /** When the last {@code active} typing indicator from this chatter was passed on (nanoTime), or 0. */
    long lastTypingForwardedNanos;

    public Chatter(long id, String handle, Outbox outbox) {
        this.id = id;
        this.handle = handle;
        this.outbox = outbox;
    }

    /** A number unique among the chatters of this server process. */
    public long id() {
        return id;
    }

    /** The name others see: a guest handle such as {@code guest-4821}. */
    public String handle() {
        return handle;
    }

    /** Sends a frame to this chatter. */
    public void send(ServerFrame frame) {
        outbox.deliver(frame);
    }

    /** The id of the random conversation this chatter is in, or null. */
    public String currentConversationId() {
        return conversation == null ? null : conversation.id();
    }

    /** Whether this chatter waits in the pairing queue. */
    public boolean isQueued() {
        return queuedForSize != 0;
    }

    @Override
    public String toString() {
        return handle + "#" + id;
    }
}
