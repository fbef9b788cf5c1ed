package chat.server.chat;

import java.util.Iterator;

/**
 * Throttles what tells whether an account name exists ({@code whois}, a direct message, history or read mark of
 * {@code @name}, blocking an account), so nobody can list the accounts by asking name after name. Each connection
 * remembers the last {@value #REMEMBERED} names it looked up; those are free again, so writing to the same people
 * all day costs nothing, and only new names take from the {@code name-lookup} limit. Loop thread only.
 */
public final class NameLookups {

    /** Names a connection may look up again without counting. */
    static final int REMEMBERED = 32;

    private final RequestLimit limit;

    public NameLookups(RequestLimit limit) {
        this.limit = limit;
    }

    /**
     * Counts a look-up of the account name {@code nameKey} (lower case) by {@code chatter}.
     *
     * @throws ChatException {@code rate_limited} when the connection looked up too many new names
     */
    public void admit(Chatter chatter, String nameKey) {
        java.util.LinkedHashSet<String> namesLookedUp = chatter.namesLookedUp();
        if (namesLookedUp.remove(nameKey)) {
            namesLookedUp.add(nameKey); // the most recent again
            return;
        }
        limit.admit(chatter);
        namesLookedUp.add(nameKey);
        if (namesLookedUp.size() > REMEMBERED) {
            Iterator<String> oldest = namesLookedUp.iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
