package chat.tui.net;

/**
 * A server address as people type it: {@code host:port}, {@code host} (port 7000) or {@code [::1]:7000}, each with
 * an optional {@code tls://} in front for a TLS connection ({@code chat-tui --tls} says the same).
 */
public record HostPort(String host, int port, boolean tls) {

    /** The prefix that asks for TLS. */
    public static final String TLS_PREFIX = "tls://";

    /** The port a server listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 7000;

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a server address needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("a port is between 1 and 65535: " + port);
        }
    }

    /** A plain-text address. */
    public HostPort(String host, int port) {
        this(host, port, false);
    }

    /** The same server, over TLS when {@code secure} (an address that already says tls stays so). */
    public HostPort withTls(boolean secure) {
        return secure && !tls ? new HostPort(host, port, true) : this;
    }

    /** Host and port without the tls prefix: the name a certificate is pinned under. */
    public String hostAndPort() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * Parses {@code host[:port]}, the one reading of a server address for every command and the environment.
     *
     * @throws IllegalArgumentException with a message for the user that names the address and the expected form
     */
    public static HostPort parse(String text) {
        String problem = null;
        HostPort parsed = null;
        try {
            parsed = parseOrFail(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new IllegalArgumentException("not a server address: '" + text + "' (" + problem
                    + "; expected HOST[:PORT] such as localhost:7000, tls://HOST:PORT for TLS)");
        }
        return parsed;
    }

    private static HostPort parseOrFail(String text) {
        String value = text.strip();
        boolean tls = value.regionMatches(true, 0, TLS_PREFIX, 0, TLS_PREFIX.length());
        if (tls) {
            value = value.substring(TLS_PREFIX.length());
        }
        String host = value;
        String port = null;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("missing ]");
            }
            host = value.substring(1, end);
            if (value.length() > end + 1) {
                if (value.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("expected :PORT after ]");
                }
                port = value.substring(end + 2);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host is missing");
        }
        if (host.chars().anyMatch(c -> c <= ' ' || c == '/')) {
            throw new IllegalArgumentException("a host has no spaces or slashes");
        }
        if (port == null) {
            return new HostPort(host, DEFAULT_PORT, tls);
        }
        if (port.isEmpty()) {
            throw new IllegalArgumentException("the port is missing after the colon");
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("the port " + port + " is not a number");
        }
        if (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException("the port " + port + " is not between 1 and 65535");
        }
        return new HostPort(host, Integer.parseInt(port), tls);
    }

    /** As {@link #parse} reads it back: {@code host:port}, or {@code tls://host:port}. */
    @Override
    public String toString() {
        return (tls ? TLS_PREFIX : "") + hostAndPort();
    }
}
