package chat.server.session;

import chat.core.irc.IrcMessage;
import chat.core.irc.IrcParseException;
import chat.core.irc.IrcText;
import chat.core.wire.ClientFrame;
import chat.core.wire.LineDecoder.LineError;
import chat.core.wire.TypingState;
import chat.server.session.IrcState.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The IRC front door: turns the lines of an IRC client into the {@link ClientFrame}s every connection sends, through
 * the same dispatch, limits and checks, and answers what is IRC's alone (registration, CAP, PING, MOTD) itself.
 * What the chat says back is drawn as IRC by {@link IrcRenderer}. A line naming several targets becomes one line
 * per target, queued in front of the connection's waiting lines, so one request stays in flight at a time.
 * Loop thread only.
 */
final class IrcFrontDoor {

    /** The first commands of an IRC client; a first line starting with one of them makes the connection IRC. */
    private static final Set<String> REGISTRATION = Set.of("CAP", "NICK", "USER", "PASS");
    /** Capabilities offered in CAP LS. */
    static final List<String> CAPS = List.of("sasl", "server-time", "message-tags", "echo-message", "account-tag",
            "batch", "cap-notify", "away-notify", "labeled-response", "multi-prefix", "userhost-in-names",
            "draft/chathistory");

    /** The tag on a line the door derives to ask for the next page of LIST, WHO or NAMES. */
    static final String OFFSET_TAG = "chat-server/offset";

    private final BiConsumer<Session, ClientFrame> dispatch;
    private final IrcRenderer renderer;
    private final IrcRegistration registration;

    IrcFrontDoor(BiConsumer<Session, ClientFrame> dispatch, IrcRenderer renderer) {
        this.dispatch = dispatch;
        this.renderer = renderer;
        this.registration = new IrcRegistration(dispatch, renderer, (session, m) -> quit(session, session.irc(), m));
    }

    /** A login started during registration has been answered. */
    void loginAnswered(Session session, IrcState irc, boolean ok) {
        registration.loginAnswered(session, irc, ok);
    }

    /** Whether {@code firstLine} is an IRC client registering. */
    static boolean startsIrc(String firstLine) {
        try {
            return REGISTRATION.contains(IrcMessage.parse(firstLine).command());
        } catch (IrcParseException e) {
            return false;
        }
    }

    /** Makes the session IRC. */
    void adopt(Session session) {
        session.becomesIrc(new IrcState(renderer));
    }

    void handle(Session session, String line) {
        IrcState irc = session.irc();
        if (line.isBlank()) {
            return;
        }
        IrcMessage message;
        try {
            message = IrcMessage.parse(line);
        } catch (IrcParseException e) {
            if (e.reason() == IrcParseException.Reason.TOO_LONG) {
                renderer.numeric(session, "417", "Input line was too long");
            } else if (e.reason() == IrcParseException.Reason.TOO_MANY_PARAMS) {
                renderer.numeric(session, "461", "*", "Too many parameters");
            }
            return; // other malformed lines are dropped silently, as IRC servers do
        }
        irc.currentLine = line;
        if (irc.followUps > 0) {
            irc.followUps--; // a line derived from the labelled request: part of its answer
        } else if (irc.has("labeled-response") && message.tags().get("label") != null) {
            irc.label = message.tags().get("label");
        }
        irc.inHandle = true;
        irc.replying = true;
        try {
            if (!irc.registered) {
                registration.register(session, irc, message);
            } else {
                command(session, irc, message);
            }
        } finally {
            irc.inHandle = false;
            irc.replying = false;
        }
    }

    /**
     * The request in flight is answered in full: a labelled one gets its answer now, tagged with its label (one
     * line), in a {@code labeled-response} batch (several), or as an {@code ACK} (none).
     */
    void answered(Session session) {
        IrcState irc = session.irc();
        if (irc.label == null || irc.followUps > 0) {
            return;
        }
        String label = irc.label;
        List<IrcMessage> lines = List.copyOf(irc.labelled);
        irc.label = null;
        irc.labelled.clear();
        renderer.labelled(session, label, lines);
    }

