package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import chat.tui.config.ClientConfig;
import chat.tui.config.SavedSession;
import chat.tui.model.ChatState;
import chat.tui.model.Help;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the server says, turned into the model: each frame changes the {@link ChatState} the screen shows (a
 * message into its conversation, a pairing into the stranger's slot, a login into who the user is). UI thread.
 */
final class IncomingFrames implements ServerLink.Events {

    /** The most pages fetched, one after another, to fill what a conversation missed while away. */
    private static final int MAX_GAP_PAGES = 20;

    /** What the app does once connected: start looking for a stranger, open a conversation. */
    interface Start {
        void connected(boolean first);
    }

    private final UiThread ui;
    private final ChatState state;
    private final ServerLink link;
    private final Navigator navigator;
    private final Transfers transfers;
    private final Alerts alerts;
    private final ClientConfig config;
    private Start start = first -> { };
    private String openOnLogin;
    /** Whether the user was told that the connection is down (said once per outage, not at every retry). */
    private boolean outageSaid;
    /** A guest's rooms being joined again after a reconnect: their {@code room} answers are not news. */
    private final Set<Conversation> rejoining = new HashSet<>();

    IncomingFrames(UiThread ui, ServerLink link, Navigator navigator, Transfers transfers, Alerts alerts,
            ClientConfig config) {
        this.ui = ui;
        this.state = ui.state();
        this.link = link;
        this.navigator = navigator;
        this.transfers = transfers;
        this.alerts = alerts;
        this.config = config;
    }

    void onStart(Start start) {
        this.start = start;
    }

    /** A direct chat to open once logged in (direct chats need the login first). */
    void openOnLogin(String conv) {
        this.openOnLogin = conv;
    }

    @Override
    public void connected(boolean first) {
        outageSaid = false;
        if (!first) {
            state.random().add(LogLine.event(ui.now(), "Reconnected to " + link.server() + "."));
            reconnected();
        }
        start.connected(first);
    }

    @Override
    public void lost(Exception cause) {
        long now = ui.now();
        transfers.connectionLost();
        for (Conversation conversation : state.conversations()) {
            conversation.failPending();
        }
        Conversation random = state.random();
        if (random.serverId() != null) {
            random.add(LogLine.event(now, "Connection lost; the stranger is gone."));
            endRandomChat();
        }
        if (outageSaid || link.staysOffline()) {
            return; // the status bar counts the retries, or says why there are none
        }
        outageSaid = true;
        if (link.connectedBefore()) {
            ui.error("Connection lost: " + ServerLink.describe(cause) + ". Reconnecting by itself; F10 quits.");
        } else {
            state.startShown(false); // nothing on it works without a server
            ui.error("Cannot reach " + state.server() + ": " + ServerLink.describe(cause)
                    + ". Is the server running? Retrying by itself; F10 quits.");
        }
    }

    @Override
    public void frame(ServerFrame frame) {
        long now = ui.now();
        Conversation random = state.random();
        if (frame instanceof ServerFrame.Welcome welcome) {
            state.me(welcome.handle(), Boolean.TRUE.equals(welcome.loggedIn()));
        } else if (frame instanceof ServerFrame.Queued queued) {
            random.add(LogLine.event(now, queued.size() == 2 ? "Looking for a stranger…"
                    : "Looking for " + (queued.size() - 1) + " strangers…"));
        } else if (frame instanceof ServerFrame.Paired paired) {
            random.serverId(paired.conv());
            state.strangerHandle(paired.you());
            random.members(paired.partners().size() > 1 ? paired.partners() : List.of());
            random.topic(paired.interests() == null ? null : String.join(", ", paired.interests()));
            random.title(paired.partners().size() == 1 ? paired.partner() : "Group of " + paired.size());
            String shared = paired.interests() == null || paired.interests().isEmpty() ? ""
                    : (paired.partners().size() == 1 ? " You both like " : " You all like ")
                            + String.join(", ", paired.interests()) + ".";
            random.add(LogLine.event(now, (paired.partners().size() == 1
                    ? "You are now chatting with " + paired.partner() + ". Say hi!"
                    : "You are in a group with " + String.join(", ", paired.partners()) + ". Say hi!") + shared));
            alerts.arrived(random, null);
        } else if (frame instanceof ServerFrame.Message message) {
            Conversation conversation = state.conversationFor(message.conv());
            if (conversation != null) {
                LogLine line = line(message).mentioning(navigator.speakerIn(conversation));
                conversation.typing(message.from(), 0);
                if (!conversation.addMessage(line)) {
                    return;
                }
                if (line.kind() == LogLine.Kind.OWN) {
                    conversation.markRead(); // said on another device: everything up to it was read there
                } else {
                    alerts.arrived(conversation, line);
                    navigator.markReadIfShown(conversation);
                }
            }
        } else if (frame instanceof ServerFrame.FileChunk chunk) {
            transfers.chunk(chunk);
        } else if (frame instanceof ServerFrame.Room room) {
            room(room, now);
        } else if (frame instanceof ServerFrame.History history) {
            history(history);
        } else if (frame instanceof ServerFrame.MemberJoined joined) {
            Conversation room = state.conversationFor(joined.conv());
            room.memberJoined(joined.handle());
            room.add(LogLine.event(now, joined.handle() + " joined."));
        } else if (frame instanceof ServerFrame.MemberLeft left) {
            Conversation room = state.conversationFor(left.conv());
            room.memberLeft(left.handle());
            room.add(LogLine.event(now, left.handle() + " left."));
        } else if (frame instanceof ServerFrame.TopicChanged topic) {
            Conversation room = state.conversationFor(topic.conv());
            room.topic(topic.topic());
            room.add(LogLine.event(now, topic.by() + " set the topic: " + topic.topic()));
        } else if (frame instanceof ServerFrame.ConversationList list) {
            conversationList(list);
        } else if (frame instanceof ServerFrame.KeepRequested) {
            random.add(LogLine.event(now, "The stranger wants to stay in touch. Type /keep to agree."));
        } else if (frame instanceof ServerFrame.Kept kept) {
            random.add(LogLine.event(now, "You both kept the chat: it goes on in " + kept.direct() + "."));
            endRandomChat();
            navigator.show(state.conversationFor(kept.direct()));
        } else if (frame instanceof ServerFrame.RoomList list) {
            ui.event(list.rooms().isEmpty() ? "No rooms yet; /join #name starts one."
                    : "Rooms: " + String.join("  ", list.rooms().stream().map(room -> room.conv() + " ("
                            + room.members() + ", " + room.online() + " online)").toList()) + more(list.omitted(), "/rooms " + list.nextOffset()));
        } else if (frame instanceof ServerFrame.WhoList who) {
            ui.event((who.conv() == null ? "Online: " : "In " + who.conv() + ": ")
                    + String.join(", ", who.users().stream().map(user -> user.name()
                            + ("away".equals(user.status()) ? " (away)" : "")).toList())
                    + more(who.omitted(), "/who " + (who.conv() == null ? "" : who.conv() + " ") + who.nextOffset()));
        } else if (frame instanceof ServerFrame.Presence presence) {
            ui.event(presence.user().name() + " is " + presence.user().status()
                    + (presence.user().message() != null ? " (" + presence.user().message() + ")" : ""));
        } else if (frame instanceof ServerFrame.BlockList blocks) {
            ui.event(blocks.names().isEmpty() ? "You block nobody." : "You block: " + String.join(", ",
                    blocks.names()) + more(blocks.omitted(), "/blocks " + blocks.nextOffset()));
        } else if (frame instanceof ServerFrame.PartnerLeft left) {
            partnerLeft(left, now);
        } else if (frame instanceof ServerFrame.Left left && left.conv() != null && left.conv().startsWith("#")) {
            Conversation room = state.find(left.conv());
            if (room != null) {
                state.remove(room); // parted here or on another device, or logged out: the account is not in it
                ui.event("You left " + left.conv() + ".");
            }
        } else if (frame instanceof ServerFrame.Left left) {
            if (left.conv() == null || left.conv().equals(random.serverId())) {
                random.add(LogLine.event(now, left.conv() == null ? "You stopped waiting." : "You left the chat."));
                endRandomChat();
            }
        } else if (frame instanceof ServerFrame.Typing typing) {
            Conversation conversation = state.conversationFor(typing.conv());
            if (conversation != null) {
                boolean stopped = TypingState.DONE.wireName().equals(typing.state());
                conversation.typing(typing.from(), stopped ? 0 : now + TypingState.EXPIRES_AFTER_MILLIS);
            }
        } else if (frame instanceof ServerFrame.LoggedIn loggedIn) {
            loggedIn(loggedIn);
        } else if (frame instanceof ServerFrame.Anon anon) {
            state.anon(Boolean.TRUE.equals(anon.anon()));
            ui.event("Changed on another device: from your next random chat, " + Help.anonSetting(state) + ".");
        } else if (frame instanceof ServerFrame.ReadMark mark) {
            Conversation conversation = state.find(mark.conv());
            if (conversation != null) {
                conversation.unread(mark.unread()); // read on another device
            }
        } else if (frame instanceof ServerFrame.LoggedOut loggedOut) {
            state.me(loggedOut.handle(), false);
            endLogin();
            ui.event("Logged out; you are " + loggedOut.handle() + " again.");
        } else if (frame instanceof ServerFrame.Ok ok && ok.message() != null) {
            ui.event(UiThread.sentence(ok.message()));
        } else if (frame instanceof ServerFrame.Notice notice) {
            for (String line : notice.text().split("\n")) {
                ui.event(line);
            }
        } else if (frame instanceof ServerFrame.Bye bye) {
            bye(bye);
        }
    }

    /**
     * The server closes the connection and says why. An ended login goes on as a guest; after a kick, a ban or the
     * account's deletion the client does not reconnect by itself (the operator meant it, or nothing is left to
     * resume).
     */
    private void bye(ServerFrame.Bye bye) {
        String reason = bye.reason() == null ? "" : bye.reason();
        boolean loginEnded = switch (reason) {
            case "password_changed", "password_reset", "account_deleted", "logged_out" -> true;
            default -> false;
        };
        if (loginEnded) {
            endLogin();
        }
        String message = bye.message() != null ? bye.message() : reason;
        ui.event("The server says goodbye: " + message + ".");
        switch (reason) {
            case "kicked" -> link.stayOffline("kicked by an operator");
            case "banned" -> link.stayOffline(message);
            case "account_deleted" -> link.stayOffline("the account was deleted");
            default -> {
                if (loginEnded) {
                    ui.event("The login has ended here; you go on as a guest.");
                }
            }
        }
    }

    /**
     * A page of history, merged into what is shown: each message once, in order, an older page above. A page that is
     * all newer than what was shown (the client was away longer than a page) fetches the messages in between.
     */
    private void history(ServerFrame.History history) {
        Conversation conversation = state.conversationFor(history.conv());
        List<ServerFrame.Message> messages = history.messages();
        String oldestBefore = conversation.oldestMessageId();
        String newestBefore = conversation.lastMessageId();
        for (ServerFrame.Message message : messages) {
            conversation.addFromHistory(line(message).mentioning(state.me()));
        }
        boolean more = Boolean.TRUE.equals(history.more());
        String firstId = messages.isEmpty() ? null : messages.get(0).id();
        if (oldestBefore == null || firstId != null
                && Conversation.order(firstId) <= Conversation.order(oldestBefore)) {
            conversation.moreHistory(more); // the page reaches below what was shown: it says whether older ones exist
        } else {
            conversation.historyAnswered();
        }
        String before = conversation.missingBefore(firstId, more, newestBefore, MAX_GAP_PAGES);
        if (before != null) {
            link.request(new ClientFrame.History(null, conversation.serverId(), before, Navigator.OPENING_HISTORY));
        }
        navigator.markReadIfShown(conversation);
    }

    /**
     * The account's rooms and direct chats with their unread counts. The one after a login or resume ({@code re}
     * absent) is the whole truth about the account's rooms: a room it no longer lists was left on another device
     * meanwhile. Then the conversation on screen fetches what it missed, and the next page (if any) is asked for.
     */
    private void conversationList(ServerFrame.ConversationList list) {
        boolean atLogin = list.re() == null;
        Set<Conversation> listed = new HashSet<>();
        for (ServerFrame.ConversationSummary summary : list.conversations()) {
            Conversation conversation = state.conversationFor(summary.conv());
            listed.add(conversation);
            if (conversation != state.current()) {
                conversation.unread(summary.unread() == null ? 0 : summary.unread());
            }
        }
        if (!atLogin) {
            return;
        }
        if (list.omitted() == null) {
            for (Conversation conversation : List.copyOf(state.conversations())) {
                if (conversation.serverId() != null && conversation.serverId().startsWith("#")
                        && !listed.contains(conversation)) {
                    state.remove(conversation);
                }
            }
        } else {
            link.request(new ClientFrame.Conversations(null, list.nextOffset()));
        }
        navigator.catchUp(state.current());
        navigator.markReadIfShown(state.current());
    }

    /**
     * {@code room}: the answer to the user's join (shown at once), a guest's room joined again after a reconnect
     * (quietly), or a join on another device of the account (added to the list, not shown).
     */
    private void room(ServerFrame.Room room, long now) {
        Conversation conversation = state.conversationFor(room.conv());
        conversation.topic(room.topic());
        conversation.members(room.members());
        String people = " (" + room.members().size() + (room.members().size() == 1 ? " person)" : " people)");
        if (room.re() == null) {
            conversation.add(LogLine.event(now, "You joined " + room.conv() + " on another device" + people + "."));
            return;
        }
        conversation.caughtUp(true); // its history follows
        if (rejoining.remove(conversation)) {
            return;
        }
        conversation.add(LogLine.event(now, "You joined " + room.conv() + (room.topic() == null
                || room.topic().isEmpty() ? "" : " — " + room.topic()) + people + ". /part to leave."));
        navigator.show(conversation);
    }

    /**
     * After a reconnect nothing shown is known to be complete. A guest's rooms were its connection's, so it joins them
     * again; an account's rooms are its own and come back in the conversation list after the resume.
     */
    private void reconnected() {
        for (Conversation conversation : state.conversations()) {
            conversation.caughtUp(false);
            String conv = conversation.serverId();
            if (link.token() == null && conv != null && conv.startsWith("#")) {
                rejoining.add(conversation);
                link.request(new ClientFrame.Join(null, conv));
            }
        }
    }

    private void partnerLeft(ServerFrame.PartnerLeft left, long now) {
        Conversation conversation = state.byServerId(left.conv());
        if (conversation == null) {
            return;
        }
        conversation.typing(left.partner(), 0);
        conversation.memberLeft(left.partner());
        boolean ended = Boolean.TRUE.equals(left.ended());
        conversation.add(LogLine.event(now, left.partner() + " left the chat."
                + (ended ? " Press F2 to meet someone new." : "")));
        if (ended) {
            endRandomChat();
        }
    }

    /** The stranger's slot is empty again. */
    private void endRandomChat() {
        state.random().serverId(null);
        state.random().title("Stranger");
        state.random().members(List.of());
        state.random().topic(null);
    }

    private void loggedIn(ServerFrame.LoggedIn loggedIn) {
        boolean resumed = loggedIn.token().equals(link.token());
        link.token(loggedIn.token());
        state.me(loggedIn.name(), true);
        state.anon(Boolean.TRUE.equals(loggedIn.anon()));
        try {
            config.saveSession(new SavedSession(state.server(), loggedIn.name(), loggedIn.token(),
                    loggedIn.expires()));
        } catch (IOException e) {
            ui.error("Could not save the login: " + e.getMessage());
        }
        if (!resumed) {
            ui.event("Logged in as " + loggedIn.name() + ".");
        }
        if (openOnLogin != null) {
            navigator.open(openOnLogin);
            openOnLogin = null;
        }
        if (loggedIn.recoveryCodes() != null) {
            ui.event("Your recovery codes (each resets your password once; shown only now, keep them safe): "
                    + String.join("  ", loggedIn.recoveryCodes()));
        }
    }

    /** The login ended: its token, its saved session and its conversations go. */
    private void endLogin() {
        link.token(null);
        forgetSession();
        state.forgetAccount();
    }

    private void forgetSession() {
        try {
            config.forgetSession();
        } catch (IOException e) {
            ui.error("Could not forget the login: " + e.getMessage());
        }
    }

    /** A log line for a message, with its file and thumbnail if it shares one. */
    private LogLine line(ServerFrame.Message message) {
        LogLine line = (message.file() == null ? LogLine.message(message.ts(), message.from(), message.text())
                : LogLine.file(message.ts(), message.from(), Transfers.sharedFile(message.file()), false, null))
                .withMessageId(message.id());
        if (state.loggedIn() && message.from().equalsIgnoreCase(state.me())) {
            return line.asOwn(); // from history, or from another device of the account: stored, so ✓
        }
        return line;
    }

    /** The tail of a list the server cut into pages: how many more, and what shows them. */
    private static String more(Integer omitted, String command) {
        return omitted == null ? "" : "  … and " + omitted + " more: " + command;
    }
}
