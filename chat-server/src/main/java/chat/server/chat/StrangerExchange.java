package chat.server.chat;

import chat.core.wire.ServerFrame;
import java.util.List;
import java.util.Set;

/**
 * Where a node of a cluster meets the strangers of the other nodes: one pairing queue for the whole cluster, and the
 * frames of random chats whose members sit on different nodes. {@link RandomChat} talks to it when there is one;
 * alone, a server has none and pairs in memory ({@link PairingQueue}), as it always did. Everything answers on the
 * event loop; nothing here waits for the network.
 *
 * <p>Strangers are known across nodes by a key, {@code node:connection}, unique in the cluster.
 */
public interface StrangerExchange {

    /**
     * One person waiting, as the shared queue sees it: what matching needs (its group size, interests, whether it
     * may meet anyone yet, and everything that keeps it apart from others) and what its partners' nodes need once it
     * is matched (its handle, its account).
     *
     * @param waitId which wait of the connection this is: an answer about an older one is stale
     * @param nameKey the account's name in lower case, or "" for a guest
     * @param blockedKeys strangers (keys) this connection blocked by their handles
     */
    record Waiter(String key, long waitId, int size, Set<String> interests, boolean open, Long accountId,
            String nameKey, String accountName, String handle, Set<Long> blockedAccounts, Set<Long> avoidedAccounts,
            Set<String> blockedNames, Set<String> blockedKeys) {
    }

    /** One member of a group the shared queue formed, in the group's order. */
    record Member(String key, long waitId, String handle, Long accountId, String accountName, Set<String> interests) {

        /** The node that holds the member's connection. */
        public String node() {
            return key.substring(0, key.indexOf(':'));
        }

        /** The member's connection on its node. */
        public long connection() {
            return Long.parseLong(key.substring(key.indexOf(':') + 1));
        }
    }

    /** What arrives from the other nodes, on the loop. */
    interface Listener {

        /** A group formed on another node includes connections of this one. */
        void started(String conv, List<String> sharedInterests, List<Member> roster);

        /** A random chat's frame for this node's connection {@code connection}, from the stranger {@code fromKey}. */
        void frame(long connection, String fromKey, Chatter.Account fromAccount, ServerFrame frame);

        /** The nodes alive at the last heart-beat, this one included; strangers of nodes long missing are gone. */
        void liveNodes(Set<String> nodes);

        /** The queue lost everyone in it (Redis restarted empty): whoever waits on this node must join again. */
        void emptied();
    }

    /** This node's name in keys. */
    String nodeId();

    /**
     * Puts {@code waiter} in the queue (instead of any older wait of the same connection) and matches it if it can.
     * The answer is the group, the waiter included, all out of the queue; or an empty list while it waits.
     */
    void enqueue(Waiter waiter, Reply<List<Member>> answer);

    /**
     * Tries again to match a waiter still in the queue for wait {@code wait}, after something that kept it apart
     * lifted; with {@code open}, it may meet anyone from now on (its interest wait passed). Answers as
     * {@link #enqueue} does; an empty list too when it waits no more.
     */
    void retry(String key, long wait, boolean open, Reply<List<Member>> answer);

    /** What keeps a waiter apart from others changed (it blocked someone) while it waits: the queue follows. */
    void update(Waiter waiter);

    /** Takes the wait {@code wait} of {@code key} out of the queue, if it is still there. */
    void withdraw(String key, long wait);

    /** Keeps two strangers from being matched again for {@code millis}. */
    void keepApart(String a, String b, long millis);

    /** Tells the other nodes holding members of {@code roster} that their chat {@code conv} began. */
    void started(String conv, List<String> sharedInterests, List<Member> roster);

    /** Sends a random chat's frame to the stranger {@code toKey} on its node, from {@code fromKey}. */
    void send(String toKey, String fromKey, Chatter.Account fromAccount, ServerFrame frame);

    /** Sets the one listener. */
    void listen(Listener listener);
}
