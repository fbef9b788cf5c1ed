package chat.server.session;

import chat.core.wire.ServerFrame;
import chat.server.session.IrcState.Kind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The IRC answers that list things: NAMES, WHO, WHOIS, LIST. The chat answers in pages; each page is drawn as it
 * comes, the next one is asked for at once (a line derived from the request, so a labelled request gets one answer),
 * and the end numeric follows the last page. Loop thread only.
 */
final class IrcLists {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneId.of("UTC"));

    private final IrcRenderer renderer;

    IrcLists(IrcRenderer renderer) {
        this.renderer = renderer;
    }

    /** NAMES or WHO of the random chat's channel: the strangers met there, and oneself. */
    void strangerNames(Session session, IrcState irc, String channel, Kind kind) {
        List<String> names = new ArrayList<>();
        if (channel.equalsIgnoreCase(irc.strangerChannel) && irc.strangerJoined) {
            names.add(irc.shownNick);
            names.addAll(irc.strangers);
        }
        if (kind == Kind.NAMES) {
            names(session, channel, names);
        } else {
            for (String name : names) {
                renderer.numeric(session, "352", channel, name, "chat", renderer.serverName(), name, "H", "0 " + name);
            }
            renderer.numeric(session, "315", channel, "End of /WHO list");
        }
    }

    void names(Session session, String channel, List<String> names) {
        namesOnly(session, channel, names);
        renderer.numeric(session, "366", channel, "End of /NAMES list");
    }

    /** RPL_NAMREPLY lines for {@code names}, as many names to a line as fit. */
    private void namesOnly(Session session, String channel, List<String> names) {
        boolean masks = session.irc().has("userhost-in-names");
        StringBuilder line = new StringBuilder();
        for (String nick : names) {
            String name = masks ? IrcRenderer.mask(nick) : nick;
            if (line.length() + name.length() > 400) {
                renderer.numeric(session, "353", "=", channel, line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(name);
        }
        if (line.length() > 0) {
            renderer.numeric(session, "353", "=", channel, line.toString());
        }
    }

    void roomList(Session session, IrcState irc, ServerFrame.RoomList list) {
        if (irc.listOffset == 0) {
            renderer.numeric(session, "321", "Channel", "Users  Name");
        }
        for (ServerFrame.RoomSummary room : list.rooms()) {
            renderer.numeric(session, "322", room.conv(), String.valueOf(room.online()), room.topic() == null ? ""
                    : room.topic());
        }
        if (list.nextOffset() != null) {
            irc.listOffset = list.nextOffset();
            irc.derive(session, List.of("@" + IrcFrontDoor.OFFSET_TAG + "=" + list.nextOffset() + " LIST"));
        } else {
            irc.listOffset = 0;
            renderer.numeric(session, "323", "End of /LIST");
        }
    }

    /** A page of WHO or NAMES; the next page is asked for at once, and the end numeric follows the last one. */
    void whoList(Session session, IrcState irc, ServerFrame.WhoList who, IrcState.Pending pending) {
        String channel = who.conv() == null ? "*" : who.conv();
        boolean names = pending != null && pending.kind() == Kind.NAMES;
        if (names) {
            namesOnly(session, channel, who.users().stream().map(ServerFrame.UserInfo::name).toList());
        } else {
            for (ServerFrame.UserInfo user : who.users()) {
                renderer.numeric(session, "352", channel, user.name(), "chat", renderer.serverName(), user.name(),
                        "away".equals(user.status()) ? "G" : "H", "0 " + user.name());
            }
        }
        if (who.nextOffset() != null && pending != null) {
            irc.derive(session, List.of("@" + IrcFrontDoor.OFFSET_TAG + "=" + who.nextOffset() + " "
                    + (names ? "NAMES " : "WHO ") + (who.conv() == null ? "" : who.conv())));
        } else if (names) {
            renderer.numeric(session, "366", channel, "End of /NAMES list");
        } else {
            renderer.numeric(session, "315", pending == null ? channel : pending.target(), "End of /WHO list");
        }
    }

    void presence(Session session, IrcState irc, ServerFrame.Presence p, IrcState.Pending pending) {
        ServerFrame.UserInfo user = p.user();
        boolean who = pending != null && pending.kind() == Kind.WHO;
        if ("offline".equals(user.status()) && who) {
            // offline: nobody matched, an empty list
        } else if ("offline".equals(user.status())) {
            renderer.numeric(session, "401", user.name(), "No such nick (offline" + (user.lastSeen() == null ? ""
                    : ", last seen " + ISO.format(Instant.ofEpochMilli(user.lastSeen()))) + ")");
        } else if (who) {
            renderer.numeric(session, "352", "*", user.name(), "chat", renderer.serverName(), user.name(),
                    "away".equals(user.status()) ? "G" : "H", "0 " + user.name());
        } else {
            renderer.numeric(session, "311", user.name(), user.name(), "chat", "*", user.name());
            if ("away".equals(user.status())) {
                renderer.numeric(session, "301", user.name(), user.message() == null ? "away" : user.message());
            }
        }
        renderer.numeric(session, who ? "315" : "318", user.name(), who ? "End of /WHO list" : "End of /WHOIS list");
    }
}