    /**
     * A rate limit refused the line being handled for a moment: it is put back to run again once the limit allows,
     * as IRC servers delay a flooding client's commands rather than drop them. Typing indicators are not worth
     * the wait. False when the line is not to be retried (the refusal is then answered).
     */
    boolean retryLater(Session session) {
        IrcState irc = session.irc();
        String line = irc.currentLine;
        if (line == null || !irc.registered) {
            return false;
        }
        try {
            if (IrcMessage.parse(line).command().equals("TAGMSG")) {
                return false;
            }
        } catch (IrcParseException e) {
            return false;
        }
        irc.pending = null;
        irc.derive(session, List.of(line));
        return true;
    }

    /** A line the framing refused: too long (417, as IRC servers answer), or not UTF-8 (UTF8ONLY's FAIL). */
    void lineError(Session session, LineError error) {
        if (error == LineError.LINE_TOO_LONG) {
            renderer.numeric(session, "417", "Input line was too long");
        } else {
            renderer.send(session, IrcMessage.of(renderer.serverName(), "FAIL", "*", "INVALID_UTF8",
                    "Message rejected, your IRC software MUST use UTF-8 encoding on this network"));
        }
    }

    private void command(Session session, IrcState irc, IrcMessage m) {
        switch (m.command()) {
            case "PING" -> renderer.pong(session, m);
            case "PONG" -> { }
            case "CAP" -> registration.cap(session, irc, m);
            case "AUTHENTICATE" -> registration.authenticate(session, irc, m);
            case "NICK" -> {
                if (m.param(0) != null && !m.param(0).equalsIgnoreCase(irc.shownNick)) {
                    renderer.numeric(session, "432", m.param(0),
                            "Your nick is your account name or guest handle; log in to change it");
                }
            }
            case "USER", "PASS" -> renderer.numeric(session, "462", "You may not reregister");
            case "QUIT" -> quit(session, irc, m);
            case "MOTD" -> registration.motd(session);
            case "JOIN" -> perTarget(session, m, () -> join(session, irc, m));
            case "PART" -> perTarget(session, m, () -> part(session, irc, m));
            case "PRIVMSG", "NOTICE" -> perTarget(session, m, () -> say(session, irc, m));
            case "TAGMSG" -> typing(session, irc, m);
            case "TOPIC" -> topic(session, irc, m);
            case "NAMES" -> {
                if (m.param(0) == null) {
                    renderer.numeric(session, "366", "*", "End of /NAMES list");
                } else {
                    perTarget(session, m, () -> query(session, irc, m, Kind.NAMES));
                }
            }
            case "WHO" -> query(session, irc, m, Kind.WHO);
            case "WHOIS" -> {
                String nick = m.param(m.params().size() > 1 ? 1 : 0);
                if (nick == null) {
                    renderer.numeric(session, "431", "No nickname given");
                    return;
                }
                IrcState.Pending p = irc.expect(Kind.WHOIS, nick, null, m);
                dispatch.accept(session, new ClientFrame.Whois(p.id(), nick));
            }
            case "LIST" -> {
                IrcState.Pending p = irc.expect(Kind.LIST, null, null, m);
                dispatch.accept(session, new ClientFrame.Rooms(p.id(), offset(m)));
            }
            case "AWAY" -> {
                String text = m.param(0);
                boolean away = text != null && !text.isEmpty();
                IrcState.Pending p = irc.expect(away ? Kind.AWAY : Kind.BACK, null, null, m);
                dispatch.accept(session, new ClientFrame.Away(p.id(), away, away ? IrcText.stripFormatting(text)
                        : null));
            }
            case "MODE" -> renderer.mode(session, irc, m);
            case "CHATHISTORY" -> chathistory(session, irc, m);
            case "NEXT" -> next(session, irc, irc.strangerChannel == null ? "&stranger" : irc.strangerChannel,
                    m, Kind.NEXT);
            default -> renderer.numeric(session, "421", m.command(), "Unknown command");
        }
    }

    /** Runs {@code single} when the command names one target, else queues one line per target. */
    private void perTarget(Session session, IrcMessage m, Runnable single) {
        String targets = m.param(0);
        if (targets == null || targets.indexOf(',') < 0) {
            single.run();
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String target : targets.split(",")) {
            if (target.isEmpty()) {
                continue;
            }
            List<String> params = new ArrayList<>(m.params());
            params.set(0, target);
            if (m.command().equals("JOIN") && params.size() > 1) {
                params.remove(1); // channel keys: rooms have none
            }
            lines.add(new IrcMessage(m.tags(), null, m.command(), params).format());
        }
        session.irc().derive(session, lines);
    }

