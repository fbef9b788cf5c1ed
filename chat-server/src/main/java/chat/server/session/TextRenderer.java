package chat.server.session;

import chat.core.model.VisibleText;
import chat.core.wire.ServerFrame;
import chat.server.chat.Presence;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders server frames as lines a person reads on netcat: {@code [12:01] <guest-4821> hi} for messages,
 * {@code * ...} for events and {@code ! ...} for errors. Frames that mean nothing to a person (acks, typing) render
 * as nothing. Times are shown in the server's time zone. Strings that came from people are shown escaped
 * ({@link VisibleText#escaped}), so none can move the cursor or forge a line.
 */
final class TextRenderer {

    private final DateTimeFormatter clock;

    TextRenderer(ZoneId zone) {
        this.clock = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    /** The text for {@code frame}, lines separated and ended by {@code \n}; null when there is nothing to show. */
    String render(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message m) {
            return message(m);
        } else if (frame instanceof ServerFrame.History h) {
            StringBuilder text = new StringBuilder();
            if (h.messages().isEmpty()) {
                text.append("* No messages in ").append(h.conv()).append(" yet.\n");
            }
            for (ServerFrame.Message m : h.messages()) {
                text.append(message(m));
            }
            return text.toString();
        } else if (frame instanceof ServerFrame.Room r) {
            return "* You joined " + r.conv() + (r.topic() == null || r.topic().isEmpty() ? "" : " ("
                    + shown(r.topic()) + ")") + " with " + r.members().size() + (r.members().size() == 1 ? " person"
                    : " people") + ": " + shown(String.join(", ", r.members()))
                    + ". What you type goes there; /part to leave.\n";
        } else if (frame instanceof ServerFrame.MemberJoined j) {
            return "* " + shown(j.handle()) + " joined " + j.conv() + ".\n";
        } else if (frame instanceof ServerFrame.MemberLeft l) {
            return "* " + shown(l.handle()) + " left " + l.conv() + ".\n";
        } else if (frame instanceof ServerFrame.TopicChanged t) {
            return "* " + shown(t.by()) + " set the topic of " + t.conv() + ": " + shown(t.topic()) + "\n";
        } else if (frame instanceof ServerFrame.RoomList l) {
            if (l.rooms().isEmpty()) {
                return "* No rooms yet. /join #name starts one.\n";
            }
            StringBuilder text = new StringBuilder("* Rooms:\n");
            for (ServerFrame.RoomSummary room : l.rooms()) {
                text.append("*   ").append(room.conv()).append(" (").append(people(room.members(), "member"))
                        .append(", ").append(room.online()).append(" online)")
                        .append(room.topic() == null || room.topic().isEmpty() ? "" : " " + shown(room.topic()))
                        .append('\n');
            }
            if (l.omitted() != null) {
                text.append("*   and ").append(l.omitted()).append(" more: /rooms ").append(l.nextOffset())
                        .append('\n');
            }
            return text.toString();
        } else if (frame instanceof ServerFrame.WhoList w) {
            StringBuilder text = new StringBuilder(w.conv() == null ? "* Online:" : "* In " + w.conv() + ":");
            if (w.users().isEmpty()) {
                text.append(" nobody you can see");
            }
            for (ServerFrame.UserInfo user : w.users()) {
                text.append(' ').append(user(user));
            }
            if (w.omitted() != null) {
                text.append(" and ").append(w.omitted()).append(" more: /who ")
                        .append(w.conv() == null ? "" : w.conv() + " ").append(w.nextOffset());
            }
            return text.append('\n').toString();
        } else if (frame instanceof ServerFrame.Presence p) {
            ServerFrame.UserInfo user = p.user();
            String since = user.lastSeen() == null ? "" : ", last seen " + clock.format(Instant.ofEpochMilli(
                    user.lastSeen())) + " on " + java.time.LocalDate.ofInstant(Instant.ofEpochMilli(user.lastSeen()),
                    clock.getZone());
            return "* " + shown(user.name()) + " is " + user.status() + (user.message() == null ? "" : " ("
                    + shown(user.message()) + ")") + since + ".\n";
        } else if (frame instanceof ServerFrame.ConversationList c) {
            return conversations(c);
        } else if (frame instanceof ServerFrame.BlockList b) {
            return b.names().isEmpty() ? "* You block nobody.\n" : "* You block: "
                    + shown(String.join(", ", b.names())) + (b.omitted() == null ? "" : " and " + b.omitted()
                    + " more: /blocks " + b.nextOffset()) + "\n";
        } else if (frame instanceof ServerFrame.KeepRequested k) {
            return "* The stranger wants to stay in touch. /keep to agree (you need an account).\n";
        } else if (frame instanceof ServerFrame.Kept k) {
            return "* You both kept the chat: it goes on as " + k.direct() + ", where you can find each other"
                    + " later.\n";
        } else if (frame instanceof ServerFrame.Error e) {
            return "! " + shown(e.message()) + " (" + e.code() + ")\n";
        } else if (frame instanceof ServerFrame.Queued q) {
            return q.size() == 2
                    ? "* Looking for a stranger... (/leave to stop waiting)\n"
                    : "* Looking for " + (q.size() - 1) + " strangers for a group of " + q.size()
                            + "... (/leave to stop waiting)\n";
        } else if (frame instanceof ServerFrame.Paired p) {
            return paired(p);
        } else if (frame instanceof ServerFrame.PartnerLeft p) {
            return Boolean.TRUE.equals(p.ended())
                    ? "* " + p.partner() + " left the chat. /next meets someone new.\n"
                    : "* " + p.partner() + " left the chat.\n";
        } else if (frame instanceof ServerFrame.Left l) {
            return l.conv() == null
                    ? "* You stopped waiting. /next when you want to meet someone.\n"
                    : l.conv().startsWith("#") ? "* You left " + l.conv() + ".\n" : "* You left the chat.\n";
        } else if (frame instanceof ServerFrame.Notice n) {
            // A one-line notice is a status line like the others; the help is a page of its own.
            return n.text().indexOf('\n') < 0 ? "* " + n.text() + "\n" : n.text().endsWith("\n") ? n.text()
                    : n.text() + "\n";
        } else if (frame instanceof ServerFrame.Pong) {
            return "* pong\n";
        } else if (frame instanceof ServerFrame.Welcome w) {
            return "* You are " + w.handle() + (Boolean.TRUE.equals(w.loggedIn()) ? " (logged in).\n" : ".\n");
        } else if (frame instanceof ServerFrame.LoggedIn l) {
            return loggedIn(l);
        } else if (frame instanceof ServerFrame.LoggedOut l) {
            return "* Logged out. You are " + l.handle() + " again.\n";
        } else if (frame instanceof ServerFrame.Anon a) {
            return Boolean.TRUE.equals(a.anon())
                    ? "* Changed on another device: from your next random chat, strangers see a handle, not your"
                            + " account name.\n"
                    : "* Changed on another device: from your next random chat, strangers see your account name.\n";
        } else if (frame instanceof ServerFrame.Ok o && o.message() != null) {
            return "* " + capitalized(o.message()) + ".\n";
        } else if (frame instanceof ServerFrame.Bye b) {
            return "* Bye: " + (b.message() != null ? b.message() : b.reason()) + "\n";
        }
        return null; // ok, typing: nothing a person needs to read
    }

    /** {@code 1 member}, {@code 3 members}. */
    private static String people(Integer count, String word) {
        int n = count == null ? 0 : count;
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Every chat of the account, rooms first, with unread counts: after each login, and for {@code /inbox}. */
    private static String conversations(ServerFrame.ConversationList c) {
        if (c.conversations().isEmpty()) {
            return "* No chats yet. /msg NAME TEXT or /join #room starts one.\n";
        }
        StringBuilder text = new StringBuilder("* Your chats:\n");
        for (ServerFrame.ConversationSummary summary : c.conversations()) {
            text.append("*   ").append(summary.conv());
            if (summary.unread() > 0) {
                text.append(" (").append(summary.unread()).append(" unread)");
            }
            text.append(" /go ").append(summary.conv()).append('\n');
        }
        if (c.omitted() != null) {
            text.append("* ").append(c.omitted()).append(" more: /inbox ").append(c.nextOffset()).append('\n');
        }
        return text.toString();
    }

    private String message(ServerFrame.Message m) {
        String where = m.conv().startsWith("~") ? "" : m.conv() + " ";
        String text = m.file() == null ? shown(m.text()) : "shared a file: " + describe(m.file());
        return "[" + clock.format(Instant.ofEpochMilli(m.ts())) + "] " + shown(where) + "<" + shown(m.from()) + "> "
                + text + "\n";
    }

    /** {@code cat.png (12.3 KB, image/png, 640x480) [f1a2b3]} */
    static String describe(ServerFrame.FileInfo file) {
        String size = chat.core.model.HumanUnits.size(file.size());
        String pixels = file.width() == null ? "" : ", " + file.width() + "x" + file.height();
        return shown(file.name()) + " (" + size + ", " + file.type() + pixels + ") [" + file.id() + "]";
    }

    private static String user(ServerFrame.UserInfo user) {
        return shown(user.name()) + (Presence.AWAY.equals(user.status()) ? " (away" + (user.message() == null ? ""
                : ": " + shown(user.message())) + ")" : "");
    }

    /**
     * A string from a client or from the store, as a terminal may show it: the server checks what clients send
     * ({@code MessageText}), but error messages quote what was sent, and stored text may predate a rule. No control
     * or bidi character ever reaches a netcat screen raw.
     */
    private static String shown(String text) {
        return VisibleText.escaped(text);
    }

    private static String loggedIn(ServerFrame.LoggedIn l) {
        if (l.recoveryCodes() == null) {
            return "* Logged in as " + l.name() + ".\n";
        }
        StringBuilder text = new StringBuilder("* Welcome, " + l.name() + "! Your account is ready and you are logged"
                + " in.\n* Your recovery codes: each resets your password once. They are shown only now; keep them"
                + " somewhere safe.\n");
        for (String code : l.recoveryCodes()) {
            text.append("*   ").append(code).append('\n');
        }
        return text.toString();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String paired(ServerFrame.Paired p) {
        List<String> partners = p.partners();
        String shared = p.interests() == null || p.interests().isEmpty() ? ""
                : "* " + (partners.size() == 1 ? "You both" : "You all") + " like: "
                        + shown(String.join(", ", p.interests())) + ".\n";
        if (partners.size() == 1) {
            return "* You are now chatting with " + partners.get(0)
                    + ". Say hi! (/next for someone else, /leave to stop)\n" + shared;
        }
        return "* You are now in a group of " + p.size() + " with " + String.join(", ", partners)
                + ". Say hi! (/next for another group, /leave to stop)\n" + shared;
    }
}
