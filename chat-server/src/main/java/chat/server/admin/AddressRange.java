package chat.server.admin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of addresses an operator bans: an IPv4 address or network ({@code 192.0.2.7}, {@code 198.51.100.0/24}), or
 * an IPv6 network of at most /64 ({@code 2001:db8::1} stands for its /64, {@code 2001:db8::/48}). IPv6 stops at /64
 * for the reason the rate limits count by /64 ({@link chat.server.limits.AddressKey}): one subscriber usually holds
 * a whole /64 and can pick a fresh address from it for every connection.
 *
 * <p>Only the network's bits are kept, as a {@code long}: all 32 of IPv4, the upper 64 of IPv6. Parsing never
 * asks DNS: only text shaped like an address literal is handed to {@link InetAddress}.
 *
 * @param ipv6 whether the range is IPv6
 * @param network the network bits, masked to the prefix (IPv4 in the low 32 bits)
 * @param prefix how many leading bits are fixed: 1..32 for IPv4, 1..64 for IPv6
 */
public record AddressRange(boolean ipv6, long network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    /** Whether {@code text} is meant as an address rather than a name: names start with a letter and hold no colon. */
    public static boolean looksLikeAddress(String text) {
        return !text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.indexOf(':') >= 0);
    }

    /**
     * Reads an address or network.
     *
     * @throws IllegalArgumentException with a sentence for the operator when it is not a valid one
     */
    public static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Integer prefix = null;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!PREFIX.matcher(bits).matches()) {
                throw new IllegalArgumentException("not a network prefix: /" + bits);
            }
            prefix = Integer.parseInt(bits);
        }
        Matcher v4 = IPV4.matcher(address);
        if (v4.matches()) {
            long bits = 0;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(v4.group(i));
                if (octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + address);
                }
                bits = bits << 8 | octet;
            }
            return ipv4(bits, prefix == null ? 32 : prefix);
        }
        if (IPV6.matcher(address).matches()) {
            InetAddress parsed;
            try {
                parsed = InetAddress.getByName(address); // a literal with a colon: parsed, never looked up
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 address: " + address);
            }
            if (parsed instanceof Inet4Address) { // ::ffff:192.0.2.7
                return ipv4(bitsOf(parsed), prefix == null ? 32 : Math.max(0, prefix - 96));
            }
            return ipv6(bitsOf(parsed), prefix == null ? 64 : prefix);
        }
        throw new IllegalArgumentException("not an IP address or network: " + text);
    }

    private static AddressRange ipv4(long bits, int prefix) {
        if (prefix < 1 || prefix > 32) {
            throw new IllegalArgumentException("an IPv4 network has a prefix from /1 to /32");
        }
        return new AddressRange(false, bits & mask(false, prefix), prefix);
    }

    private static AddressRange ipv6(long bits, int prefix) {
        if (prefix < 1 || prefix > 64) {
            throw new IllegalArgumentException("an IPv6 ban covers a /64 or a larger network (a prefix from /1 to"
                    + " /64): one subscriber usually holds a whole /64");
        }
        return new AddressRange(true, bits & mask(true, prefix), prefix);
    }

    /** The bits of {@code address} that ranges compare: all of IPv4, the upper 64 of IPv6. */
    static long bitsOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        long bits = 0;
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            bits = bits << 8 | bytes[i] & 0xff;
        }
        return bits;
    }

    /** The mask that keeps the first {@code prefix} bits. */
    static long mask(boolean ipv6, int prefix) {
        return ipv6 ? -1L << (64 - prefix) : -1L << (32 - prefix) & 0xffffffffL;
    }

    /** Whether {@code address} is in the range. */
    public boolean contains(InetAddress address) {
        return (address instanceof Inet6Address) == ipv6 && (bitsOf(address) & mask(ipv6, prefix)) == network;
    }

    /** The range as stored and shown: {@code 192.0.2.7}, {@code 198.51.100.0/24}, {@code 2001:db8:0:1::/64}. */
    @Override
    public String toString() {
        if (!ipv6) {
            String address = (network >>> 24) + "." + (network >>> 16 & 0xff) + "." + (network >>> 8 & 0xff) + "."
                    + (network & 0xff);
            return prefix == 32 ? address : address + "/" + prefix;
        }
        StringBuilder text = new StringBuilder();
        for (int shift = 48; shift >= 0; shift -= 16) {
            text.append(Long.toHexString(network >>> shift & 0xffff)).append(':');
        }
        return text.append(":/").append(prefix).toString();
    }
}
