package chat.server.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One operator request, as it crosses the admin socket: a verb and its arguments on one line, separated by tabs, each
 * field escaped ({@code \\}, {@code \t}, {@code \n}, {@code \r}) so that anything an operator typed fits. The answer
 * comes back in lines of the same form: {@code out TEXT} and {@code err TEXT} for what the command prints, then
 * {@code exit CODE}. A request line is at most {@link #MAX_LINE_BYTES}.
 *
 * @param arguments exactly {@link Verb#arity()} of them
 */
public record AdminRequest(Verb verb, List<String> arguments) {

    /** The longest request line the server reads. */
    public static final int MAX_LINE_BYTES = 8 * 1024;

    /** What the operator asks for, and how many arguments each takes. */
    public enum Verb {
        USERS_LIST(0, false),
        /** The account name and the new password's bcrypt hash (the password itself never leaves the command). */
        RESET_PASSWORD(2, false),
        /** The account name and how many days its name is held. */
        DELETE_USER(2, false),
        /** {@code all} or {@code open}. */
        REPORTS_LIST(1, false),
        /** The report's number and what was done. */
        RESOLVE_REPORT(2, false),
        /** The account name or guest handle, and the reason (possibly empty). */
        KICK(2, true),
        /** The name or address, the duration ({@code 2h}, {@code permanent}: {@link BanDuration}), and the reason. */
        BAN(3, false),
        BANS(0, false),
        /** The name or address. */
        UNBAN(1, false),
        WHO(0, true);

        private final int arity;
        private final boolean needsServer;

        Verb(int arity, boolean needsServer) {
            this.arity = arity;
            this.needsServer = needsServer;
        }

        public int arity() {
            return arity;
        }

        /** Whether only a running server can do it (it acts on live connections alone). */
        public boolean needsServer() {
            return needsServer;
        }

        /** The verb as written on the wire, e.g. {@code reset-password}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Verb fromWireName(String name) {
            for (Verb verb : values()) {
                if (verb.wireName().equals(name)) {
                    return verb;
                }
            }
            throw new IllegalArgumentException("unknown request: " + name);
        }
    }

    public AdminRequest {
        arguments = List.copyOf(arguments);
        if (arguments.size() != verb.arity()) {
            throw new IllegalArgumentException(verb.wireName() + " takes " + verb.arity() + " arguments, not "
                    + arguments.size());
        }
    }

    public static AdminRequest of(Verb verb, String... arguments) {
        return new AdminRequest(verb, Arrays.asList(arguments));
    }

    /** Argument {@code index}. */
    public String argument(int index) {
        return arguments.get(index);
    }

    /** The request as one line, without its newline. */
    public String encode() {
        List<String> fields = new ArrayList<>(arguments.size() + 1);
        fields.add(verb.wireName());
        fields.addAll(arguments);
        return fields(fields);
    }

    /**
     * Reads a request line.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static AdminRequest decode(String line) {
        List<String> fields = fields(line);
        return new AdminRequest(Verb.fromWireName(fields.get(0)), fields.subList(1, fields.size()));
    }

    /** {@code fields} joined into one line: escaped, separated by tabs. */
    static String fields(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (line.length() > 0) {
                line.append('\t');
            }
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                switch (c) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    default -> line.append(c);
                }
            }
        }
        return line.toString();
    }

    /**
     * The fields of a line made by {@link #fields(List)}.
     *
     * @throws IllegalArgumentException on a bad escape
     */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\\') {
                char escaped = ++i < line.length() ? line.charAt(i) : '?';
                field.append(switch (escaped) {
                    case '\\' -> '\\';
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> throw new IllegalArgumentException("bad escape in an admin line");
                });
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
