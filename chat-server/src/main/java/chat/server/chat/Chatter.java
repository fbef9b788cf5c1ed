package chat.server.chat;

import chat.core.wire.ServerFrame;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

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
    private final String address;
    private final Outbox outbox;
    private Account account;
    private String sessionTokenHash;
    private long sessionEpoch;

    /** Accounts this chatter's account blocks or is blocked by; loaded at login. */
    private Set<Long> blockedAccounts = new HashSet<>();
    /** Chatters (by id) kept apart from this one for this session: guest blocks, either way. */
    private final Set<Long> blockedChatters = new HashSet<>(2);
    /** Account names (keys) a guest blocks for this session, online or not: its blocks cannot be stored. */
    private Set<String> blockedNames = Set.of();

    /** The rooms this chatter is in, by key; owned by {@link Rooms}. */
    final Set<String> rooms = new HashSet<>(2);
    /** When the last typing indicator in a direct chat or room was passed on (nanoTime), per conversation. */
    final java.util.Map<String, Long> typingForwarded = new java.util.HashMap<>(2);
    private boolean visible = true;
    private boolean away;
    private String awayMessage;

    /** The random conversation this chatter is in, or null. */
    RandomConversation conversation;
    /** The interests this chatter is matched on while waiting; empty for none. */
    Set<String> interests = Set.of();
    /** When this chatter started waiting (nanoTime). */
    long queuedSinceNanos;
    /** The group size this chatter waits for in the pairing queue, or 0 when not waiting. */
    int queuedForSize;
    /** Whether, waiting, it may meet anyone (no interests, or its wait for them has passed); see PairingQueue. */
    boolean open;
    /** When the last {@code active} typing indicator from this chatter was passed on (nanoTime), or 0. */
    long lastTypingForwardedNanos;

    /** @param address the key limits count the connection's address by ({@link chat.server.limits.AddressKey}) */
    public Chatter(long id, String guestHandle, String address, Outbox outbox) {
        this.id = id;
        this.guestHandle = guestHandle;
        this.address = address;
        this.outbox = outbox;
    }

    /** A number unique among the chatters of this server process. */
    public long id() {
        return id;
    }

    /** Where the connection comes from, as limits count it. */
    public String address() {
        return address;
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

    /**
     * Becomes {@code account}, logged in with the session whose token hashes to {@code tokenHash}, checked against
     * the account's session epoch {@code sessionEpoch}.
     */
    public void logIn(Account account, String tokenHash, long sessionEpoch) {
        this.account = account;
        this.sessionTokenHash = tokenHash;
        this.sessionEpoch = sessionEpoch;
    }

    /** The account's session epoch when this chatter's login was checked (or its password last changed here). */
    public long sessionEpoch() {
        return sessionEpoch;
    }

    /** Goes on under a new session epoch: this connection changed the password and kept its login. */
    public void sessionEpoch(long sessionEpoch) {
        this.sessionEpoch = sessionEpoch;
    }

    /** Becomes a guest again. */
    public void logOut() {
        this.account = null;
        this.sessionTokenHash = null;
        this.blockedAccounts = new HashSet<>();
    }

    /** Whether this chatter's account shows in the list of who is online. */
    public boolean visible() {
        return visible;
    }

    public void visible(boolean visible) {
        this.visible = visible;
    }

    public boolean away() {
        return away;
    }

    /** The away message, or null. */
    public String awayMessage() {
        return awayMessage;
    }

    public void away(boolean away, String message) {
        this.away = away;
        this.awayMessage = away ? message : null;
    }

    /** Sets the accounts this chatter's account blocks or is blocked by. */
    public void blockedAccounts(Set<Long> accountIds) {
        this.blockedAccounts = new HashSet<>(accountIds);
    }

    /** Keeps this chatter and {@code other} apart: they block each other, in either direction. */
    public void blockEachOther(Chatter other) {
        blockedChatters.add(other.id);
        other.blockedChatters.add(id);
        if (account != null && other.account != null) {
            blockedAccounts.add(other.account.id());
            other.blockedAccounts.add(account.id());
        }
    }

    /** Lifts what {@link #blockEachOther} set for this session. */
    public void unblockEachOther(Chatter other) {
        blockedChatters.remove(other.id);
        other.blockedChatters.remove(id);
    }

    /** Adds accounts kept apart from this chatter's account. */
    public void blockedAccountsAdd(Set<Long> accountIds) {
        blockedAccounts.addAll(accountIds);
    }

    /** Whether a block, either way, keeps this chatter and the account {@code accountId} apart. */
    public boolean blocksAccount(long accountId) {
        return blockedAccounts.contains(accountId);
    }

    /** Whether a block, either way, keeps this chatter and {@code other} apart. */
    public boolean blocks(Chatter other) {
        if (blocksNobody() && other.blocksNobody()) {
            return false; // the usual case, asked for every member a room message reaches
        }
        return blockedChatters.contains(other.id) || other.blockedChatters.contains(id)
                || other.account != null && blockedAccounts.contains(other.account.id())
                || account != null && other.blockedAccounts.contains(account.id())
                || other.account != null && blockedNames.contains(other.account.name().toLowerCase(Locale.ROOT))
                || account != null && other.blockedNames.contains(account.name().toLowerCase(Locale.ROOT));
    }

    private boolean blocksNobody() {
        return blockedChatters.isEmpty() && blockedAccounts.isEmpty() && blockedNames.isEmpty();
    }

    /** Keeps this guest and the account {@code nameKey} apart for this session, whenever that account is online. */
    public void blockName(String nameKey) {
        if (blockedNames.isEmpty()) {
            blockedNames = new HashSet<>(2);
        }
        blockedNames.add(nameKey);
    }

    /** Lifts what {@link #blockName} set. */
    public void unblockName(String nameKey) {
        if (!blockedNames.isEmpty()) {
            blockedNames.remove(nameKey);
        }
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
