package chat.server.session;

/** How a connection wants to hear from the server: the kind of the last line it sent. */
enum OutputMode {
    /** Human-readable lines, for people on netcat. The mode of a new connection. */
    TEXT,
    /** One JSON frame per line, for programs. */
    JSON,
    /** IRC lines, drawn per connection by {@link IrcRenderer}: chosen by the first line, kept for good. */
    IRC
}
