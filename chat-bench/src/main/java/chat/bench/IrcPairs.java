package chat.bench;

import java.io.UncheckedIOException;

/**
 * IRC (RFC 1459/2812 client lines) with fixed pairs: connection {@code 2k} and {@code 2k+1} register
 * ({@code NICK}/{@code USER}), wait for the welcome ({@code 001}), join channel {@code #pk}, and say their messages
 * there with {@code PRIVMSG}; the server's {@code PING}s are answered. A connection has its partner once it sees
 * the other join, or finds both in the channel's names when it joins second. With acks, the connection asks for
 * IRCv3's {@code echo-message}: the server sends every message back to its sender, the way chat-server answers a
 * {@code say} with an id.
 */
final class IrcPairs implements PairsProtocol {

    private final boolean acks;
    private final java.util.List<String[]> names = new java.util.ArrayList<>();

    IrcPairs(boolean acks) {
        this.acks = acks;
    }

    @Override
    public String scenario() {
        return "pairs-irc";
    }

    @Override
    public boolean acks() {
        return acks;
    }

    @Override
    public void begin(Fleet.Member member) {
        String nick = nick(member);
        if (acks) {
            // Registration waits for CAP END; the server answers the request (ACK or NAK) before it.
            member.send("CAP REQ :echo-message\r\nCAP END");
        }
        member.send("NICK " + nick + "\r\nUSER " + nick + " 0 * :chat-bench");
    }

    @Override
    public Heard hear(Fleet.Member member, String line) {
        if (line.startsWith("PING ")) {
            member.send("PONG " + line.substring(5));
            return Heard.OTHER;
        }
        int command = line.indexOf(' ') + 1;
        if (!line.startsWith(":") || command == 0) {
            return Heard.OTHER;
        }
        if (line.startsWith("PRIVMSG ", command)) { // ":nick!user@host PRIVMSG #p0 :text", the hot line first
            return sentBy(member, line) ? Heard.ACK : Heard.MESSAGE;
        }
        if (line.startsWith("001 ", command)) {
            member.send("JOIN " + channel(member));
        } else if (line.startsWith("JOIN ", command)) {
            if (!sentBy(member, line)) {
                return Heard.PAIRED; // the partner joined after this connection
            }
        } else if (line.startsWith("353 ", command)) {
            // ":server 353 me = #p0 :me @partner": joining second, both are listed
            int names = line.indexOf(" :", command);
            if (names > 0 && line.substring(names + 2).trim().split(" ").length >= 2) {
                return Heard.PAIRED;
            }
        } else if (line.startsWith("CAP ", command) && line.contains(" NAK ")) {
            throw new UncheckedIOException(new java.io.IOException("the IRC server refused echo-message, which"
                    + " acks need (InspIRCd: load m_ircv3_echomessage)"));
        }
        return Heard.OTHER;
    }

    /** Whether the line's prefix is this connection's own nick. */
    private boolean sentBy(Fleet.Member member, String line) {
        String nick = nick(member);
        return line.startsWith(nick, 1) && line.length() > nick.length() + 1 && line.charAt(nick.length() + 1) == '!';
    }

    @Override
    public String say(Fleet.Member member, String text, long index) {
        return "PRIVMSG " + channel(member) + " :" + text;
    }

    @Override
    public int textOffset(String line) {
        int command = line.indexOf(" PRIVMSG ");
        int text = command < 0 ? -1 : line.indexOf(" :", command + 9);
        return text < 0 ? -1 : text + 2;
    }

    private String nick(Fleet.Member member) {
        return names(member)[0];
    }

    private String channel(Fleet.Member member) {
        return names(member)[1];
    }

    /** The member's nick and channel, made once: the generator must stay cheap, it shares the cores it measures. */
    private String[] names(Fleet.Member member) {
        int index = member.index();
        while (names.size() <= index) {
            int next = names.size();
            names.add(new String[] {"u" + next, "#p" + next / 2});
        }
        return names.get(index);
    }
}
