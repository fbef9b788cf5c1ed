package chat.tui.model;

import chat.core.wire.InlineCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What F1 and {@code /help} show, from the tables that make the behaviour: the user's settings as they are now, the
 * keys, the client's own commands, and every server command from {@link InlineCommands} (the table the server's
 * {@code /help} prints), so a command cannot exist without appearing here.
 */
public final class Help {

    /** One line of help: what to press or type, and what it does. */
    public record Entry(String what, String does) {
    }

    /** A command the client handles itself, never sent to the server. */
    public record ClientCommand(String name, String arguments, String summary) {
        /** {@code /name arguments}, as in a usage line. */
        public String usage() {
            return arguments.isEmpty() ? "/" + name : "/" + name + " " + arguments;
        }
    }

    /** A titled group of entries. */
    public record Section(String title, List<Entry> entries) {
    }

    /** The keys, as the key bindings handle them. */
    public static final List<Entry> KEYS = List.of(
            new Entry("Enter", "send the line"),
            new Entry("Up / Down", "earlier lines you sent (never ones with passwords)"),
            new Entry("PgUp / PgDn", "scroll the chat; older messages load at the top"),
            new Entry("Tab", "complete a command, a name, or a path after /send and /save"),
            new Entry("F2", "meet a random stranger (shows the stranger's chat)"),
            new Entry("F3", "leave the chat with the stranger"),
            new Entry("F4", "show the last picture large"),
            new Entry("F5 / F6", "previous / next chat (also Ctrl+P / Ctrl+N)"),
            new Entry("F7", "show or hide the member list beside a room"),
            new Entry("Esc", "end a /search"),
            new Entry("Ctrl+W / Ctrl+U", "delete a word / the line; Ctrl+A / Ctrl+E: start / end"),
            new Entry("F1", "this help (Up, Down, PgUp, PgDn scroll it)"),
            new Entry("F10, Ctrl+C", "quit"));

    /** Commands the client handles itself. */
    public static final List<ClientCommand> CLIENT_COMMANDS = List.of(
            new ClientCommand("send", "PATH", "share a file in this chat (~ is your home; Tab completes)"),
            new ClientCommand("save", "ID [PATH]", "download a shared file (to your download folder)"),
            new ClientCommand("cancel", "", "stop the files being sent or fetched"),
            new ClientCommand("me", "ACTION", "say what you do: /me waves shows as * alice waves"),
            new ClientCommand("resend", "", "send again the messages of this chat marked ✗ not sent"),
            new ClientCommand("search", "[TEXT]", "find TEXT in this chat's lines; again for older ones, Esc ends"),
            new ClientCommand("bell", "[off|mentions|all]", "when the terminal bell rings (default: mentions)"),
            new ClientCommand("help", "", "this help"),
            new ClientCommand("quit", "", "leave the program"));

    /** What the marks on lines mean. */
    public static final List<Entry> MARKS = List.of(
            new Entry("reverse name", "the message names you (and rings the bell)"),
            new Entry("…", "on its way to the server"),
            new Entry("✓", "the server has it (stored: someone offline gets it later)"),
            new Entry("✓✓", "delivered: someone received it at once"),
            new Entry("✗ not sent", "refused, or typed or cut off while not connected: /resend"));

    /** Server commands the client answers itself (they do something else on a netcat connection). */
    private static final Set<String> REPLACED = Set.of("help", "quit");

    private Help() {
    }

    /** The settings with their values in {@code state}: what to type to change each, and what it is now. */
    public static List<Entry> settings(ChatState state) {
        String anon = state.loggedIn() ? "now " + (state.anon() ? "on" : "off") + ": " + anonSetting(state)
                : anonSetting(state);
        return List.of(new Entry("/anon on|off", anon),
                new Entry("/bell off|mentions|all", "now " + state.bell().name().toLowerCase(Locale.ROOT)
                        + ": when the terminal bell rings"));
    }

    /** What strangers in random chats see for the user, by the server's {@code anon} setting. */
    public static String anonSetting(ChatState state) {
        if (!state.loggedIn()) {
            return "as a guest, strangers see your guest handle; log in to choose";
        }
        return state.anon() ? "strangers see a handle, not your account name"
                : "strangers see your account name, " + state.me();
    }

    /** Every section, in the order F1 shows them, with the settings as they are in {@code state}. */
    public static List<Section> sections(ChatState state) {
        List<Entry> commands = new ArrayList<>();
        for (InlineCommands.Command command : InlineCommands.all()) {
            if (!REPLACED.contains(command.name())) {
                commands.add(new Entry(command.usage(), command.summary()));
            }
        }
        List<Entry> client = CLIENT_COMMANDS.stream().map(command -> new Entry(command.usage(), command.summary()))
                .toList();
        return List.of(new Section("Your settings", settings(state)), new Section("Keys", KEYS),
                new Section("Chat commands", commands),
                new Section("Files and this program", client), new Section("Marks", MARKS));
    }

    /** Every command name the client understands, without the slash: for Tab. */
    public static List<String> commandNames() {
        List<String> names = new ArrayList<>();
        InlineCommands.all().forEach(command -> names.add(command.name()));
        CLIENT_COMMANDS.forEach(command -> {
            if (!names.contains(command.name())) {
                names.add(command.name());
            }
        });
        return names;
    }
}
