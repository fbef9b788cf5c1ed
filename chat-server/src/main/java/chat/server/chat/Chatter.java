package chat.server.chat;

import chat.core.wire.ServerFrame;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One connected participant as the chat domain sees it: who it is and an {@link Outbox} to reach it. A chatter
 * starts as a guest with a handle such as {@code guest-4821}; after logging in it speaks as its account name. In
 * random chats strangers see its {@link #strangerHandle()}: a logged-in chatter's account name, unless the account
 * chose to stay anonymous ({@link #anon}) or is hidden; else its {@link #anonymousHandle()}. A guest's anonymous
 * handle is its guest handle; a logged-in chatter's is a fresh one given at login and shown nowhere but in random
 * chats, so nothing seen elsewhere (a room's members as a guest, say) ties it to the account ({@link GuestHandles}).
 * The random-chat fields are owned by {@link RandomChat}. Loop thread only.
 */
public final class Chatter {

    /** The account a chatter is logged in as. */
    public record Account(long id, String name) {
    }

    private final long id;
    private final String guestHandle;
    private String anonymousHandle;
    private boolean anon;
    private final String address;
    private final Outbox outbox;
    private Account account;
    private String sessionTokenHash;
    private long sessionEpoch;

    // Collections a connection may never need start empty and shared, and get one of their own when first written:
    // thousands of idle connections each pay for a few fields, not for a few empty maps.

    /** Accounts this chatter's account blocks by name or is blocked by; loaded at login. */
    private Set<Long> blockedAccounts = Set.of();
    /**
     * Accounts kept apart from this chatter's account in random chats only: blocked through a stranger's handle,
     * either way (the blocker never learned whose account it was). Loaded at login.
     */
    private Set<Long> avoidedAccounts = Set.of();
    /**
     * Connections (chatter ids) this one blocked through a stranger's handle, for as long as this one lives, with the
     * handle each was blocked by.
     */
    private Map<Long, String> blockedChatters = Map.of();
    /** Account names (keys) a guest blocks for this session, online or not: its blocks cannot be stored. */
    private Set<String> blockedNames = Set.of();
    /** Strangers on other nodes (their keys) this one blocked through their handles, with the handle of each. */
    private Map<String, String> blockedElsewhere = Map.of();
    /** For a stranger on another node, as a random chat here sees it: its key there; null for this node's own. */
    private String elsewhere;
    /** The strangers met lately; owned by {@link RandomChat}. */
    final RecentPartners recentPartners = new RecentPartners();

    /** Account names this connection looked up lately, oldest first; owned by {@link NameLookups}; null for none. */
    private java.util.LinkedHashSet<String> namesLookedUp;
    /** When the last typing indicator in a direct chat or room was passed on (nanoTime), per conversation. */
    private Map<String, Long> typingForwarded = Map.of();
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
    /** The {@link #queuedSinceNanos} of the wait for which this chatter was told it waits on a cool-down, or 0. */
    long coolDownToldForNanos;
    /** When the last {@code active} typing indicator from this chatter was passed on (nanoTime), or 0. */
    long lastTypingForwardedNanos;

    /** This connection's own buckets of the limits asked for with every message; null until it first sends one. */
    private chat.server.limits.RateLimiter.Bucket[] limitBuckets;

    /** @param address the key limits count the connection's address by ({@link chat.server.limits.AddressKey}) */
    public Chatter(long id, String guestHandle, String address, Outbox outbox) {
        this.id = id;
        this.guestHandle = guestHandle;
        this.anonymousHandle = guestHandle;
        this.address = address;
        this.outbox = outbox;
    }

    /**
     * A stranger whose connection is on another node of the cluster, as the random chats of this node see it: it
     * has its key there ({@link StrangerExchange}), the handle it was matched with and its account then. Frames for
     * it go over the exchange, never through an outbox.
     */
    static Chatter elsewhere(long id, String key, String handle, Account account) {
        Chatter stranger = new Chatter(id, handle, "", new Outbox() {
            @Override
            public void deliver(ServerFrame frame) {
                throw new IllegalStateException("a stranger on another node is reached through the exchange");
            }

            @Override
            public void disconnect(ServerFrame.Bye bye) {
            }
        });
        stranger.elsewhere = key;
        stranger.account = account;
        stranger.anon = true; // shown as the handle it was matched with, whatever its account
        return stranger;
    }

    /** The key of a stranger on another node, or null for a connection of this node. */
    String elsewhere() {
        return elsewhere;
    }

    /** A stranger on another node logged in or out meanwhile (its frames carry its account). */
    void accountElsewhere(Account account) {
        this.account = account;
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

    /** The handle the connection got as a guest; its name outside random chats while it is one. */
    public String guestHandle() {
        return guestHandle;
    }

    /**
     * The name strangers see in the random chats this chatter starts from now on: the account name when it is logged
     * in, not {@link #anon} and not hidden (a hidden account is shown as online nowhere a stranger can look), else
     * its {@link #anonymousHandle()}.
     */
    public String strangerHandle() {
        return meetsStrangersByName() ? account.name() : anonymousHandle;
    }

    /** Whether strangers meet this chatter as its account name, by the rule of {@link #strangerHandle()}. */
    public boolean meetsStrangersByName() {
        return account != null && !anon && visible;
    }

    /** The handle that tells strangers nothing: what they see for a guest, or for an anonymous account. */
    public String anonymousHandle() {
        return anonymousHandle;
    }

    /** Sets the handle that tells strangers nothing, from now on ({@link GuestHandles} hands them out). */
    void anonymousHandle(String handle) {
        this.anonymousHandle = handle;
    }

    /** Whether the account chose to meet strangers under a handle rather than as its name (false for a guest). */
    public boolean anon() {
        return anon;
    }

    /** Sets the account's choice, as stored; takes effect from the next random chat. */
    public void anon(boolean anon) {
        this.anon = anon;
    }

    /** This connection's bucket for the limit in {@code slot}, or null. */
    chat.server.limits.RateLimiter.Bucket limitBucket(int slot) {
        return limitBuckets == null ? null : limitBuckets[slot];
    }

    void limitBucket(int slot, chat.server.limits.RateLimiter.Bucket bucket) {
        if (limitBuckets == null) {
            limitBuckets = new chat.server.limits.RateLimiter.Bucket[RateLimits.CONNECTION_SLOTS];
        }
        limitBuckets[slot] = bucket;
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
        this.anon = false;
        this.sessionTokenHash = null;
        this.blockedAccounts = Set.of();
        this.avoidedAccounts = Set.of();
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

    /** Sets the accounts this chatter's account blocks by name or is blocked by. */
    public void blockedAccounts(Set<Long> accountIds) {
        this.blockedAccounts = accountIds.isEmpty() ? Set.of() : new HashSet<>(accountIds);
    }

    /** Adds accounts this chatter's account blocks by name or is blocked by. */
    public void blockedAccountsAdd(Set<Long> accountIds) {
        if (!(blockedAccounts instanceof HashSet)) {
            blockedAccounts = new HashSet<>(blockedAccounts);
        }
        blockedAccounts.addAll(accountIds);
    }

    /** Whether a block by name, either way, keeps this chatter and the account {@code accountId} apart. */
    public boolean blocksAccount(long accountId) {
        return blockedAccounts.contains(accountId);
    }

    /**
     * Whether a block by name, either way, stands between this chatter and {@code other}: they see nothing of each
     * other in rooms and direct chats, and are never matched. Blocks made through a stranger's handle are not
     * among them ({@link #keptApartFrom}).
     */
    public boolean blocks(Chatter other) {
        if (blocksNobody() && other.blocksNobody()) {
            return false; // the usual case, asked for every member a room message reaches
        }
        return other.account != null && blockedAccounts.contains(other.account.id())
                || account != null && other.blockedAccounts.contains(account.id())
                || other.account != null && blockedNames.contains(other.account.name().toLowerCase(Locale.ROOT))
                || account != null && other.blockedNames.contains(account.name().toLowerCase(Locale.ROOT));
    }

    /**
     * {@link #blocks} for a sender on another node, known by its account id (null: a guest) and the lower-case name
     * it shows; the sender's own blocks by name travel with it ({@code senderBlockedNames}).
     */
    public boolean blocksRemote(Long senderAccountId, String senderNameKey, java.util.Collection<String> senderBlockedNames) {
        return senderAccountId != null && blockedAccounts.contains(senderAccountId)
                || senderAccountId != null && blockedNames.contains(senderNameKey)
                || account != null && senderBlockedNames.contains(account.name().toLowerCase(Locale.ROOT));
    }

    /** The names this chatter blocks by name (a guest's blocks), lower case. */
    public java.util.Set<String> blockedNames() {
        return java.util.Collections.unmodifiableSet(blockedNames);
    }

    private boolean blocksNobody() {
        return blockedAccounts.isEmpty() && blockedNames.isEmpty();
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

    /** Sets the accounts kept apart from this chatter's account in random chats (stranger blocks, either way). */
    public void avoidedAccounts(Set<Long> accountIds) {
        this.avoidedAccounts = accountIds.isEmpty() ? Set.of() : new HashSet<>(accountIds);
    }

    /** Adds an account kept apart from this chatter's account in random chats. */
    void avoidedAccountsAdd(long accountId) {
        if (!(avoidedAccounts instanceof HashSet)) {
            avoidedAccounts = new HashSet<>(avoidedAccounts);
        }
        avoidedAccounts.add(accountId);
    }

    /**
     * Keeps the connection {@code chatterId}, seen as {@code handle}, apart from this one in random chats; a stranger
     * on another node is known by its key {@code elsewhereKey} (null for this node's own).
     */
    void blockChatter(long chatterId, String elsewhereKey, String handle) {
        if (elsewhereKey != null) {
            if (!(blockedElsewhere instanceof HashMap)) {
                blockedElsewhere = new HashMap<>(2);
            }
            blockedElsewhere.put(elsewhereKey, handle);
            return;
        }
        if (!(blockedChatters instanceof HashMap)) {
            blockedChatters = new HashMap<>(2);
        }
        blockedChatters.put(chatterId, handle);
    }

    /** Lifts what {@link #blockChatter} set for connections blocked by {@code handle}. */
    void unblockChatters(String handle) {
        if (!blockedChatters.isEmpty()) {
            blockedChatters.values().removeIf(handle::equalsIgnoreCase);
        }
        if (!blockedElsewhere.isEmpty()) {
            blockedElsewhere.values().removeIf(handle::equalsIgnoreCase);
        }
    }

    /** What keeps this chatter apart from others, for the cluster's queue; {@code node} names this node in keys. */
    StrangerExchange.Waiter asWaiter(String node, String handle) {
        Set<String> keys = new HashSet<>(blockedElsewhere.keySet());
        for (long chatterId : blockedChatters.keySet()) {
            keys.add(node + ":" + chatterId);
        }
        return new StrangerExchange.Waiter(node + ":" + id, queuedSinceNanos, queuedForSize, interests, open,
                account == null ? null : account.id(),
                account == null ? "" : account.name().toLowerCase(Locale.ROOT),
                account == null ? "" : account.name(), handle, blockedAccounts, avoidedAccounts, blockedNames, keys);
    }

    /** The names this connection looked up lately, oldest first, made when first asked for; see {@link NameLookups}. */
    java.util.LinkedHashSet<String> namesLookedUp() {
        if (namesLookedUp == null) {
            namesLookedUp = new java.util.LinkedHashSet<>(4);
        }
        return namesLookedUp;
    }

    /** When the last typing indicator per conversation was passed on (nanoTime); see {@link Typing}. */
    Long typingForwarded(String conv) {
        return typingForwarded.get(conv);
    }

    void typingForwarded(String conv, long nanos) {
        if (!(typingForwarded instanceof HashMap)) {
            typingForwarded = new HashMap<>(2);
        }
        typingForwarded.put(conv, nanos);
    }

    void typingForwardedReset(String conv) {
        if (!typingForwarded.isEmpty()) {
            typingForwarded.remove(conv);
        }
    }

    /** Whether any block, either way, keeps the random matcher from putting this chatter and {@code other} together. */
    boolean keptApartFrom(Chatter other) {
        return blocks(other) || blockedChatters.containsKey(other.id) || other.blockedChatters.containsKey(id)
                || other.account != null && avoidedAccounts.contains(other.account.id())
                || account != null && other.avoidedAccounts.contains(account.id());
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

    /** The name the strangers of this chatter's current random chat see for it, or null outside one. */
    public String handleInCurrentChat() {
        return conversation == null ? null : conversation.handleOf(this);
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
