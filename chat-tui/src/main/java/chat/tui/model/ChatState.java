package chat.tui.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Everything the chat screen shows, owned by the UI thread: the connection, who the user is, the conversations
 * (random chat first), the input line and the help overlay. The view draws it; the app changes it.
 */
public final class ChatState {

    /** When the terminal bell rings. */
    public enum Bell {
        /** Never. */
        OFF,
        /** For a message that names the user, or a direct message, while it is out of sight. */
        MENTIONS,
        /** For every message out of sight. */
        ALL;

        /** Reads {@code off}, {@code mentions} or {@code all}. */
        public static Bell parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** The state of the connection, as the status bar says it. */
    public enum Link {
        CONNECTING("connecting"),
        ONLINE("online"),
        RECONNECTING("reconnecting"),
        OFFLINE("offline");

        private final String label;

        Link(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The key of the random-chat conversation, always first in the list. */
    public static final String RANDOM = "random";

    private final String server;
    private Link link = Link.CONNECTING;
    private String linkDetail = "";
    private String me = "";
    private boolean loggedIn;
    private String strangerHandle;
    private final List<Conversation> conversations = new ArrayList<>();
    private int selected;
    private final InputLine input = new InputLine();
    private boolean helpShown;
    private int helpScroll;
    private boolean startShown;
    private String transfer = "";
    private boolean secure;
    private boolean membersShown = true;
    private String hint;
    private Bell bell = Bell.MENTIONS;
    private boolean anon;
    private String firstUseNote;
    private Picture preview;

    public ChatState(String server) {
        this.server = server;
        conversations.add(new Conversation(RANDOM, "Stranger"));
    }

    public String server() {
        return server;
    }

    public Link link() {
        return link;
    }

    /** A few words on the link ("retrying in 4 s"), or empty. */
    public String linkDetail() {
        return linkDetail;
    }

    public void link(Link link, String detail) {
        this.link = link;
        this.linkDetail = detail == null ? "" : detail;
    }

    /** A few words for the status bar about what is going on ("found …: Esc ends"), or null. */
    public String hint() {
        return hint;
    }

    public void hint(String hint) {
        this.hint = hint;
    }

    /** Whether the member list is shown beside a room. */
    public boolean membersShown() {
        return membersShown;
    }

    public void toggleMembers() {
        membersShown = !membersShown;
    }

    public Bell bell() {
        return bell;
    }

    public void bell(Bell bell) {
        this.bell = bell;
    }

    /** Whether the connection is encrypted (TLS). */
    public boolean secure() {
        return secure;
    }

    public void secure(boolean secure) {
        this.secure = secure;
    }

    /**
     * The sentence about a TLS certificate pinned on this first connection (its fingerprint, to compare with the
     * operator's), or null: the start panel shows it, since it hides the log.
     */
    public String firstUseNote() {
        return firstUseNote;
    }

    public void firstUseNote(String note) {
        this.firstUseNote = note;
    }

    /** Forgets the account's conversations (after a logout): only the stranger's slot stays, on screen. */
    public void forgetAccount() {
        conversations.subList(1, conversations.size()).clear();
        selected = 0;
    }

    /** The user's handle: the account name when logged in, else the guest handle. */
    public String me() {
        return me;
    }

    public boolean loggedIn() {
        return loggedIn;
    }

    public void me(String handle, boolean loggedIn) {
        this.me = handle;
        this.loggedIn = loggedIn;
        if (!loggedIn) {
            anon = false;
        }
    }

    /**
     * Whether the account meets strangers under a handle rather than as its name (the server's {@code anon}
     * setting); false for a guest, who has no choice.
     */
    public boolean anon() {
        return anon;
    }

    public void anon(boolean anon) {
        this.anon = anon;
    }

    /** The handle strangers see for the user in the current random chat, or null. */
    public String strangerHandle() {
        return strangerHandle;
    }

    public void strangerHandle(String handle) {
        this.strangerHandle = handle;
    }

    public List<Conversation> conversations() {
        return Collections.unmodifiableList(conversations);
    }

    public Conversation random() {
        return conversations.get(0);
    }

    /** The conversation with that key, created at the end of the list if new. */
    public Conversation conversation(String key, String title) {
        for (Conversation conversation : conversations) {
            if (conversation.key().equals(key)) {
                return conversation;
            }
        }
        Conversation created = new Conversation(key, title);
        conversations.add(created);
        return created;
    }

    /**
     * The conversation for a server address: a direct chat or room ({@code @name}, {@code #name}) is created when
     * new; a random chat ({@code ~id}) is the stranger's slot while it holds that chat, else null.
     */
    public Conversation conversationFor(String conv) {
        if (conv.startsWith("~")) {
            return byServerId(conv);
        }
        Conversation conversation = conversation(conv.toLowerCase(Locale.ROOT), conv);
        conversation.serverId(conv);
        return conversation;
    }

    /** The direct chat or room {@code conv} when it is in the list, else null; nothing is created. */
    public Conversation find(String conv) {
        String key = conv.toLowerCase(Locale.ROOT);
        for (Conversation conversation : conversations) {
            if (conversation.key().equals(key)) {
                return conversation;
            }
        }
        return null;
    }

    /**
     * Takes a direct chat or room out of the list (the stranger's slot always stays); when it was on screen, the one
     * above it is shown.
     */
    public void remove(Conversation conversation) {
        int index = conversations.indexOf(conversation);
        if (index <= 0) {
            return;
        }
        conversations.remove(index);
        if (selected >= index) {
            selected--;
        }
    }

    /** The conversation whose server id is {@code serverId}, or null. */
    public Conversation byServerId(String serverId) {
        for (Conversation conversation : conversations) {
            if (serverId != null && serverId.equals(conversation.serverId())) {
                return conversation;
            }
        }
        return null;
    }

    public Conversation current() {
        return conversations.get(selected);
    }

    public int selectedIndex() {
        return selected;
    }

    /** Switches by {@code delta} places in the list, wrapping around; the one switched to counts as read. */
    public void switchBy(int delta) {
        int size = conversations.size();
        selected = ((selected + delta) % size + size) % size;
        current().markRead();
    }

    public void select(Conversation conversation) {
        selected = conversations.indexOf(conversation);
        current().markRead();
    }

    public InputLine input() {
        return input;
    }

    public boolean helpShown() {
        return helpShown;
    }

    public void toggleHelp() {
        helpShown = !helpShown;
        helpScroll = 0;
    }

    /** Rows the help panel is scrolled down. */
    public int helpScroll() {
        return helpScroll;
    }

    /** Scrolls the help panel by {@code rows} (down when positive), within {@code 0..max}. */
    public void scrollHelp(int rows, int max) {
        helpScroll = Math.max(0, Math.min(max, helpScroll + rows));
    }

    /** A file transfer under way, as the status bar says it ("↑ cat.png 45%"), or empty. */
    public String transfer() {
        return transfer;
    }

    public void transfer(String text) {
        this.transfer = text == null ? "" : text;
    }

    /** A picture shown large over the screen, or null. */
    public Picture preview() {
        return preview;
    }

    public void preview(Picture picture) {
        this.preview = picture;
    }

    /** Whether the start panel (log in, register, or continue as a guest) is up. */
    public boolean startShown() {
        return startShown;
    }

    public void startShown(boolean shown) {
        this.startShown = shown;
    }
}
