package chat.server.chat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The strangers one connection met in its last random chats, so that it can block or report them by the handle it
 * saw, during the chat and for a while after. A handle means one of your own partners, never whoever holds it now:
 * walking the handles of everyone online finds nobody. Who a partner was (its account, if any) is kept here for the
 * block and the operator's report, and never shown to the one who met it. Owned by {@link RandomChat}; loop thread
 * only.
 */
final class RecentPartners {

    /** Partners remembered per connection. */
    static final int MAX_PARTNERS = 10;
    /** How long a partner is remembered after the chat with it ended. */
    static final long KEEP_MILLIS = TimeUnit.HOURS.toMillis(1);

    /** One stranger met in a random chat. */
    static final class Partner {
        private final String handle;
        private final long chatterId;
        private final String elsewhere;
        private final String conv;
        private final Transcript transcript;
        /** The partner while the two are still in the chat together; null after. */
        private Chatter live;
        /** The partner's account when the two parted; null for a guest. */
        private Chatter.Account accountWhenParted;
        private long partedAtMillis;
        private boolean kept;

        private Partner(Chatter partner, String handle, RandomConversation conversation) {
            this.live = partner;
            this.handle = handle;
            this.chatterId = partner.id();
            this.elsewhere = partner.elsewhere();
            this.conv = conversation.id();
            this.transcript = conversation.transcript();
        }

        /** The handle the partner had in the chat. */
        String handle() {
            return handle;
        }

        /** The partner's connection (a number unique in this process). */
        long chatterId() {
            return chatterId;
        }

        /** The partner's key on another node of the cluster, or null when it was this node's. */
        String elsewhere() {
            return elsewhere;
        }

        /** The random chat the two were in. */
        String conv() {
            return conv;
        }

        /** The chat's last lines. */
        Transcript transcript() {
            return transcript;
        }

        /** The partner's account now if the two are still together, else when they parted; null for a guest. */
        Chatter.Account account() {
            return live != null ? live.account() : accountWhenParted;
        }

        /** The partner if the two are still in the chat together, else null. */
        Chatter live() {
            return live;
        }

        /** Whether both kept the chat: they know each other's account names. */
        boolean kept() {
            return kept;
        }

        private boolean expired(long now) {
            return live == null && now - partedAtMillis > KEEP_MILLIS;
        }
    }

    /** Oldest first. */
    private final LinkedList<Partner> partners = new LinkedList<>();

    /** Remembers {@code partner}, met now in {@code conversation} under {@code handle}. */
    void met(Chatter partner, String handle, RandomConversation conversation, long now) {
        forgetExpired(now);
        partners.addLast(new Partner(partner, handle, conversation));
        Iterator<Partner> oldest = partners.iterator();
        while (partners.size() > MAX_PARTNERS && oldest.hasNext()) {
            if (oldest.next().live == null) {
                oldest.remove();
            }
        }
    }

    /** Notes that the chat with {@code partner} ended (one left, or it was kept); {@code kept} when both kept it. */
    void parted(Chatter partner, boolean kept, long now) {
        for (Partner known : partners) {
            if (known.live == partner) {
                known.accountWhenParted = partner.account();
                known.live = null;
                known.partedAtMillis = now;
                known.kept = kept;
            }
        }
    }

    /** The latest partner who had {@code handle}, or null. */
    Partner byHandle(String handle, long now) {
        forgetExpired(now);
        for (Iterator<Partner> newest = partners.descendingIterator(); newest.hasNext();) {
            Partner partner = newest.next();
            if (partner.handle.equalsIgnoreCase(handle)) {
                return partner;
            }
        }
        return null;
    }

    /** Every partner met in random chat {@code conv}, or none. */
    List<Partner> inConversation(String conv, long now) {
        forgetExpired(now);
        List<Partner> found = new ArrayList<>(1);
        for (Partner partner : partners) {
            if (partner.conv.equals(conv)) {
                found.add(partner);
            }
        }
        return found;
    }

    /** The random chat met in last, or null. */
    String latestConversation(long now) {
        forgetExpired(now);
        return partners.isEmpty() ? null : partners.getLast().conv;
    }

    private void forgetExpired(long now) {
        partners.removeIf(partner -> partner.expired(now));
    }
}
