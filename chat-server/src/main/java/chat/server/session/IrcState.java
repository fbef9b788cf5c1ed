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

    IrcState(IrcRenderer renderer) {
        this.renderer = renderer;
    }

    String newId() {
        return "irc" + ++nextId;
    }

    Pending expect(Kind kind, String target, String text, IrcMessage command) {
        pending = new Pending(newId(), kind, target, text, command.tags().get("label"));
        return pending;
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
