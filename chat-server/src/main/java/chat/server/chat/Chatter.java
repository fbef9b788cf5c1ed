package chat.server.chat;

import chat.core.wire.ServerFrame;

/**
 * One connected participant as the chat domain sees it: who it is and an {@link Outbox} to reach it. A chatter
 * starts as a guest with a handle such as {@code guest-4821}; after logging in it speaks as its account name. In
 * random chats it stays anonymous: strangers see its guest handle ({@link #strangerHandle()}), never the account.
 * The random-chat fields are owned by {@link RandomChat}. Loop thread only.
 */
public final class Chatter {

    /** The account a chatter is logged in as. */
    public record Account(long id, String name) {
    }

    private final long id;
    private final String guestHandle;
    private final Outbox outbox;
    private Account account;
    private String sessionTokenHash;

    /** The random conversation this chatter is in, or null. */
    RandomConversation conversation;
    /** The group size this chatter waits for in the pairing queue, or 0 when not waiting. */
    int queuedForSize;
    /** When the last {@code active} typing indicator from this chatter was passed on (nanoTime), or 0. */
    long lastTypingForwardedNanos;

    public Chatter(long id, String guestHandle, Outbox outbox) {
        this.id = id;
        this.guestHandle = guestHandle;
        this.outbox = outbox;
    }

    /** A number unique among the chatters of this server process. */
    public long id() {
        return id;
    }

    /** The name others see outside random chats: the account name when logged in, else the guest handle. */
    public String handle() {
        return account != null ? account.name() : guestHandle;
    }

    /** The name strangers see in random chats: always the guest handle. */
    public String strangerHandle() {
        return guestHandle;
    }

    /** The account, or null for a guest. */
    public Account account() {
        return account;
    }

    public boolean isLoggedIn() {
        return account != null;
    }

    /** The stored hash of the token of this chatter's login, or null. */
    public String sessionTokenHash() {
        return sessionTokenHash;
    }

    /** Becomes {@code account}, logged in with the session whose token hashes to {@code tokenHash}. */
    public void logIn(Account account, String tokenHash) {
        this.account = account;
        this.sessionTokenHash = tokenHash;
    }

    /** Becomes a guest again. */
    public void logOut() {
        this.account = null;
        this.sessionTokenHash = null;
    }

    /** Sends a frame to this chatter. */
    public void send(ServerFrame frame) {
        outbox.deliver(frame);
    }

    /** Says goodbye and closes this chatter's connection. */
    public void disconnect(String reason, String message) {
        outbox.disconnect(new ServerFrame.Bye(reason, message));
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
        return handle() + "#" + id;
    }
}
