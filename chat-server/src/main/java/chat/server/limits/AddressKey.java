package chat.server.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The key under which limits count a client's address. An IPv4 address is itself; an IPv6 address counts as its
 * /64 network, since one subscriber usually gets a whole /64 and could otherwise pick a fresh address for every
 * request.
 */
public final class AddressKey {

    private AddressKey() {
    }

    /** The key for {@code address}; a non-IP address (a test's, say) is its text. */
    public static String of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return of(inet.getAddress());
        }
        return String.valueOf(address);
    }

    public static String of(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringBuilder key = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
            }
            return key.append(":/64").toString();
        }
        return address.getHostAddress();
    }
}
