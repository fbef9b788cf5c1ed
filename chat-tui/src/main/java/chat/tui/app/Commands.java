package chat.tui.app;

import chat.core.model.UserName;
import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.FrameException;
import chat.core.wire.InlineCommands;
import chat.core.wire.ServerFrame;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.Help;
import chat.tui.model.LogLine;
import chat.tui.net.ChatClient;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;

/**
 * What the user types into the input line: a plain line is said in the current conversation; a {@code /command}
 * is either the client's own ({@code /send}, {@code /save}, {@code /quit}, {@code /help}) or the server's, parsed
 * by the same table the server uses ({@link InlineCommands}) and completed with the current conversation. UI
 * thread.
 */
final class Commands {

    private final UiThread ui;
    private final ChatState state;
    private final ServerLink link;
    private final Navigator navigator;
    private final Transfers transfers;
    private final Answers answers;
    private final IntUnaryOperator scrollToShow;
    private final Runnable quit;

    /** {@code scrollToShow} gives the scroll-back that brings a line (by log index) of the current chat into view. */
    Commands(UiThread ui, ServerLink link, Navigator navigator, Transfers transfers, IntUnaryOperator scrollToShow,
            Runnable quit) {
        this.ui = ui;
        this.state = ui.state();
        this.link = link;
        this.navigator = navigator;
        this.transfers = transfers;
        this.answers = new Answers(ui);
        this.scrollToShow = scrollToShow;
        this.quit = quit;
    }

