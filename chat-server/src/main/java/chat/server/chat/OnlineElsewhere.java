package chat.server.chat;

import java.util.Collection;
import java.util.List;

/**
 * The accounts online on the other nodes of a cluster, as {@code who}, {@code whois} and a direct message's
 * {@code delivered} see them beside this node's own connections. Alone, a server has no others ({@link #NONE}).
 * Loop thread only.
 */
public interface OnlineElsewhere {

    /** An account with a device on another node, and how it shows there. */
    record User(long accountId, String name, boolean away, String awayMessage, boolean visible) {
    }

    /** Nobody: one server on its own. */
    OnlineElsewhere NONE = new OnlineElsewhere() {
        @Override
        public Collection<User> users() {
            return List.of();
        }

        @Override
        public User byId(long accountId) {
            return null;
        }

        @Override
        public User byName(String name) {
            return null;
        }
    };

    /** Every account online elsewhere, hidden ones included (callers show only the visible). */
    Collection<User> users();

    /** The account if it is online elsewhere, or null. */
    User byId(long accountId);

    /** The account called {@code name} (any case) if it is online elsewhere, or null. */
    User byName(String name);
}