    private void join(Session session, IrcState irc, IrcMessage m) {
        String channel = m.param(0);
        if (channel == null) {
            renderer.numeric(session, "461", "JOIN", "Not enough parameters");
        } else if (channel.equals("0")) {
            List<String> parts = irc.topics.keySet().stream().map(c -> "PART " + c).toList();
            irc.derive(session, parts);
        } else if (channel.startsWith("&")) {
            next(session, irc, channel.toLowerCase(Locale.ROOT), m, Kind.STRANGER_JOIN);
        } else if (!channel.startsWith("#")) {
            renderer.numeric(session, "403", channel, "No such channel");
        } else {
            IrcState.Pending p = irc.expect(Kind.JOIN, channel, null, m);
            dispatch.accept(session, new ClientFrame.Join(p.id(), channel));
        }
    }

    /** {@code &stranger} joins the pairing queue for two, {@code &stranger-N} for a group of N. */
    private void next(Session session, IrcState irc, String channel, IrcMessage m, Kind kind) {
        int size = 2;
        if (channel.startsWith("&stranger-")) {
            size = parseInt(channel.substring("&stranger-".length()));
        } else if (!channel.equals("&stranger")) {
            renderer.numeric(session, "403", channel, "No such channel; &stranger meets a random stranger");
            return;
        }
        if (irc.strangerChannel != null && !irc.strangerChannel.equals(channel) && irc.strangerJoined) {
            renderer.partStranger(session, irc);
        }
        irc.strangerChannel = channel;
        IrcState.Pending p = irc.expect(kind, channel, null, m);
        dispatch.accept(session, new ClientFrame.Next(p.id(), size, List.of()));
    }

    private void part(Session session, IrcState irc, IrcMessage m) {
        String channel = m.param(0);
        if (channel == null) {
            renderer.numeric(session, "461", "PART", "Not enough parameters");
        } else if (channel.startsWith("&")) {
            if (!channel.equalsIgnoreCase(irc.strangerChannel) || !irc.strangerJoined) {
                renderer.numeric(session, "442", channel, "You're not on that channel");
                return;
            }
            IrcState.Pending p = irc.expect(Kind.STRANGER_PART, channel, null, m);
            dispatch.accept(session, new ClientFrame.Leave(p.id(), irc.strangerConv));
        } else {
            IrcState.Pending p = irc.expect(Kind.PART, channel, null, m);
            dispatch.accept(session, new ClientFrame.Part(p.id(), channel));
        }
    }

    private void say(Session session, IrcState irc, IrcMessage m) {
        boolean notice = m.command().equals("NOTICE");
        String target = m.param(0);
        String text = m.param(1);
        if (target == null) {
            if (!notice) {
                renderer.numeric(session, "411", "No recipient given (PRIVMSG)");
            }
            return;
        }
        if (text == null || text.isEmpty()) {
            if (!notice) {
                renderer.numeric(session, "412", "No text to send");
            }
            return;
        }
        String action = IrcText.action(text);
        if (action != null) {
            text = "/me " + action;
        } else if (IrcText.isCtcp(text)) {
            return; // CTCP requests (VERSION, PING, ...) have no place in the chat
        }
        String sent = IrcText.stripFormatting(text);
        String conv = conversation(session, irc, target, notice);
        if (conv == null) {
            return;
        }
        IrcState.Pending p = irc.expect(notice ? Kind.NOTICE : Kind.SAY, target, sent, m);
        dispatch.accept(session, new ClientFrame.Say(p.id(), conv, sent));
    }

    /** The chat conversation an IRC target names, or null (having answered) when it names none. */
    private String conversation(Session session, IrcState irc, String target, boolean quiet) {
        if (target.startsWith("#")) {
            return target;
        }
        if (irc.isStrangerTarget(target)) {
            if (irc.strangerConv == null) {
                if (!quiet) {
                    renderer.numeric(session, "404", target, "You are not in a chat with a stranger; "
                            + "JOIN &stranger to meet one");
                }
                return null;
            }
            return irc.strangerConv;
        }
        return "@" + target;
    }

