package chat.server.session;

import chat.core.wire.ServerFrame;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders server frames as lines a person reads on netcat: {@code [12:01] <guest-4821> hi} for messages,
 * {@code * ...} for events and {@code ! ...} for errors. Frames that mean nothing to a person (acks, typing) render
 * as nothing. Times are shown in the server's time zone.
 */
final class TextRenderer {

    private final DateTimeFormatter clock;

    TextRenderer(ZoneId zone) {
        this.clock = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
    }

    /** The text for {@code frame}, lines separated and ended by {@code \n}; null when there is nothing to show. */
    String render(ServerFrame frame) {
        if (frame instanceof ServerFrame.Message m) {
            return "[" + clock.format(Instant.ofEpochMilli(m.ts())) + "] <" + m.from() + "> " + m.text() + "\n";
        } else if (frame instanceof ServerFrame.Error e) {
            return "! " + e.message() + " (" + e.code() + ")\n";
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
                    : "* You left the chat.\n";
        } else if (frame instanceof ServerFrame.Notice n) {
            return n.text().endsWith("\n") ? n.text() : n.text() + "\n";
        } else if (frame instanceof ServerFrame.Pong) {
            return "* pong\n";
        } else if (frame instanceof ServerFrame.Welcome w) {
            return "* You are " + w.handle() + (Boolean.TRUE.equals(w.loggedIn()) ? " (logged in).\n" : ".\n");
        } else if (frame instanceof ServerFrame.LoggedIn l) {
            return loggedIn(l);
        } else if (frame instanceof ServerFrame.LoggedOut l) {
            return "* Logged out. You are " + l.handle() + " again.\n";
        } else if (frame instanceof ServerFrame.Ok o && o.message() != null) {
            return "* " + capitalized(o.message()) + ".\n";
        } else if (frame instanceof ServerFrame.Bye b) {
            return "* Bye: " + (b.message() != null ? b.message() : b.reason()) + "\n";
        }
        return null; // ok, typing: nothing a person needs to read
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
        if (partners.size() == 1) {
            return "* You are now chatting with " + partners.get(0)
                    + ". Say hi! (/next for someone else, /leave to stop)\n";
        }
        return "* You are now in a group of " + p.size() + " with " + String.join(", ", partners)
                + ". Say hi! (/next for another group, /leave to stop)\n";
    }
}
