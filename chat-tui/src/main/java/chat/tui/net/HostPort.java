package chat.tui.net;

/** A server address as people type it: {@code host:port}, {@code host} (port 7000) or {@code [::1]:7000}. */
public record HostPort(String host, int port) {

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

    /**
     * Parses {@code host[:port]}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static HostPort parse(String text) {
        String value = text.strip();
        String host = value;
        String port = null;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("missing ] in " + text);
            }
            host = value.substring(1, end);
            if (value.length() > end + 1) {
                if (value.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("expected :PORT after ] in " + text);
                }
                port = value.substring(end + 2);
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        if (port == null) {
            return new HostPort(host, DEFAULT_PORT);
        }
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number: " + port);
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
