package chat.core.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One IRC line (RFC 1459/2812 framing, IRCv3 message tags), parsed or to be sent: {@code @tags :source COMMAND
 * params :trailing}. Pure values: no sockets, no server state. {@link #parse} is strict in what it refuses (NUL,
 * stray CR, empty tag keys, a line without a command, more than 15 parameters, a body past 510 bytes or tags past
 * 4094 bytes) and follows the "Modern IRC" document in what it accepts (several spaces between parameters, a
 * trailing parameter that is empty or holds colons and spaces).
 *
 * @param tags     tag keys to unescaped values ("" for a tag without value); never null
 * @param source   the prefix without its colon, or null
 * @param command  the command, upper case for words, or a three-digit numeric
 * @param params   the parameters, the trailing one included as the last element
 */
public record IrcMessage(Map<String, String> tags, String source, String command, List<String> params) {

    /** Bytes of the part after the tags, without CR LF (512 with them). */
    public static final int MAX_BODY_BYTES = 510;
    /**
     * Bytes of the tags section a client may send, with its {@code @} and the space after it: 4094 bytes of tag data,
     * as the message-tags specification allows clients (servers may add their own up to 8191).
     */
    public static final int MAX_TAG_BYTES = 4096;
    /** Parameters a line may carry. */
    public static final int MAX_PARAMS = 15;

    public IrcMessage {
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("an IRC message needs a command");
        }
        params = List.copyOf(params);
    }

    /** A message without tags. */
    public static IrcMessage of(String source, String command, String... params) {
        return new IrcMessage(Map.of(), source, command, List.of(params));
    }

    /** The parameter at {@code index}, or null when there are fewer. */
    public String param(int index) {
        return index < params.size() ? params.get(index) : null;
    }

    /** This message with {@code tags} instead of its own. */
    public IrcMessage withTags(Map<String, String> tags) {
        return new IrcMessage(tags, source, command, params);
    }

    /**
     * Parses one line (without its line ending).
     *
     * @throws IrcParseException when the line is not an IRC message; its {@link IrcParseException#reason()} says
     *                           why, so a server can answer as IRC servers do (417 for a line too long)
     */
    public static IrcMessage parse(String line) throws IrcParseException {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\0' || c == '\r' || c == '\n') {
                throw new IrcParseException(IrcParseException.Reason.FORBIDDEN_CHARACTER, "NUL, CR or LF inside a line");
            }
        }
        int pos = 0;
        Map<String, String> tags = Map.of();
        if (line.startsWith("@")) {
            int end = line.indexOf(' ');
            if (end < 0) {
                throw new IrcParseException(IrcParseException.Reason.NO_COMMAND, "tags without a command");
            }
            if (utf8Length(line, 0, end + 1) > MAX_TAG_BYTES) {
                throw new IrcParseException(IrcParseException.Reason.TOO_LONG, "tags longer than 4094 bytes");
            }
            tags = IrcTags.parse(line.substring(1, end));
            pos = skipSpaces(line, end);
        }
        if (utf8Length(line, pos, line.length()) > MAX_BODY_BYTES) {
            throw new IrcParseException(IrcParseException.Reason.TOO_LONG, "line longer than 512 bytes");
        }
        String source = null;
        if (pos < line.length() && line.charAt(pos) == ':') {
            int end = line.indexOf(' ', pos);
            if (end < 0 || end == pos + 1) {
                throw new IrcParseException(IrcParseException.Reason.NO_COMMAND, "a source without a command");
            }
            source = line.substring(pos + 1, end);
            pos = skipSpaces(line, end);
        }
        int end = line.indexOf(' ', pos);
        if (end < 0) {
            end = line.length();
        }
        String command = line.substring(pos, end);
        if (!isCommand(command)) {
            throw new IrcParseException(IrcParseException.Reason.NO_COMMAND,
                    command.isEmpty() ? "no command" : "not a command word");
        }
        pos = skipSpaces(line, end);
        List<String> params = new ArrayList<>();
        while (pos < line.length()) {
            if (line.charAt(pos) == ':') {
                params.add(line.substring(pos + 1));
                break;
            }
            end = line.indexOf(' ', pos);
            if (end < 0) {
                end = line.length();
            }
            params.add(line.substring(pos, end));
            pos = skipSpaces(line, end);
        }
        if (params.size() > MAX_PARAMS) {
            throw new IrcParseException(IrcParseException.Reason.TOO_MANY_PARAMS, "more than 15 parameters");
        }
        return new IrcMessage(tags, source, command.toUpperCase(java.util.Locale.ROOT), params);
    }

    /**
     * The line for this message, without CR LF. The last parameter is sent as a trailing one ({@code :...}) when it
     * must be (empty, has a space, starts with a colon) or when {@code alwaysTrailing}; earlier parameters must be
     * single words.
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        if (!tags.isEmpty()) {
            out.append('@').append(IrcTags.format(tags)).append(' ');
        }
        if (source != null) {
            out.append(':').append(source).append(' ');
        }
        out.append(command);
        for (int i = 0; i < params.size(); i++) {
            String param = params.get(i);
            boolean last = i == params.size() - 1;
            if (last && (param.isEmpty() || param.indexOf(' ') >= 0 || param.startsWith(":") || i > 0
                    && trailingByHabit(command))) {
                out.append(" :").append(param);
            } else {
                if (param.isEmpty() || param.indexOf(' ') >= 0 || param.startsWith(":")) {
                    throw new IllegalArgumentException("a middle parameter must be one word: " + param);
                }
                out.append(' ').append(param);
            }
        }
        return out.toString();
    }

    /** Commands whose last parameter is text: sent with a colon, as clients expect to see it. */
    private static boolean trailingByHabit(String command) {
        return switch (command) {
            case "PRIVMSG", "NOTICE", "PART", "QUIT", "TOPIC", "ERROR", "AWAY" -> true;
            default -> Character.isDigit(command.charAt(0));
        };
    }

    /**
     * A three-digit numeric, or a word that starts with a letter and goes on with letters, digits and underscores
     * (servers answer an unknown one with 421, so it must parse).
     */
    private static boolean isCommand(String word) {
        if (word.isEmpty()) {
            return false;
        }
        if (Character.isDigit(word.charAt(0))) {
            return word.length() == 3 && Character.isDigit(word.charAt(1)) && Character.isDigit(word.charAt(2));
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            if (!(letter || i > 0 && (c >= '0' && c <= '9' || c == '_'))) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(String line, int pos) {
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    static int utf8Length(CharSequence text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The UTF-8 length of {@code text}. */
    public static int utf8Length(String text) {
        return utf8Length(text, 0, text.length());
    }

    /** The bytes of the formatted line with CR LF. */
    public byte[] toBytes() {
        return (format() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
