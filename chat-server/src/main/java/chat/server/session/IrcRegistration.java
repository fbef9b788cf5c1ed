package chat.server.session;

import chat.core.irc.IrcMessage;
import chat.core.wire.ClientFrame;
import chat.server.net.CloseReason;
import chat.server.session.IrcState.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An IRC client's registration: NICK, USER, PASS, CAP negotiation and SASL PLAIN, up to the welcome. A login (SASL
 * or PASS) is the chat's {@code login}, with its throttles; the welcome waits for its answer and for CAP END. CAP and
 * AUTHENTICATE are answered here after registration too. Loop thread only.
 */
final class IrcRegistration {

    private final BiConsumer<Session, ClientFrame> dispatch;
    private final IrcRenderer renderer;
    private final BiConsumer<Session, IrcMessage> quit;

    IrcRegistration(BiConsumer<Session, ClientFrame> dispatch, IrcRenderer renderer,
            BiConsumer<Session, IrcMessage> quit) {
        this.dispatch = dispatch;
        this.renderer = renderer;
        this.quit = quit;
    }

    void register(Session session, IrcState irc, IrcMessage m) {
        switch (m.command()) {
            case "CAP" -> cap(session, irc, m);
            case "NICK" -> {
                if (m.param(0) == null || m.param(0).isEmpty()) {
                    renderer.numeric(session, "431", "No nickname given");
                    return;
                }
                if (!isNick(m.param(0))) {
                    renderer.numeric(session, "432", m.param(0), "Erroneous nickname");
                    return;
                }
                irc.requestedNick = m.param(0);
            }
            case "USER" -> {
                if (m.params().size() < 4) {
                    renderer.numeric(session, "461", "USER", "Not enough parameters");
                    return;
                }
                irc.userReceived = true;
            }
            case "PASS" -> irc.password = m.param(0);
            case "AUTHENTICATE" -> authenticate(session, irc, m);
            case "PING" -> renderer.pong(session, m);
            case "PONG" -> { }
            case "QUIT" -> quit.accept(session, m);
            default -> renderer.numeric(session, "451", "You have not registered");
        }
        maybeWelcome(session, irc);
    }

    private void maybeWelcome(Session session, IrcState irc) {
        if (irc.registered || irc.requestedNick == null || !irc.userReceived || irc.capNegotiating
                || irc.loginInFlight) {
            return;
        }
        if (irc.password != null && !session.chatter().isLoggedIn()) {
            String pass = irc.password;
            irc.password = null;
            int colon = pass.indexOf(':');
            String name = colon > 0 ? pass.substring(0, colon) : irc.requestedNick;
            String password = colon > 0 ? pass.substring(colon + 1) : pass;
            irc.loginInFlight = true;
            IrcState.Pending p = irc.expect(Kind.LOGIN_PASS, name, null, IrcMessage.of(null, "PASS"));
            dispatch.accept(session, new ClientFrame.Login(p.id(), name, password));
            return;
        }
        irc.registered = true;
        welcome(session, irc);
        if (irc.deferredConversations != null) {
            renderer.conversations(session, irc, irc.deferredConversations);
            irc.deferredConversations = null;
        }
    }

    /** A login started during registration has been answered. */
    void loginAnswered(Session session, IrcState irc, boolean ok) {
        irc.loginInFlight = false;
        if (!ok && irc.pending != null && irc.pending.kind() == Kind.LOGIN_PASS) {
            session.connection().closeAfterFlush(CloseReason.QUIT);
            return;
        }
        maybeWelcome(session, irc);
    }