    private void typing(Session session, IrcState irc, IrcMessage m) {
        String state = m.tags().get("+typing");
        String target = m.param(0);
        if (state == null || target == null) {
            return;
        }
        String conv = conversation(session, irc, target, true);
        TypingState typing = switch (state) {
            case "active" -> TypingState.ACTIVE;
            case "paused" -> TypingState.PAUSED;
            case "done" -> TypingState.DONE;
            default -> null;
        };
        if (conv == null || typing == null) {
            return;
        }
        irc.pending = null; // typing is quiet: no answer to wait for
        dispatch.accept(session, new ClientFrame.Typing(null, conv, typing.wireName()));
    }

    private void topic(Session session, IrcState irc, IrcMessage m) {
        String channel = m.param(0);
        if (channel == null) {
            renderer.numeric(session, "461", "TOPIC", "Not enough parameters");
        } else if (m.params().size() == 1) {
            if (!irc.joined(channel)) {
                renderer.numeric(session, "442", channel, "You're not on that channel");
            } else {
                renderer.topic(session, irc, channel, irc.topics.get(channel.toLowerCase(Locale.ROOT)));
            }
        } else {
            IrcState.Pending p = irc.expect(Kind.TOPIC, channel, null, m);
            dispatch.accept(session, new ClientFrame.Topic(p.id(), channel, IrcText.stripFormatting(m.param(1))));
        }
    }

    private void query(Session session, IrcState irc, IrcMessage m, Kind kind) {
        String target = m.param(0);
        if (target != null && target.startsWith("&")) {
            renderer.lists().strangerNames(session, irc, target, kind);
            return;
        }
        boolean everyone = kind == Kind.WHO && (target == null || target.equals("*") || target.equals("0"));
        if (kind == Kind.WHO && !everyone && !target.startsWith("#")) {
            IrcState.Pending p = irc.expect(Kind.WHO, target, null, m);
            dispatch.accept(session, new ClientFrame.Whois(p.id(), target));
            return;
        }
        // WHO, WHO * and WHO 0: everyone the chat shows online
        IrcState.Pending p = irc.expect(kind, target == null ? "*" : target, null, m);
        dispatch.accept(session, new ClientFrame.Who(p.id(), everyone ? null : target, offset(m)));
    }

    /** The page a derived LIST, WHO or NAMES line asks for (0: the first). */
    private static int offset(IrcMessage m) {
        String offset = m.tags().get(OFFSET_TAG);
        return offset == null ? 0 : Math.max(0, parseInt(offset));
    }

    /** CHATHISTORY LATEST target * N, or BEFORE target msgid=ID N. */
    private void chathistory(Session session, IrcState irc, IrcMessage m) {
        String sub = m.param(0) == null ? "" : m.param(0).toUpperCase(Locale.ROOT);
        String target = m.param(1);
        String ref = m.param(2);
        int limit = m.param(3) == null ? 50 : Math.max(1, Math.min(200, parseInt(m.param(3))));
        if (target == null || ref == null || !(sub.equals("LATEST") || sub.equals("BEFORE"))) {
            renderer.send(session, IrcMessage.of(renderer.serverName(), "FAIL", "CHATHISTORY", "INVALID_PARAMS",
                    sub.isEmpty() ? "*" : sub, "LATEST and BEFORE with msgid= are supported"));
            return;
        }
        String before = ref.startsWith("msgid=") ? ref.substring(6) : null;
        String conv = conversation(session, irc, target, true);
        if (conv == null || conv.startsWith("~")) {
            renderer.send(session, IrcMessage.of(renderer.serverName(), "FAIL", "CHATHISTORY", "INVALID_TARGET",
                    sub, target, "Random chats keep no history"));
            return;
        }
        IrcState.Pending p = irc.expect(Kind.HISTORY, target, null, m);
        dispatch.accept(session, new ClientFrame.History(p.id(), conv, before, limit));
    }

    private void quit(Session session, IrcState irc, IrcMessage m) {
        irc.expect(Kind.QUIT, null, null, m);
        dispatch.accept(session, new ClientFrame.Quit(null));
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
