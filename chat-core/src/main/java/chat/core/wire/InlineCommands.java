package chat.core.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The inline commands people type on netcat, turned into the same {@link ClientFrame}s a JSON client sends, so the
 * server has one dispatch for both. A line that does not start with {@code /} says it in the current conversation;
 * {@code //} at the start says a line that begins with a slash. Command names are case-insensitive.
 */
public final class InlineCommands {

    /** One inline command: its name, its argument synopsis and what it does, as {@code /help} shows it. */
    public record Command(String name, String arguments, String summary, Parser parser) {
        /** {@code /name arguments}, as in a usage line. */
        public String usage() {
            return arguments.isEmpty() ? "/" + name : "/" + name + " " + arguments;
        }
    }

    /** Turns a command's argument text (trimmed, possibly empty) into a frame. */
    @FunctionalInterface
    public interface Parser {
        ClientFrame parse(String arguments) throws FrameException;
    }

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        add("help", "", "show this list", args -> new ClientFrame.Help(null));
        add("next", "[N] [topics,...]", "meet a random stranger (or a group of N, 2-8), preferring shared topics;"
                + " skips the current one", InlineCommands::parseNext);
        add("leave", "", "leave the current chat or stop waiting", args -> new ClientFrame.Leave(null, null));
        add("keep", "", "ask the stranger to stay in touch (both must agree and be registered)",
                args -> new ClientFrame.Keep(null, null));
        add("msg", "NAME TEXT", "send a direct message (and make it your current chat)", args -> {
            String[] parts = split(args, 2, "/msg NAME TEXT");
            return new ClientFrame.Say(null, "@" + parts[0], parts[1]);
        });
        add("go", "@NAME|#ROOM", "make a direct chat or a room your current chat", args -> {
            String[] parts = split(args, 1, "/go @NAME|#ROOM");
            return new ClientFrame.Focus(null, parts[0]);
        });
        add("join", "#ROOM", "join a room (created if new)", args -> {
            String[] parts = split(args, 1, "/join #ROOM");
            return new ClientFrame.Join(null, parts[0].startsWith("#") ? parts[0] : "#" + parts[0]);
        });
        add("part", "[#ROOM]", "leave a room", args -> new ClientFrame.Part(null, args.isEmpty() ? null : args));
        add("rooms", "[FROM]", "list the rooms (a long list from entry FROM on)",
                args -> new ClientFrame.Rooms(null, offset(args, "/rooms [FROM]")));
        add("topic", "TEXT", "set the topic of your current room", args -> {
            String[] parts = split(args, 1, "/topic TEXT");
            return new ClientFrame.Topic(null, null, parts[0]);
        });
        add("history", "[#ROOM|@NAME] [N]", "show the last N messages of your current chat, or of the one named",
                InlineCommands::parseHistory);
        add("who", "[#ROOM] [FROM]", "who is online, or in a room", InlineCommands::parseWho);
        add("whois", "NAME", "whether someone is online, and since when", args -> {
            String[] parts = split(args, 1, "/whois NAME");
            return new ClientFrame.Whois(null, parts[0]);
        });
        add("away", "[MESSAGE]", "tell others you are away", args -> new ClientFrame.Away(null, true,
                args.isEmpty() ? null : args));
        add("back", "", "tell others you are back", args -> new ClientFrame.Away(null, false, null));
        add("inbox", "[FROM]", "your rooms and direct chats, with unread counts",
                args -> new ClientFrame.Conversations(null, offset(args, "/inbox [FROM]")));
        add("block", "NAME", "block someone: no messages, never matched again", args -> {
            String[] parts = split(args, 1, "/block NAME");
            return new ClientFrame.Block(null, parts[0]);
        });
        add("unblock", "NAME", "lift a block", args -> {
            String[] parts = split(args, 1, "/unblock NAME");
            return new ClientFrame.Unblock(null, parts[0]);
        });
        add("blocks", "[FROM]", "list who you block", args -> new ClientFrame.Blocks(null,
                offset(args, "/blocks [FROM]")));
        add("report", "[HANDLE] [REASON]", "report your chat, or a recent stranger, to the operator",
                InlineCommands::parseReport);
        add("register", "NAME PASSWORD", "create an account and log in (shows recovery codes once)",
                args -> {
                    String[] parts = split(args, 2, "/register NAME PASSWORD");
                    return new ClientFrame.Register(null, parts[0], parts[1]);
                });
        add("login", "NAME PASSWORD", "log in", args -> {
            String[] parts = split(args, 2, "/login NAME PASSWORD");
            return new ClientFrame.Login(null, parts[0], parts[1]);
        });
        add("logout", "[all]", "log out (all: on every device)", InlineCommands::parseLogout);
        add("passwd", "OLD NEW", "change your password (logs out your other devices)", args -> {
            String[] parts = split(args, 2, "/passwd OLD NEW");
            return new ClientFrame.ChangePassword(null, parts[0], parts[1]);
        });
        add("reset", "NAME CODE NEWPASSWORD", "set a new password with a recovery code", args -> {
            String[] parts = split(args, 3, "/reset NAME CODE NEWPASSWORD");
            return new ClientFrame.ResetPassword(null, parts[0], parts[1], parts[2]);
        });
        add("delete-account", "PASSWORD", "delete your account and everything it stored", args -> {
            String[] parts = split(args, 1, "/delete-account PASSWORD");
            return new ClientFrame.DeleteAccount(null, parts[0]);
        });
        add("visible", "on|off", "show or hide yourself in the list of who is online",
                InlineCommands::parseVisible);
        add("anon", "[on|off]", "meet strangers under a handle (on) or as your account name (off, the default);"
                + " alone: say which", InlineCommands::parseAnon);
        add("whoami", "", "show who you are", args -> new ClientFrame.Hello(null, null));
        add("ping", "", "check that the server answers", args -> new ClientFrame.Ping(null));
        add("quit", "", "disconnect", args -> new ClientFrame.Quit(null));
    }

    private InlineCommands() {
    }

    /** Every command in the order {@code /help} lists them. */
    public static List<Command> all() {
        return List.copyOf(COMMANDS.values());
    }

    /**
     * Parses one non-blank line typed by a person.
     *
     * @throws FrameException {@link ErrorCode#UNKNOWN_COMMAND} or {@link ErrorCode#BAD_ARGUMENTS}
     */
    public static ClientFrame parse(String line) throws FrameException {
        if (!line.startsWith("/")) {
            return new ClientFrame.Say(null, null, line);
        }
        if (line.startsWith("//")) {
            return new ClientFrame.Say(null, null, line.substring(1));
        }
        int space = line.indexOf(' ');
        String name = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String arguments = space < 0 ? "" : line.substring(space + 1).strip();
        Command command = COMMANDS.get(name);
        if (command == null) {
            throw new FrameException(ErrorCode.UNKNOWN_COMMAND,
                    "unknown command /" + name + "; /help lists the commands");
        }
        return command.parser().parse(arguments);
    }

    private static ClientFrame parseNext(String arguments) throws FrameException {
        Integer size = null;
        List<String> interests = null;
        for (String word : arguments.isEmpty() ? new String[0] : arguments.split(" +")) {
            if (!word.isEmpty() && Character.isDigit(word.charAt(0)) && size == null && interests == null) {
                try {
                    size = Integer.parseInt(word);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < ClientFrame.Next.MIN_SIZE || size > ClientFrame.Next.MAX_SIZE) {
                    throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: /next [N] [topics,...] with N from "
                            + ClientFrame.Next.MIN_SIZE + " to " + ClientFrame.Next.MAX_SIZE + " (group size)");
                }
            } else if (interests == null) {
                interests = new ArrayList<>();
                for (String topic : word.split(",")) {
                    if (!topic.isBlank()) {
                        interests.add(topic.strip().toLowerCase(Locale.ROOT));
                    }
                }
            } else {
                throw new FrameException(ErrorCode.BAD_ARGUMENTS,
                        "usage: /next [N] [topics,...] (topics separated by commas, no spaces)");
            }
        }
        if (interests != null && interests.size() > ClientFrame.Next.MAX_INTERESTS) {
            throw new FrameException(ErrorCode.BAD_ARGUMENTS, "at most " + ClientFrame.Next.MAX_INTERESTS
                    + " topics");
        }
        return new ClientFrame.Next(null, size, interests);
    }

    private static ClientFrame parseWho(String arguments) throws FrameException {
        String[] words = arguments.isEmpty() ? new String[0] : arguments.split("\\s+");
        if (words.length == 0) {
            return new ClientFrame.Who(null, null);
        }
        boolean room = words[0].startsWith("#");
        if (words.length > (room ? 2 : 1)) {
            throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: /who [#ROOM] [FROM]");
        }
        String from = room ? (words.length == 2 ? words[1] : "") : words[0];
        return new ClientFrame.Who(null, room ? words[0] : null, offset(from, "/who [#ROOM] [FROM]"));
    }

    /** The FROM of a list command: how many entries to skip; null for none. */
    private static Integer offset(String argument, String usage) throws FrameException {
        if (argument.isEmpty()) {
            return null;
        }
        try {
            int offset = Integer.parseInt(argument);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: " + usage + " with FROM a number of entries to"
                + " skip (a long list ends with the one to type)");
    }

    /** {@code /history [#ROOM|@NAME] [N]}: the current chat's, or the named one's, last N messages. */
    private static ClientFrame parseHistory(String arguments) throws FrameException {
        String conv = null;
        String count = arguments;
        if (arguments.startsWith("#") || arguments.startsWith("@")) {
            int space = arguments.indexOf(' ');
            conv = space < 0 ? arguments : arguments.substring(0, space);
            count = space < 0 ? "" : arguments.substring(space + 1).trim();
        }
        if (count.isEmpty()) {
            return new ClientFrame.History(null, conv, null, 20);
        }
        try {
            int limit = Integer.parseInt(count);
            if (limit >= 1 && limit <= 200) {
                return new ClientFrame.History(null, conv, null, limit);
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: /history [#ROOM|@NAME] [N] with N from 1 to 200");
    }

    /** {@code /report [HANDLE] [REASON]}: a first word like {@code guest-1234} names a recent stranger. */
    private static ClientFrame parseReport(String arguments) {
        if (arguments.isEmpty()) {
            return new ClientFrame.Report(null, null, null, null);
        }
        int space = arguments.indexOf(' ');
        String first = space < 0 ? arguments : arguments.substring(0, space);
        if (first.toLowerCase(Locale.ROOT).matches("guest-[0-9]+")) {
            String reason = space < 0 ? "" : arguments.substring(space + 1).strip();
            return new ClientFrame.Report(null, null, first, reason.isEmpty() ? null : reason);
        }
        return new ClientFrame.Report(null, null, null, arguments);
    }

    private static ClientFrame parseLogout(String arguments) throws FrameException {
        if (arguments.isEmpty()) {
            return new ClientFrame.Logout(null, null);
        }
        if (arguments.equalsIgnoreCase("all")) {
            return new ClientFrame.Logout(null, true);
        }
        throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: /logout [all]");
    }

    private static ClientFrame parseVisible(String arguments) throws FrameException {
        switch (arguments.toLowerCase(Locale.ROOT)) {
            case "on":
                return new ClientFrame.Visibility(null, true);
            case "off":
                return new ClientFrame.Visibility(null, false);
            default:
                throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: /visible on|off");
        }
    }

    private static ClientFrame parseAnon(String arguments) throws FrameException {
        switch (arguments.toLowerCase(Locale.ROOT)) {
            case "":
                return new ClientFrame.Anon(null, null);
            case "on":
                return new ClientFrame.Anon(null, true);
            case "off":
                return new ClientFrame.Anon(null, false);
            default:
                throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: /anon [on|off]");
        }
    }

    /**
     * Splits arguments at runs of spaces into exactly {@code count} parts; the last part keeps any spaces inside it
     * (so a password may contain spaces when it comes last).
     */
    private static String[] split(String arguments, int count, String usage) throws FrameException {
        String[] parts = arguments.isEmpty() ? new String[0] : arguments.split(" +", count);
        if (parts.length != count) {
            throw new FrameException(ErrorCode.BAD_ARGUMENTS, "usage: " + usage);
        }
        return parts;
    }

    private static void add(String name, String arguments, String summary, Parser parser) {
        COMMANDS.put(name, new Command(name, arguments, summary, parser));
    }
}