    void cap(Session session, IrcState irc, IrcMessage m) {
        String sub = m.param(0) == null ? "" : m.param(0).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "LS" -> {
                if (!irc.registered) {
                    irc.capNegotiating = true;
                }
                irc.capVersion = m.param(1) == null ? 0 : parseInt(m.param(1));
                if (irc.capVersion >= 302) {
                    irc.caps.add("cap-notify");
                }
                capLs(session, irc);
            }
            case "LIST" -> cap(session, irc, "LIST", String.join(" ", irc.caps));
            case "REQ" -> {
                if (!irc.registered) {
                    irc.capNegotiating = true;
                }
                String wanted = m.param(1) == null ? "" : m.param(1).trim();
                List<String> add = new ArrayList<>();
                List<String> remove = new ArrayList<>();
                boolean ok = !wanted.isEmpty();
                for (String cap : wanted.split(" +")) {
                    boolean minus = cap.startsWith("-");
                    String name = minus ? cap.substring(1) : cap;
                    if (!IrcFrontDoor.CAPS.contains(name)) {
                        ok = false;
                    }
                    (minus ? remove : add).add(name);
                }
                if (ok) {
                    irc.caps.addAll(add);
                    irc.caps.removeAll(remove);
                }
                cap(session, irc, ok ? "ACK" : "NAK", wanted);
            }
            case "END" -> {
                irc.capNegotiating = false;
                maybeWelcome(session, irc);
            }
            default -> renderer.numeric(session, "410", m.param(0) == null ? "*" : m.param(0),
                    "Invalid CAP command");
        }
    }

    void authenticate(Session session, IrcState irc, IrcMessage m) {
        String arg = m.param(0);
        if (arg == null) {
            renderer.numeric(session, "461", "AUTHENTICATE", "Not enough parameters");
        } else if (session.chatter().isLoggedIn()) {
            renderer.numeric(session, "907", "You have already authenticated using SASL");
        } else if (arg.equals("*")) {
            irc.saslStarted = false;
            irc.saslBuffer.setLength(0);
            renderer.numeric(session, "906", "SASL authentication aborted");
        } else if (!irc.saslStarted) {
            if (!arg.equalsIgnoreCase("PLAIN")) {
                renderer.numeric(session, "908", "PLAIN", "are available SASL mechanisms");
                renderer.numeric(session, "904", "SASL authentication failed");
                return;
            }
            irc.saslStarted = true;
            renderer.send(session, IrcMessage.of(null, "AUTHENTICATE", "+"));
        } else {
            if (!arg.equals("+")) {
                irc.saslBuffer.append(arg);
            }
            if (arg.length() == 400 || irc.saslBuffer.length() > 1200) {
                if (irc.saslBuffer.length() > 1200) {
                    irc.saslStarted = false;
                    irc.saslBuffer.setLength(0);
                    renderer.numeric(session, "905", "SASL message too long");
                }
                return;
            }
            String[] parts;
            try {
                parts = new String(Base64.getDecoder().decode(irc.saslBuffer.toString()), StandardCharsets.UTF_8)
                        .split("\0", -1);
            } catch (IllegalArgumentException e) {
                parts = new String[0];
            }
            irc.saslStarted = false;
            irc.saslBuffer.setLength(0);
            if (parts.length != 3 || parts[1].isEmpty()) {
                renderer.numeric(session, "904", "SASL authentication failed");
                return;
            }
            irc.loginInFlight = !irc.registered;
            IrcState.Pending p = irc.expect(Kind.LOGIN_SASL, parts[1], null, m);
            dispatch.accept(session, new ClientFrame.Login(p.id(), parts[1], parts[2]));
        }
    }

    /**
     * Whether {@code nick} could be a nick at all (the name used is the chat's anyway): none of the characters IRC
     * gives a meaning to (masks, lists, prefixes), nor a channel's or a parameter's first character.
     */
    static boolean isNick(String nick) {
        if (nick.isEmpty() || "#&:$".indexOf(nick.charAt(0)) >= 0 || Character.isDigit(nick.charAt(0))) {
            return false;
        }
        for (int i = 0; i < nick.length(); i++) {
            if (" ,*?!@.".indexOf(nick.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void cap(Session session, IrcState irc, String sub, String caps) {
        String target = irc.registered ? irc.shownNick : "*";
        renderer.send(session, IrcMessage.of(renderer.serverName(), "CAP", target, sub, caps));
    }

    private void capLs(Session session, IrcState irc) {
        List<String> caps = new ArrayList<>();
        for (String cap : IrcFrontDoor.CAPS) {
            caps.add(cap.equals("sasl") && irc.capVersion >= 302 ? "sasl=PLAIN" : cap);
        }
        cap(session, irc, "LS", String.join(" ", caps));
    }

    private void welcome(Session session, IrcState irc) {
        String nick = session.chatter().handle();
        irc.shownNick = nick;
        renderer.numeric(session, "001", "Welcome to the chat-server IRC network " + IrcRenderer.mask(nick));
        renderer.numeric(session, "002", "Your host is " + renderer.serverName() + ", running version "
                + renderer.version());
        renderer.numeric(session, "003", "This server speaks IRC, JSON lines and netcat text on one port");
        renderer.numeric(session, "004", renderer.serverName(), renderer.version(), "i", "t");
        renderer.numeric(session, "005", "CASEMAPPING=ascii", "CHANTYPES=#&", "CHANNELLEN=33", "NICKLEN=20",
                "TOPICLEN=200", "AWAYLEN=200", "NETWORK=chat-server", "PREFIX=", "CHANMODES=,,,t", "CHATHISTORY=200",
                "UTF8ONLY", "TARGMAX=PRIVMSG:4,NOTICE:4,JOIN:10,PART:10,NAMES:1", "are supported by this server");
        if (irc.requestedNick != null && !irc.requestedNick.equalsIgnoreCase(nick)) {
            renderer.send(session, new IrcMessage(Map.of(), renderer.serverName(), "NOTICE", List.of(nick,
                    "Your nick is " + nick + (session.chatter().isLoggedIn() ? ", your account name." : ", your "
                            + "guest handle; log in with SASL or PASS name:password to use your account name."))));
        }
        motd(session);
    }

    /** The message of the day (after the welcome, and for MOTD). */
    void motd(Session session) {
        renderer.numeric(session, "375", "- " + renderer.serverName() + " Message of the day -");
        for (String line : renderer.motd()) {
            renderer.numeric(session, "372", "- " + line);
        }
        renderer.numeric(session, "376", "End of /MOTD command.");
    }
}
