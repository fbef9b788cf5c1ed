package chat.server.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each account's owner logged in from lately: the addresses of its last few successful logins (by password or
 * token), in memory only. A login from such a place has its password checked ahead of the crowd, so guessing
 * passwords from many addresses, which fills the password-check queue, no longer delays the owner coming back from
 * home. It only orders checks: every attempt still counts against the login throttle. Bounded: the most recently
 * used accounts, a few places each. Loop thread only.
 */
final class KnownPlaces {

    private static final int PLACES_PER_ACCOUNT = 4;

    private final Map<Long, String[]> byAccount;

    /** @param accounts how many accounts are remembered (the least recently used are forgotten first) */
    KnownPlaces(int accounts) {
        this.byAccount = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String[]> eldest) {
                return size() > accounts;
            }
        };
    }

    /** Remembers that the owner of {@code accountId} logged in from {@code address}. */
    void loggedIn(long accountId, String address) {
        String[] places = byAccount.computeIfAbsent(accountId, id -> new String[PLACES_PER_ACCOUNT]);
        int found = PLACES_PER_ACCOUNT - 1;
        for (int i = 0; i < PLACES_PER_ACCOUNT; i++) {
            if (address.equals(places[i])) {
                found = i;
                break;
            }
        }
        System.arraycopy(places, 0, places, 1, found); // most recent first; the oldest falls off
        places[0] = address;
    }

    /** Whether the owner of {@code accountId} logged in from {@code address} lately. */
    boolean isKnown(long accountId, String address) {
        String[] places = byAccount.get(accountId);
        if (places == null) {
            return false;
        }
        for (String place : places) {
            if (address.equals(place)) {
                return true;
            }
        }
        return false;
    }

    /** Forgets an account (deleted). */
    void forget(long accountId) {
        byAccount.remove(accountId);
    }
}
