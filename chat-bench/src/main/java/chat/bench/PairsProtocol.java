package chat.bench;

/**
 * What the pairs scenario speaks to a server: how a connection gets a partner, how it says a load message, and what
 * a line from the server means. The scenario's pacing, timing and counting are the same whatever the protocol, so
 * two servers measured with two protocols are measured by one generator.
 */
interface PairsProtocol {

    /** What a line from the server meant to the scenario. */
    enum Heard {
        /** This connection has a partner now (heard once per connection). */
        PAIRED,
        /** A load message from the partner; its text starts at {@link #textOffset}. */
        MESSAGE,
        /** The server's acknowledgement of one of this connection's own messages. */
        ACK,
        /** Anything else. */
        OTHER
    }

    /** The scenario's name in tables and RESULT lines: {@code pairs}, {@code pairs-irc}. */
    String scenario();

    /** Whether the server acknowledges every message to its sender. */
    boolean acks();

    /** Sends a new connection's first lines: what it takes to be given a partner. */
    void begin(Fleet.Member member);

    /** Reads one line from the server, answering what needs an answer (a PING, a welcome). */
    Heard hear(Fleet.Member member, String line);

    /**
     * The line that says {@code text} to the partner.
     *
     * @param index the message's number, for its acknowledgement when acks are asked for
     */
    String say(Fleet.Member member, String text, long index);

    /** Where the load text ({@link PacedLoad#text}) starts in a {@link Heard#MESSAGE} line. */
    int textOffset(String line);
}
