package chat.tui.net;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of one chat service: one server, or the nodes of a cluster ({@code a:7000,b:7000}). A client
 * connects to the first that answers and, when its node goes, to the next one; a login token is valid on every node.
 * Written as people type it: addresses separated by commas, each as {@link HostPort#parse} reads it.
 */
public record ServerAddresses(List<HostPort> all) {

    public ServerAddresses {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no server address");
        }
        all = List.copyOf(all);
    }

    /** One server. */
    public static ServerAddresses of(HostPort server) {
        return new ServerAddresses(List.of(server));
    }

    /**
     * Parses {@code host[:port][,host[:port]...]}.
     *
     * @throws IllegalArgumentException with a message for the user naming the address that is wrong
     */
    public static ServerAddresses parse(String text) {
        List<HostPort> addresses = new ArrayList<>();
        for (String part : (text == null ? "" : text).split(",", -1)) {
            HostPort address = HostPort.parse(part);
            if (!addresses.contains(address)) {
                addresses.add(address);
            }
        }
        return new ServerAddresses(addresses);
    }

    /** The same addresses, all over TLS when {@code secure}. */
    public ServerAddresses withTls(boolean secure) {
        return new ServerAddresses(all.stream().map(address -> address.withTls(secure)).toList());
    }

    public int size() {
        return all.size();
    }

    /** The address at {@code index} (taken modulo the number of addresses, so a caller may keep counting). */
    public HostPort get(int index) {
        return all.get(Math.floorMod(index, all.size()));
    }

    /**
     * Whether {@code saved} (addresses as {@link #toString} wrote them) names the same service: one address in
     * common is enough, since a login on one node of a cluster is valid on all of them.
     */
    public boolean sameServiceAs(String saved) {
        try {
            return parse(saved).all.stream().anyMatch(all::contains);
        } catch (IllegalArgumentException e) {
            return false; // a session file edited by hand
        }
    }

    /** As {@link #parse} reads it back: the addresses separated by commas. */
    @Override
    public String toString() {
        return String.join(",", all.stream().map(HostPort::toString).toList());
    }
}
