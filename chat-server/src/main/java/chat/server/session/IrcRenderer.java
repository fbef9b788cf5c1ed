package chat.server.session;

import chat.core.irc.IrcMessage;
import chat.core.irc.IrcText;
import chat.core.model.HumanUnits;
import chat.core.wire.ServerFrame;
import chat.server.session.IrcState.Kind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the chat's {@link ServerFrame}s as IRC lines for one connection: answers as numerics, events as JOIN, PART,
 * PRIVMSG, TOPIC, NOTICE from the people they name, with the IRCv3 tags the connection enabled. Every string that
 * came from people is already checked by the chat (no control characters), so none can break a line; long text is
 * cut to fit 512 bytes. Loop thread only.
 */
final class IrcRenderer {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneId.of("UTC"));

    private final String serverName;
    private final String version;
    private final List<String> motd;
    private final IrcFrontDoorHook hook;
    private final IrcLists lists = new IrcLists(this);
    private long nextBatch;

    /** What the renderer tells the door back: a login during registration was answered. */
    interface IrcFrontDoorHook {
        void loginAnswered(Session session, IrcState irc, boolean ok);
    }

    IrcRenderer(String serverName, String version, List<String> motd, IrcFrontDoorHook hook) {
        this.serverName = serverName;
        this.version = version;
        this.motd = motd;
        this.hook = hook;
    }

    String serverName() {
        return serverName;
    }

    String version() {
        return version;
    }

    /** The message of the day, line by line. */
    List<String> motd() {
        return motd;
    }

    /** The answers that list things (NAMES, WHO, WHOIS, LIST). */
    IrcLists lists() {
        return lists;
    }

    /** Sends a line, or holds it for the labelled answer it is part of (see {@link #labelled}). */
    void send(Session session, IrcMessage message) {
        IrcState irc = session.irc();
        if (irc != null && irc.label != null && irc.replying) {
            irc.labelled.add(message);
            return;
        }
        session.connection().send(message.toBytes());
    }

    /**
     * The answer to a labelled request ({@code labeled-response}): an {@code ACK} when it had none, the one line
     * with the label, or a {@code labeled-response} batch around several (a batch inside it is tagged as its part).
     */
    void labelled(Session session, String label, List<IrcMessage> lines) {
        if (lines.isEmpty()) {
            write(session, new IrcMessage(Map.of("label", label), serverName, "ACK", List.of()));
        } else if (lines.size() == 1) {
            write(session, lines.get(0).withTags(with(lines.get(0).tags(), "label", label)));
        } else {
            String batch = "l" + ++nextBatch;
            write(session, new IrcMessage(Map.of("label", label), serverName, "BATCH",
                    List.of("+" + batch, "labeled-response")));
            for (IrcMessage line : lines) {
                write(session, line.tags().containsKey("batch") ? line
                        : line.withTags(with(line.tags(), "batch", batch)));
            }
            write(session, IrcMessage.of(serverName, "BATCH", "-" + batch));
        }
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put(key, value);
        return all;
    }

    private static void write(Session session, IrcMessage message) {
        session.connection().send(message.toBytes());
    }

    static String mask(String nick) {
        return nick + "!" + nick + "@chat";
    }

    /** A numeric to the connection's nick ({@code *} before it has one). */
    void numeric(Session session, String code, String... params) {
        IrcState irc = session.irc();
        String target = irc.registered ? irc.shownNick : irc.requestedNick == null ? "*" : irc.requestedNick;
        List<String> all = new ArrayList<>();
        all.add(target);
        all.addAll(List.of(params));
        send(session, new IrcMessage(Map.of(), serverName, code, all));
    }

    /** Answers PING: PONG with its token, or 461 when it has none. */
    void pong(Session session, IrcMessage ping) {
        if (ping.param(0) == null) {
            numeric(session, "461", "PING", "Not enough parameters");
        } else {
            send(session, IrcMessage.of(serverName, "PONG", serverName, ping.param(0)));
        }
    }

    void mode(Session session, IrcState irc, IrcMessage m) {
        String target = m.param(0);
        if (target == null) {
            numeric(session, "461", "MODE", "Not enough parameters");
        } else if (!target.startsWith("#") && !target.startsWith("&")) {
            if (target.equalsIgnoreCase(irc.shownNick)) {
                numeric(session, "221", "+i");
            } else {
                numeric(session, "502", "Can't change mode for other users");
            }
        } else if (m.params().size() == 1) {
            numeric(session, "324", target, "+t");
        } else if (m.param(1).equals("b") || m.param(1).equals("+b")) {
            numeric(session, "368", target, "End of channel ban list");
        } else if (m.param(1).equals("e") || m.param(1).equals("+e")) {
            numeric(session, "349", target, "End of channel exception list"); // clients ask for the lists on join
        } else if (m.param(1).equals("I") || m.param(1).equals("+I")) {
            numeric(session, "347", target, "End of channel invite list");
        } else {
            numeric(session, "482", target, "Channels have no modes to change here");
        }
    }

    void topic(Session session, IrcState irc, String channel, String topic) {
        if (topic == null || topic.isEmpty()) {
            numeric(session, "331", channel, "No topic is set");
        } else {
            numeric(session, "332", channel, topic);
        }
    }

    void partStranger(Session session, IrcState irc) {
        if (irc.strangerJoined) {
            send(session, IrcMessage.of(mask(irc.shownNick), "PART", irc.strangerChannel, "left"));
        }
        irc.strangerJoined = false;
        irc.strangerConv = null;
        irc.strangers.clear();
    }

    private void joinStranger(Session session, IrcState irc) {
        if (irc.strangerJoined) {
            return;
        }
        if (irc.strangerChannel == null) {
            irc.strangerChannel = "&stranger";
        }
        irc.strangerJoined = true;
        send(session, IrcMessage.of(mask(irc.shownNick), "JOIN", irc.strangerChannel));
        numeric(session, "332", irc.strangerChannel, "Random chat: say hi; /NEXT (or JOIN again) for someone else, "
                + "PART to stop");
        lists.names(session, irc.strangerChannel, List.of(irc.shownNick));
    }

    private void notice(Session session, String target, String text) {
        for (String line : text.split("\n")) {
            for (String piece : IrcText.split(line.isEmpty() ? " " : line, 400)) {
                send(session, IrcMessage.of(serverName, "NOTICE", target, piece));
            }
        }
    }

    /** Draws {@code frame} for an IRC connection. */
    void deliver(Session session, ServerFrame frame) {
        IrcState irc = session.irc();
        IrcState.Pending pending = irc.pending;
        String re = reOf(frame);
        boolean answers = pending != null && re != null && re.equals(pending.id());
        // What answers the request in flight belongs to its labelled answer; other people's events do not.
        irc.replying = irc.inHandle || answers || frame instanceof ServerFrame.Left
                || frame instanceof ServerFrame.Queued;
        try {
            draw(session, irc, frame, pending, answers);
        } finally {
            irc.replying = irc.inHandle;
        }
    }

    private void draw(Session session, IrcState irc, ServerFrame frame, IrcState.Pending pending, boolean answers) {
        if (frame instanceof ServerFrame.Ok ok) {
            if (answers) {
                ok(session, irc, pending, ok);
            }
        } else if (frame instanceof ServerFrame.Error error) {
            error(session, irc, answers ? pending : null, error);
        } else if (frame instanceof ServerFrame.Message m) {
            message(session, irc, m, null);
        } else if (frame instanceof ServerFrame.History h) {
            history(session, irc, h, answers && pending.kind() == Kind.HISTORY ? pending.target() : null);
        } else if (frame instanceof ServerFrame.Room r) {
            irc.topics.put(r.conv().toLowerCase(Locale.ROOT), r.topic() == null ? "" : r.topic());
            send(session, IrcMessage.of(mask(irc.shownNick), "JOIN", r.conv()));
            if (r.topic() != null && !r.topic().isEmpty()) {
                numeric(session, "332", r.conv(), r.topic());
            }
            lists.names(session, r.conv(), r.members());
        } else if (frame instanceof ServerFrame.MemberJoined j) {
            send(session, IrcMessage.of(mask(j.handle()), "JOIN", j.conv()));
        } else if (frame instanceof ServerFrame.MemberLeft l) {
            send(session, IrcMessage.of(mask(l.handle()), "PART", l.conv(), "left"));
        } else if (frame instanceof ServerFrame.TopicChanged t) {
            irc.topics.put(t.conv().toLowerCase(Locale.ROOT), t.topic() == null ? "" : t.topic());
            send(session, IrcMessage.of(mask(t.by()), "TOPIC", t.conv(), t.topic() == null ? "" : t.topic()));
        } else if (frame instanceof ServerFrame.Left l) {
            left(session, irc, l, pending);
        } else if (frame instanceof ServerFrame.Queued) {
            joinStranger(session, irc);
            notice(session, irc.strangerChannel, "Looking for a stranger... (PART " + irc.strangerChannel
                    + " to stop waiting)");
        } else if (frame instanceof ServerFrame.Paired p) {
            joinStranger(session, irc);
            irc.strangerConv = p.conv();
            irc.strangers.clear();
            for (String partner : p.partners()) {
                irc.strangers.add(partner);
                send(session, IrcMessage.of(mask(partner), "JOIN", irc.strangerChannel));
            }
            notice(session, irc.strangerChannel, "You are now chatting with " + String.join(", ", p.partners())
                    + "; they see you as " + p.you() + ". Say hi! (/NEXT for someone else, PART to stop)");
        } else if (frame instanceof ServerFrame.PartnerLeft l) {
            irc.strangers.removeIf(s -> s.equals(l.partner()));
            send(session, IrcMessage.of(mask(l.partner()), "PART", irc.strangerChannel == null ? "&stranger"
                    : irc.strangerChannel, "left the chat"));
            if (Boolean.TRUE.equals(l.ended())) {
                irc.strangerConv = null;
                notice(session, irc.strangerChannel, l.partner() + " left the chat. /NEXT meets someone new.");
            }
        } else if (frame instanceof ServerFrame.KeepRequested) {
            notice(session, irc.strangerChannel, "The stranger wants to stay in touch.");
        } else if (frame instanceof ServerFrame.Kept k) {
            notice(session, irc.strangerChannel, "You kept the chat: /query " + k.direct().substring(1));
        } else if (frame instanceof ServerFrame.Typing t) {
            if (irc.has("message-tags")) {
                String target = targetOf(irc, t.conv(), t.from());
                send(session, new IrcMessage(Map.of("+typing", t.state()), mask(t.from()), "TAGMSG",
                        List.of(target)));
            }
        } else if (frame instanceof ServerFrame.LoggedIn in) {
            loggedIn(session, irc, in, answers ? pending : null);
        } else if (frame instanceof ServerFrame.LoggedOut out) {
            changeNick(session, irc, out.handle());
        } else if (frame instanceof ServerFrame.ConversationList list) {
            if (!irc.registered) {
                irc.deferredConversations = list;
            } else {
                conversations(session, irc, list);
            }
        } else if (frame instanceof ServerFrame.RoomList list) {
            lists.roomList(session, irc, list);
        } else if (frame instanceof ServerFrame.WhoList who) {
            lists.whoList(session, irc, who, answers ? pending : null);
        } else if (frame instanceof ServerFrame.Presence p && p.re() == null) {
            awayChanged(session, irc, p.user());
        } else if (frame instanceof ServerFrame.Presence p) {
            lists.presence(session, irc, p, answers ? pending : null);
        } else if (frame instanceof ServerFrame.Notice n) {
            notice(session, irc.registered ? irc.shownNick : "*", n.text());
        } else if (frame instanceof ServerFrame.Anon a) {
            notice(session, irc.shownNick, a.anon() ? "Strangers now meet you under a handle."
                    : "Strangers now meet you by your account name.");
        } else if (frame instanceof ServerFrame.Bye bye) {
            send(session, IrcMessage.of(null, "ERROR", "Closing link: " + (bye.message() == null ? bye.reason()
                    : bye.message())));
        }
    }

    private static String reOf(ServerFrame frame) {
        if (frame instanceof ServerFrame.Ok ok) {
            return ok.re();
        } else if (frame instanceof ServerFrame.Error e) {
            return e.re();
        } else if (frame instanceof ServerFrame.History h) {
            return h.re();
        } else if (frame instanceof ServerFrame.Room r) {
            return r.re();
        } else if (frame instanceof ServerFrame.LoggedIn l) {
            return l.re();
        } else if (frame instanceof ServerFrame.WhoList w) {
            return w.re();
        } else if (frame instanceof ServerFrame.Presence p) {
            return p.re();
        } else if (frame instanceof ServerFrame.RoomList r) {
            return r.re();
        }
        return null;
    }

    private void ok(Session session, IrcState irc, IrcState.Pending pending, ServerFrame.Ok ok) {
        switch (pending.kind()) {
            case SAY, NOTICE -> {
                if (irc.has("echo-message")) {
                    String command = pending.kind() == Kind.SAY ? "PRIVMSG" : "NOTICE";
                    Map<String, String> tags = tags(irc, ok.id(), ok.ts(), irc.shownNick, false);
                    sendText(session, tags, mask(irc.shownNick), command, pending.target(), pending.text());
                }
            }
            case AWAY -> numeric(session, "306", "You have been marked as being away");
            case BACK -> numeric(session, "305", "You are no longer marked as being away");
            default -> { }
        }
    }

    private void error(Session session, IrcState irc, IrcState.Pending pending, ServerFrame.Error e) {
        String text = e.message() + " (" + e.code() + ")";
        if (pending == null) {
            send(session, IrcMessage.of(serverName, "NOTICE", irc.registered ? irc.shownNick : "*", "! " + text));
            return;
        }
        String target = pending.target() == null ? "*" : pending.target();
        switch (pending.kind()) {
            case LOGIN_SASL -> {
                numeric(session, "904", "SASL authentication failed: " + text);
                hook.loginAnswered(session, irc, true);
            }
            case LOGIN_PASS -> {
                numeric(session, "464", "Password incorrect: " + text);
                send(session, IrcMessage.of(null, "ERROR", "Closing link: " + text));
                hook.loginAnswered(session, irc, false);
            }
            case NOTICE -> { } // a NOTICE is never answered with an error
            case SAY -> {
                String code = switch (e.code()) {
                    case "unknown_user" -> "401";
                    case "unknown_conversation", "blocked", "not_logged_in" -> target.startsWith("#") ? "404"
                            : "401";
                    default -> null;
                };
                if (code != null) {
                    numeric(session, code, target, text);
                } else {
                    numeric(session, "400", "PRIVMSG", text);
                }
            }
            case JOIN -> numeric(session, switch (e.code()) {
                case "invalid_room" -> "479";
                case "room_full" -> "471";
                case "too_many_rooms" -> "405";
                default -> "400";
            }, e.code().equals("rate_limited") || e.code().equals("busy") ? "JOIN" : target, text);
            case PART -> numeric(session, e.code().equals("unknown_conversation") ? "442" : "400", target, text);
            case TOPIC -> numeric(session, e.code().equals("unknown_conversation") ? "442" : "400", target, text);
            case WHO -> numeric(session, "315", target, "End of /WHO list"); // nobody matched: an empty list
            case WHOIS -> {
                numeric(session, "401", target, "No such nick: " + text);
                numeric(session, "318", target, "End of /WHOIS list");
            }
            case NAMES -> numeric(session, "366", target, "End of /NAMES list");
            case HISTORY -> send(session, IrcMessage.of(serverName, "FAIL", "CHATHISTORY",
                    "INVALID_TARGET", "LATEST", target, text));
            default -> numeric(session, "400", pending.kind().name(), text);
        }
    }

    private void loggedIn(Session session, IrcState irc, ServerFrame.LoggedIn in, IrcState.Pending pending) {
        String mask = mask(in.name());
        numeric(session, "900", mask, in.name(), "You are now logged in as " + in.name());
        if (pending != null && pending.kind() == Kind.LOGIN_SASL) {
            numeric(session, "903", "SASL authentication successful");
        }
        if (irc.registered) {
            changeNick(session, irc, in.name());
        }
        if (pending != null) {
            hook.loginAnswered(session, irc, true);
        }
    }

    private void changeNick(Session session, IrcState irc, String nick) {
        if (irc.registered && !nick.equals(irc.shownNick)) {
            send(session, IrcMessage.of(mask(irc.shownNick), "NICK", nick));
            irc.shownNick = nick;
        }
    }

    /**
     * After a login, the account's rooms are shown joined (a JOIN of a room one is in answers its topic, names
     * and latest messages) and direct chats with unread messages are played back.
     */
    void conversations(Session session, IrcState irc, ServerFrame.ConversationList list) {
        List<String> lines = new ArrayList<>();
        for (ServerFrame.ConversationSummary c : list.conversations()) {
            if (c.conv().startsWith("#") && !irc.joined(c.conv())) {
                lines.add("JOIN " + c.conv());
            } else if (c.conv().startsWith("@") && c.unread() != null && c.unread() > 0) {
                notice(session, irc.shownNick, c.unread() + " unread message" + (c.unread() == 1 ? "" : "s")
                        + " from " + c.conv().substring(1) + " while you were away:");
                lines.add("CHATHISTORY LATEST " + c.conv().substring(1) + " * " + Math.min(200, c.unread()));
            }
        }
        irc.derive(session, lines);
    }

    /** A member of a room one shares went away or came back: {@code away-notify}'s AWAY. */
    private void awayChanged(Session session, IrcState irc, ServerFrame.UserInfo user) {
        if (!irc.has("away-notify")) {
            return;
        }
        boolean away = "away".equals(user.status());
        send(session, away ? IrcMessage.of(mask(user.name()), "AWAY", user.message() == null || user.message()
                .isEmpty() ? "away" : user.message()) : IrcMessage.of(mask(user.name()), "AWAY"));
    }

    private void left(Session session, IrcState irc, ServerFrame.Left l, IrcState.Pending pending) {
        if (l.conv() != null && l.conv().startsWith("#")) {
            irc.topics.remove(l.conv().toLowerCase(Locale.ROOT));
            send(session, IrcMessage.of(mask(irc.shownNick), "PART", l.conv(), "left"));
            return;
        }
        if (l.conv() != null && !l.conv().startsWith("~")) {
            return;
        }
        boolean skipping = pending != null && (pending.kind() == Kind.NEXT || pending.kind() == Kind.STRANGER_JOIN);
        if (skipping) {
            for (String stranger : irc.strangers) {
                send(session, IrcMessage.of(mask(stranger), "PART", irc.strangerChannel, "skipped"));
            }
            irc.strangers.clear();
            irc.strangerConv = null;
        } else {
            partStranger(session, irc);
        }
    }

    private void history(Session session, IrcState irc, ServerFrame.History h, String asked) {
        String batch = null;
        if (irc.has("batch") && !h.messages().isEmpty()) {
            batch = "h" + ++nextBatch;
            String target = targetOf(irc, h.conv(), null);
            send(session, IrcMessage.of(serverName, "BATCH", "+" + batch, "chathistory", target));
        }
        for (ServerFrame.Message m : h.messages()) {
            message(session, irc, m, batch);
        }
        if (batch != null) {
            send(session, IrcMessage.of(serverName, "BATCH", "-" + batch));
        }
    }

    /** The IRC target a conversation shows as, to this connection. */
    private String targetOf(IrcState irc, String conv, String from) {
        if (conv.startsWith("#")) {
            return conv;
        }
        if (conv.startsWith("~")) {
            return irc.strangerChannel == null ? "&stranger" : irc.strangerChannel;
        }
        String other = conv.substring(1);
        return from != null && from.equalsIgnoreCase(irc.shownNick) ? other : irc.shownNick;
    }

    private void message(Session session, IrcState irc, ServerFrame.Message m, String batch) {
        String target;
        if (m.conv().startsWith("@")) {
            String other = m.conv().substring(1);
            target = m.from().equalsIgnoreCase(irc.shownNick) ? other : irc.shownNick;
        } else {
            target = targetOf(irc, m.conv(), m.from());
        }
        String text = m.text();
        if (m.file() != null) {
            ServerFrame.FileInfo f = m.file();
            text = "shared a file: " + f.name() + " (" + HumanUnits.size(f.size() == null ? 0 : f.size())
                    + (f.type() == null ? "" : ", " + f.type())
                    + (f.width() == null ? "" : ", " + f.width() + "x" + f.height())
                    + ") [" + f.id() + "]; fetch it with chat-tui (/save " + f.id() + ")";
        }
        Map<String, String> tags = tags(irc, m.id(), m.ts(), m.from(),
                Boolean.TRUE.equals(m.guest()) || m.conv().startsWith("~"));
        if (batch != null) {
            tags.put("batch", batch);
        }
        if (!irc.has("server-time") && batch == null && m.ts() != null
                && System.currentTimeMillis() - m.ts() > 60_000) {
            text = "[" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault())
                    .format(Instant.ofEpochMilli(m.ts())) + "] " + text;
        }
        sendText(session, tags, mask(m.from()), "PRIVMSG", target, text);
    }

    private Map<String, String> tags(IrcState irc, String id, Long ts, String from, boolean noAccount) {
        Map<String, String> tags = new HashMap<>();
        if (irc.has("server-time") && ts != null) {
            tags.put("time", ISO.format(Instant.ofEpochMilli(ts)));
        }
        if (irc.has("message-tags") && id != null) {
            tags.put("msgid", id);
        }
        if (irc.has("account-tag") && !noAccount && from != null && !from.startsWith("guest-")) {
            tags.put("account", from);
        }
        return tags;
    }

    /** Sends text as one or more lines that fit 512 bytes; {@code /me} becomes a CTCP ACTION. */
    private void sendText(Session session, Map<String, String> tags, String source, String command, String target,
            String text) {
        boolean action = text.startsWith("/me ");
        String body = action ? text.substring(4) : text;
        int room = IrcMessage.MAX_BODY_BYTES - IrcMessage.utf8Length(":" + source + " " + command + " " + target
                + " :") - (action ? 9 : 0);
        for (String piece : IrcText.split(body, Math.max(64, room))) {
            send(session, new IrcMessage(tags, source, command, List.of(target,
                    action ? IrcText.asAction(piece) : piece)));
        }
    }
}
