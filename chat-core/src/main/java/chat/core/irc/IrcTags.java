package chat.core.irc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IRCv3 message tags: {@code key=value;+client/key;vendor.example/key=v}, values escaped as the spec says
 * ({@code \:} for ;, {@code \s} for space, {@code \\}, {@code \r}, {@code \n}; any other escaped character is itself;
 * a lone trailing backslash is dropped). A key appearing twice keeps its last value.
 */
public final class IrcTags {

    private IrcTags() {
    }

    static Map<String, String> parse(String section) throws IrcParseException {
        Map<String, String> tags = new LinkedHashMap<>();
        if (section.isEmpty()) {
            throw new IrcParseException(IrcParseException.Reason.BAD_TAG, "an empty tags section");
        }
        for (String tag : section.split(";", -1)) {
            if (tag.isEmpty()) {
                continue; // "a=1;" is tolerated, as by most servers
            }
            int equals = tag.indexOf('=');
            String key = equals < 0 ? tag : tag.substring(0, equals);
            if (!isKey(key)) {
                throw new IrcParseException(IrcParseException.Reason.BAD_TAG, "a malformed tag key");
            }
            tags.put(key, equals < 0 ? "" : unescape(tag.substring(equals + 1)));
        }
        return tags;
    }

    /** Whether {@code key} is {@code [+][vendor/]name} with a name of letters, digits and dashes. */
    static boolean isKey(String key) {
        String rest = key.startsWith("+") ? key.substring(1) : key;
        int slash = rest.lastIndexOf('/');
        String vendor = slash < 0 ? null : rest.substring(0, slash);
        String name = rest.substring(slash + 1);
        if (name.isEmpty() || vendor != null && vendor.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        if (vendor != null) {
            for (int i = 0; i < vendor.length(); i++) {
                char c = vendor.charAt(i);
                if (c <= ' ' || c == ';' || c == '=' || c == '\\') {
                    return false;
                }
            }
        }
        return true;
    }

    static String format(Map<String, String> tags) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(tag.getKey());
            if (!tag.getValue().isEmpty()) {
                out.append('=').append(escape(tag.getValue()));
            }
        }
        return out.toString();
    }

    static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == value.length()) {
                break;
            }
            char next = value.charAt(i);
            out.append(switch (next) {
                case ':' -> ';';
                case 's' -> ' ';
                case 'r' -> '\r';
                case 'n' -> '\n';
                default -> next;
            });
        }
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ';' -> out.append("\\:");
                case ' ' -> out.append("\\s");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