    /** Enter: the input line as a message or a command. */
    void submit(String line) {
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("/") && !line.startsWith("//")) {
            command(line);
        } else {
            say(line.startsWith("//") ? line.substring(1) : line);
        }
    }

    private void command(String line) {
        int space = line.indexOf(' ');
        String name = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String arguments = space < 0 ? "" : line.substring(space + 1).strip();
        if (clientCommand(name, arguments)) {
            return;
        }
        ClientFrame frame;
        try {
            frame = InlineCommands.parse(line);
        } catch (FrameException e) {
            ui.error(UiThread.sentence(e.getMessage()));
            return;
        }
        if (frame instanceof ClientFrame.Register register && UserName.problemWith(register.name()) != null) {
            ui.error(UiThread.sentence(UserName.problemWith(register.name()))); // the password never leaves
            return;
        }
        if (frame instanceof ClientFrame.Focus focus) {
            navigator.open(focus.conv());
            return;
        }
        if (frame instanceof ClientFrame.Join join) {
            navigator.open(join.room()); // a room already in the list is shown, not joined (and announced) again
            return;
        }
        if (frame instanceof ClientFrame.History history && history.conv() != null) {
            navigator.open(history.conv()); // shows the chat named, where its lines go
            if (state.find(history.conv()) != null) {
                link.request(history);
            }
            return;
        }
        if (frame instanceof ClientFrame.Say say && say.conv() != null) {
            Conversation from = state.find(say.conv()) == null ? state.current() : null;
            navigator.show(state.conversationFor(say.conv()));
            say(say.text(), from);
            return;
        }
        if (frame instanceof ClientFrame.Next next) {
            next(next);
            return;
        }
        if (frame instanceof ClientFrame.Anon anon && anon.anon() != null) {
            // The server's ok says it in words; the status bar and F1 show it from now on.
            link.request(frame).thenAccept(reply -> ui.post(() -> state.anon(anon.anon())));
            return;
        }
        if (frame instanceof ClientFrame.Hello || frame instanceof ClientFrame.Ping
                || frame instanceof ClientFrame.Conversations) {
            long askedAt = ui.now();
            link.request(frame).thenAccept(reply -> ui.post(() -> answers.show(reply, askedAt)));
            return;
        }
        link.request(inCurrentConversation(frame));
    }

    /** F2 or {@code /next}: looks for a stranger, and shows the stranger's slot where they will appear. */
    void next(ClientFrame.Next next) {
        navigator.show(state.random());
        link.request(next);
    }

    /** The client's own commands ({@link Help#CLIENT_COMMANDS}); false for a command of the server's. */
    private boolean clientCommand(String name, String arguments) {
        switch (name) {
            case "quit" -> quit.run();
            case "help" -> state.toggleHelp();
            case "send" -> {
                if (arguments.isEmpty()) {
                    usage(name);
                } else {
                    transfers.send(arguments);
                }
            }
            case "save" -> {
                String[] parts = arguments.split(" +", 2);
                if (arguments.isEmpty()) {
                    usage(name);
                } else {
                    transfers.save(parts[0], parts.length > 1 ? parts[1] : null);
                }
            }
            case "cancel" -> transfers.cancel();
            case "me" -> {
                if (arguments.isEmpty()) {
                    usage(name);
                } else {
                    say(LogLine.ACTION_MARKER + arguments);
                }
            }
            case "resend" -> resend();
            case "search" -> search(arguments);
            case "bell" -> bell(arguments);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void usage(String name) {
        Help.CLIENT_COMMANDS.stream().filter(command -> command.name().equals(name)).findFirst()
                .ifPresent(command -> ui.error("Usage: " + command.usage()));
    }

    /** {@code /bell [off|mentions|all]}: when the terminal bell rings. */
    private void bell(String arguments) {
        if (!arguments.isEmpty()) {
            try {
                state.bell(ChatState.Bell.parse(arguments));
            } catch (IllegalArgumentException e) {
                usage("bell");
                return;
            }
        }
        ui.event(switch (state.bell()) {
            case OFF -> "The bell is off.";
            case MENTIONS -> "The bell rings for messages that name you, and for direct messages and strangers"
                    + " out of sight.";
            case ALL -> "The bell rings for every message out of sight.";
        });
    }

    /**
     * {@code /search TEXT}: the newest line of this chat with TEXT, highlighted and scrolled to; {@code /search}
     * alone goes on to the next older one; Esc ends the search.
     */
    private void search(String query) {
        Conversation conversation = state.current();
        String wanted = query.isEmpty() ? conversation.searchQuery() : query;
        if (wanted == null) {
            usage("search");
            return;
        }
        int before = query.isEmpty() && conversation.searchHit() >= 0 ? conversation.searchHit()
                : conversation.log().size();
        int hit = conversation.search(wanted, before);
        if (hit < 0) {
            boolean again = query.isEmpty();
            conversation.endSearch();
            conversation.scrollBack(0);
            state.hint(null);
            ui.error((again ? "No older line with \"" : "No line with \"") + wanted + "\" in this chat.");
            return;
        }
        conversation.scrollBack(scrollToShow.applyAsInt(hit));
        state.hint("found \"" + wanted + "\": /search for older, Esc ends");
    }

    /** {@code /resend}: sends again, under their first ids, the messages of this chat marked not sent. */
    private void resend() {
        Conversation conversation = state.current();
        List<LogLine> failed = conversation.log().stream().filter(line -> line.kind() == LogLine.Kind.OWN
                && line.delivery() == LogLine.Delivery.FAILED).toList();
        if (failed.isEmpty()) {
            ui.event("Nothing here is marked not sent.");
            return;
        }
        if (!link.online() || conversation.serverId() == null) {
            ui.error(!link.online() ? "Not connected; /resend once reconnected."
                    : "This chat has ended; nothing can be sent in it.");
            return;
        }
        int files = 0;
        for (LogLine line : failed) {
            if (line.file() != null) {
                files++;
            } else {
                conversation.updateDelivery(line.requestId(), LogLine.Delivery.SENDING);
                send(conversation, line.requestId(), line.text(), null);
            }
        }
        if (files > 0) {
            ui.event(files == 1 ? "A file is not sent again by /resend: /send it again."
                    : files + " files are not sent again by /resend: /send them again.");
        }
    }

    /** A command that left out its conversation, aimed at the one on screen. */
    private ClientFrame inCurrentConversation(ClientFrame frame) {
        String current = state.current().serverId();
        if (frame instanceof ClientFrame.Part part && part.conv() == null && current != null
                && current.startsWith("#")) {
            return new ClientFrame.Part(null, current);
        } else if (frame instanceof ClientFrame.Topic topic && topic.conv() == null && current != null
                && current.startsWith("#")) {
            return new ClientFrame.Topic(null, current, topic.topic());
        } else if (frame instanceof ClientFrame.History history && history.conv() == null) {
            return new ClientFrame.History(null, current, null, history.limit());
        } else if (frame instanceof ClientFrame.Report report && report.conv() == null) {
            return new ClientFrame.Report(null, current, report.reason());
        }
        return frame;
    }

    /**
     * Sends {@code text} under request id {@code id} and shows the answer on the line of that id. The server takes a
     * second send under the same id for a resend: it never stores the message twice.
     */
    private void send(Conversation conversation, String id, String text, Conversation cameFrom) {
        link.request(id, new ClientFrame.Say(null, conversation.serverId(), text)).whenComplete(
                (reply, error) -> ui.post(() -> {
                    LogLine.Delivery delivery = error != null ? LogLine.Delivery.FAILED
                            : reply instanceof ServerFrame.Ok ok && Boolean.TRUE.equals(ok.delivered())
                                    ? LogLine.Delivery.DELIVERED : LogLine.Delivery.SENT;
                    conversation.updateDelivery(id, delivery);
                    if (reply instanceof ServerFrame.Ok ok) {
                        // Answers come in order, so a login a reconnect was making has been answered by now.
                        conversation.confirm(id, ok.id(), navigator.speakerIn(conversation));
                    }
                    if (error instanceof ChatClient.ServerError serverError && nobodyThere(conversation, serverError)) {
                        state.remove(conversation); // a /msg to a name no account has: no chat to keep in the list
                        if (cameFrom != null && state.conversations().contains(cameFrom)) {
                            navigator.show(cameFrom); // back where the /msg was typed
                        }
                        ui.error(UiThread.sentence(serverError.error().message()) + " Nothing was sent.");
                        return;
                    }
                    if (error instanceof ChatClient.ServerError serverError) {
                        conversation.add(LogLine.error(ui.now(), UiThread.sentence(serverError.error().message())));
                    }
                    if (delivery == LogLine.Delivery.SENT && conversation.serverId() != null
                            && conversation.serverId().startsWith("@") && !conversation.waitingNoted()) {
                        conversation.waitingNoted(true);
                        conversation.add(LogLine.event(ui.now(), conversation.serverId().substring(1)
                                + " is not online: the message waits for them (✓ stored, ✓✓ delivered)."));
                    } else if (delivery == LogLine.Delivery.DELIVERED) {
                        conversation.waitingNoted(false);
                    }
                }));
    }

    /** Whether {@code refusal} says that the direct chat, with nothing stored in it, is with nobody. */
    private static boolean nobodyThere(Conversation conversation, ChatClient.ServerError refusal) {
        return ErrorCode.UNKNOWN_USER.wireName().equals(refusal.error().code()) && conversation.serverId() != null
                && conversation.serverId().startsWith("@") && conversation.lastMessageId() == null;
    }

    /** Says {@code text} in the current conversation; the line shows its delivery as the server answers. */
    void say(String text) {
        say(text, null);
    }

    /** {@link #say(String)}; {@code cameFrom} is where a {@code /msg} that opened a new chat was typed, else null. */
    private void say(String text, Conversation cameFrom) {
        Conversation conversation = state.current();
        long now = ui.now();
        if (conversation.serverId() == null) {
            conversation.add(LogLine.error(now, "You are not in a chat. Press F2 to meet a stranger."));
            return;
        }
        if (!link.online()) { // kept, marked not sent: /resend sends it once reconnected, under the same id
            conversation.add(LogLine.own(now, navigator.speakerIn(conversation), text, link.nextId())
                    .withDelivery(LogLine.Delivery.FAILED));
            conversation.scrollBack(0);
            ui.error("Not connected; /resend sends it once reconnected.");
            return;
        }
        String id = link.nextId();
        conversation.add(LogLine.own(now, navigator.speakerIn(conversation), text, id));
        conversation.scrollBack(0);
        send(conversation, id, text, cameFrom);
    }
}
