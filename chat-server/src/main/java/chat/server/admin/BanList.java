package chat.server.admin;

import chat.server.net.ConnectFilter;
import chat.server.store.BanStore;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The address bans in force, in memory, for the loop to check every accepted connection against. The stored bans
 * ({@link BanStore}) are loaded at start; the operator's {@code ban} and {@code unban} change both. A lookup costs one
 * hash look-up per prefix length in use (a /32 and a /24 ban: two), however many bans there are. Name bans are not
 * kept here: a login checks them in the store, in the transaction that starts its session. Loop thread only.
 */
public final class BanList implements ConnectFilter {

    /** Per prefix length, the banned networks of that length. */
    private final Map<Integer, Map<Long, BanStore.Ban>> ipv4 = new TreeMap<>();
    private final Map<Integer, Map<Long, BanStore.Ban>> ipv6 = new TreeMap<>();
    private final LongSupplier clock;

    public BanList(LongSupplier clock) {
        this.clock = clock;
    }

    /** Puts {@code ban} in force here (replacing one of the same range); name bans are ignored. */
    public void add(BanStore.Ban ban) {
        if (ban.kind() != BanStore.Kind.ADDRESS) {
            return;
        }
        AddressRange range = AddressRange.parse(ban.target());
        (range.ipv6() ? ipv6 : ipv4).computeIfAbsent(range.prefix(), prefix -> new HashMap<>())
                .put(range.network(), ban);
    }

    /**
     * Puts exactly {@code stored} in force, dropping address bans not among them: a node of a cluster reads the
     * stored bans now and then, so a ban or unban it missed on the bus (Redis away at that moment) holds anyway.
     */
    public void replaceAll(java.util.List<BanStore.Ban> stored) {
        ipv4.clear();
        ipv6.clear();
        stored.forEach(this::add);
    }

    /** Lifts the ban of {@code range}. */
    public void remove(AddressRange range) {
        Map<Integer, Map<Long, BanStore.Ban>> family = range.ipv6() ? ipv6 : ipv4;
        Map<Long, BanStore.Ban> networks = family.get(range.prefix());
        if (networks != null && networks.remove(range.network()) != null && networks.isEmpty()) {
            family.remove(range.prefix());
        }
    }

    /** The ban in force that covers {@code address}, or null. */
    public BanStore.Ban banOf(InetAddress address) {
        Map<Integer, Map<Long, BanStore.Ban>> family = address instanceof Inet6Address ? ipv6 : ipv4;
        if (family.isEmpty()) {
            return null;
        }
        boolean v6 = address instanceof Inet6Address;
        long bits = AddressRange.bitsOf(address);
        for (Map.Entry<Integer, Map<Long, BanStore.Ban>> networks : family.entrySet()) {
            BanStore.Ban ban = networks.getValue().get(bits & AddressRange.mask(v6, networks.getKey()));
            if (ban != null && ban.inForce(clock.getAsLong())) {
                return ban;
            }
        }
        return null;
    }

    @Override
    public byte[] refusal(InetAddress address) {
        BanStore.Ban ban = banOf(address);
        return ban == null ? null : ("! banned: " + ban.toldAs("connections from your address are banned") + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
