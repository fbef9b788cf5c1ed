package chat.tui.app;

import chat.core.wire.ServerFrame;
import chat.tui.model.ChatState;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers to questions the user typed ({@code /whoami}, {@code /ping}, {@code /inbox}), said in the conversation on
 * screen. The same frames also arrive unasked (a greeting after connecting, the inbox after a login); only the ones
 * the user asked for are said. UI thread.
 */
final class Answers {

    /** Inbox entries said on one line each before the rest is summed up. */
    private static final int INBOX_LINES = 10;

    private final UiThread ui;
    private final ChatState state;

    Answers(UiThread ui) {
        this.ui = ui;
        this.state = ui.state();
    }

    /** Says {@code reply}, the answer to a question asked at {@code askedAt} (epoch ms). */
    void show(ServerFrame reply, long askedAt) {
        if (reply instanceof ServerFrame.Welcome welcome) {
            ui.event("You are " + welcome.handle() + (Boolean.TRUE.equals(welcome.loggedIn()) ? ", logged in,"
                    : ", a guest,") + " on " + state.server() + (welcome.server() == null ? ""
                    : " (" + welcome.server() + ")") + ".");
        } else if (reply instanceof ServerFrame.Pong) {
            ui.event("The server answered in " + Math.max(0, ui.now() - askedAt) + " ms.");
        } else if (reply instanceof ServerFrame.ConversationList inbox) {
            inbox(inbox);
        }
    }

    private void inbox(ServerFrame.ConversationList inbox) {
        if (inbox.conversations().isEmpty()) {
            ui.event("Your inbox is empty: no rooms or direct chats yet (/join #room, /msg NAME TEXT).");
            return;
        }
        List<String> lines = new ArrayList<>();
        int unread = 0;
        for (ServerFrame.ConversationSummary summary : inbox.conversations()) {
            int count = summary.unread() == null ? 0 : summary.unread();
            unread += count;
            if (lines.size() < INBOX_LINES) {
                String last = summary.last() == null ? "" : ": <" + summary.last().from() + "> "
                        + summary.last().text();
                lines.add("  " + summary.conv() + (count > 0 ? " (" + count + " unread)" : "") + last);
            }
        }
        ui.event("Inbox: " + inbox.conversations().size() + (inbox.conversations().size() == 1 ? " chat" : " chats")
                + (unread > 0 ? ", " + unread + " unread" : "") + " (F6 goes through them)");
        lines.forEach(ui::event);
        int more = inbox.conversations().size() - lines.size() + (inbox.omitted() == null ? 0 : inbox.omitted());
        if (more > 0) {
            ui.event("  … and " + more + " more" + (inbox.nextOffset() == null ? ""
                    : ": /inbox " + inbox.nextOffset()));
        }
    }
}
