package chat.server.session;

import chat.core.irc.IrcMessage;
import chat.core.wire.ServerFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one IRC connection's front door remembers: registration (NICK, USER, CAP negotiation, a login under way),
 * the capabilities it enabled, the request in flight and what its answer should look like in IRC, the channels it
 * was shown as joined, and the random chat it sees as {@code &stranger}. Holds no chat rules: the chat's own state
 * is in the domain. Loop thread only.
 */
final class IrcState {

    /** What kind of IRC answer the request in flight expects. */
    enum Kind { SAY, NOTICE, JOIN, PART, TOPIC, NAMES, WHO, WHOIS, LIST, AWAY, BACK, LOGIN_SASL, LOGIN_PASS, HISTORY,
        STRANGER_JOIN, NEXT, STRANGER_PART, TYPING, QUIT, OTHER }

    /** The request in flight: its frame id, the kind of answer, the IRC target and text it named, and its label. */
    record Pending(String id, Kind kind, String target, String text, String label) {
    }

    final IrcRenderer renderer;
    boolean registered;
    String requestedNick;
    boolean userReceived;
    boolean capNegotiating;
    int capVersion;
    final Set<String> caps = new LinkedHashSet<>();
    String password;
    boolean saslStarted;
    final StringBuilder saslBuffer = new StringBuilder();
    boolean loginInFlight;
    /** The nick the client was last told it has. */
    String shownNick;
    Pending pending;
    private long nextId;
    private final String idPrefix = "irc-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "-";
    /** The conversation list that came with a login before registration ended. */
    ServerFrame.ConversationList deferredConversations;
    /** Channels shown as joined (lower case) and their topics as last heard. */
    final Map<String, String> topics = new HashMap<>();
    /** The IRC channel the random chat shows as ({@code &stranger}, {@code &stranger-3}), or null. */
    String strangerChannel;
    boolean strangerJoined;
    String strangerConv;
    final List<String> strangers = new ArrayList<>();
    int listOffset;
    /** The line being handled, kept to run it again once a rate limit allows (fake lag). */
    String currentLine;
    /** Whether the door is handling a line now: what is sent meanwhile answers it. */
    boolean inHandle;
    /** Whether what is drawn now answers the request in flight (else it is someone else's event). */
    boolean replying;
    /** The label of the request being answered ({@code labeled-response}), or null. */
    String label;
    /** What was sent in answer to the labelled request, held until it is answered in full. */
    final List<IrcMessage> labelled = new ArrayList<>();
    /** Lines derived from the labelled request that still wait to run; the answer is complete when none is left. */
    int followUps;

    IrcState(IrcRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * A request id unique to this connection: the chat keeps a sender's message ids for resends (a day), so ids that
     * restart at 1 on each connection would make a reconnected account's messages look like resends of old ones.
     */
    String newId() {
        return idPrefix + ++nextId;
    }

    Pending expect(Kind kind, String target, String text, IrcMessage command) {
        pending = new Pending(newId(), kind, target, text, command.tags().get("label"));
        return pending;
    }

    /**
     * Runs {@code lines}, derived from the request being handled (one per target, the next page), before
     * everything that waits; they answer under the same label.
     */
    void derive(Session session, List<String> lines) {
        if (label != null) {
            followUps += lines.size();
        }
        session.requests().addFirst(lines);
    }

    boolean has(String cap) {
        return caps.contains(cap);
    }

    boolean joined(String channel) {
        return topics.containsKey(channel.toLowerCase(Locale.ROOT));
    }

    boolean isStrangerTarget(String target) {
        return target.startsWith("&") || strangerConv != null && strangers.stream()
                .anyMatch(s -> s.equalsIgnoreCase(target));
    }
}
