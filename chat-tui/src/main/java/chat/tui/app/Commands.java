package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameException;
import chat.core.wire.InlineCommands;
import chat.core.wire.ServerFrame;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import chat.tui.net.ChatClient;
import java.util.Locale;

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
    private final Runnable quit;

    Commands(UiThread ui, ServerLink link, Navigator navigator, Transfers transfers, Runnable quit) {
        this.ui = ui;
        this.state = ui.state();
        this.link = link;
        this.navigator = navigator;
        this.transfers = transfers;
        this.answers = new Answers(ui);
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
        String name = line.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (name.equals("/quit")) {
            quit.run();
            return;
        }
        if (name.equals("/help")) {
            state.toggleHelp();
            return;
        }
        String[] words = line.strip().split(" +", 3);
        if (name.equals("/send")) {
            if (words.length < 2) {
                ui.error("Usage: /send PATH");
            } else {
                transfers.send(line.strip().substring("/send".length()).strip());
            }
            return;
        }
        if (name.equals("/save")) {
            if (words.length < 2) {
                ui.error("Usage: /save ID [PATH]");
            } else {
                transfers.save(words[1], words.length > 2 ? words[2] : null);
            }
            return;
        }
        if (name.equals("/cancel")) {
            transfers.cancel();
            return;
        }
        ClientFrame frame;
        try {
            frame = InlineCommands.parse(line);
        } catch (FrameException e) {
            ui.error(UiThread.sentence(e.getMessage()));
            return;
        }
        if (frame instanceof ClientFrame.Focus focus) {
            navigator.open(focus.conv());
            return;
        }
        if (frame instanceof ClientFrame.Say say && say.conv() != null) {
            navigator.show(state.conversationFor(say.conv()));
            say(say.text());
            return;
        }
        if (frame instanceof ClientFrame.Next next) {
            next(next);
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

    /** A command that left out its conversation, aimed at the one on screen. */
    private ClientFrame inCurrentConversation(ClientFrame frame) {
        String current = state.current().serverId();
        if (frame instanceof ClientFrame.Part part && part.conv() == null && current != null
                && current.startsWith("#")) {
            return new ClientFrame.Part(null, current);
        } else if (frame instanceof ClientFrame.Topic topic && topic.conv() == null) {
            return new ClientFrame.Topic(null, current, topic.topic());
        } else if (frame instanceof ClientFrame.History history && history.conv() == null) {
            return new ClientFrame.History(null, current, null, history.limit());
        } else if (frame instanceof ClientFrame.Report report && report.conv() == null) {
            return new ClientFrame.Report(null, current, report.reason());
        }
        return frame;
    }

    /** Says {@code text} in the current conversation; the line shows its delivery as the server answers. */
    void say(String text) {
        Conversation conversation = state.current();
        long now = ui.now();
        if (conversation.serverId() == null) {
            conversation.add(LogLine.error(now, "You are not in a chat. Press F2 to meet a stranger."));
            return;
        }
        if (!link.online()) {
            conversation.add(LogLine.error(now, "Not connected; your message was not sent."));
            return;
        }
        String id = link.nextId();
        conversation.add(LogLine.own(now, navigator.speakerIn(conversation), text, id));
        conversation.scrollBack(0);
        link.request(id, new ClientFrame.Say(null, conversation.serverId(), text)).whenComplete(
                (reply, error) -> ui.post(() -> {
                    LogLine.Delivery delivery = error != null ? LogLine.Delivery.FAILED
                            : reply instanceof ServerFrame.Ok ok && Boolean.TRUE.equals(ok.delivered())
                                    ? LogLine.Delivery.DELIVERED : LogLine.Delivery.SENT;
                    conversation.updateDelivery(id, delivery);
                    if (error instanceof ChatClient.ServerError serverError) {
                        conversation.add(LogLine.error(ui.now(), UiThread.sentence(serverError.error().message())));
                    }
                    if (delivery == LogLine.Delivery.SENT && conversation.serverId().startsWith("@")
                            && !conversation.waitingNoted()) {
                        conversation.waitingNoted(true);
                        conversation.add(LogLine.event(ui.now(), conversation.serverId().substring(1)
                                + " is not online: the message waits for them (✓ stored, ✓✓ delivered)."));
                    } else if (delivery == LogLine.Delivery.DELIVERED) {
                        conversation.waitingNoted(false);
                    }
                }));
    }
}
