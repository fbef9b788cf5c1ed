package chat.tui.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A conversation as the client shows it: its log, unread count, who is typing, and how far the user scrolled back.
 * The random-chat conversation is a slot that outlives the strangers in it: its {@link #serverId()} changes with
 * every match.
 *
 * <p>Stored messages (direct chats, rooms) come live, in history pages, and from the user's other devices, in any
 * order and sometimes twice: {@link #addMessage} keeps each message id once and in the order of the ids (the server
 * numbers stored messages in the order it stored them), so an older page goes above what is shown and a message
 * already shown is not shown again.
 */
public final class Conversation {

    private static final int LOG_LIMIT = 5_000;

    private final String key;
    private String title;
    private String serverId;
    private final List<LogLine> log = new ArrayList<>();
    private int unread;
    private String lastMessageId;
    private String oldestMessageId;
    private boolean moreHistory;
    private boolean historyRequested;
    /** Ids of the stored messages in the log. */
    private final Set<String> messageIds = new HashSet<>();
    private boolean caughtUp;
    private String readUpTo;
    private String gapFloor;
    private int gapPages;
    private int scrollBack;
    private boolean waitingNoted;
    private String topic;
    private final List<String> members = new ArrayList<>();
    private String searchQuery;
    private int searchHit = -1;
    private final Map<String, Long> typingUntil = new LinkedHashMap<>();

    public Conversation(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** A stable key for the client's list. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    public void title(String title) {
        this.title = title;
    }

    /** The server's conversation id, or null when there is none (no stranger right now). */
    public String serverId() {
        return serverId;
    }

    public void serverId(String serverId) {
        this.serverId = serverId;
    }

    public List<LogLine> log() {
        return Collections.unmodifiableList(log);
    }

    public void add(LogLine line) {
        log.add(line);
        if (log.size() > LOG_LIMIT) {
            log.remove(0);
        }
        if (scrollBack > 0) {
            scrollBack++; // keep the view where the user left it
        }
    }

    /** Updates one's own message that went out under {@code requestId}; false when there is none. */
    public boolean updateDelivery(String requestId, LogLine.Delivery delivery) {
        return update(requestId, line -> line.withDelivery(delivery));
    }

    /** Replaces one's own line that went out under {@code requestId}; false when there is none. */
    public boolean update(String requestId, UnaryOperator<LogLine> change) {
        for (int i = log.size() - 1; i >= 0; i--) {
            LogLine line = log.get(i);
            if (requestId.equals(line.requestId())) {
                log.set(i, change.apply(line));
                return true;
            }
        }
        return false;
    }

    /** Marks every own message still on its way as failed; returns how many there were. */
    public int failPending() {
        int failed = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).delivery() == LogLine.Delivery.SENDING) {
                log.set(i, log.get(i).withDelivery(LogLine.Delivery.FAILED));
                failed++;
            }
        }
        return failed;
    }

    public int unread() {
        return unread;
    }

    public void markUnread() {
        unread++;
    }

    public void markRead() {
        unread = 0;
    }

    /** Sets the unread count the server reported. */
    public void unread(int count) {
        unread = Math.max(0, count);
    }

    /** The id of the oldest stored message loaded here, or null; where scrolling back asks for more. */
    public String oldestMessageId() {
        return oldestMessageId;
    }

    /** Whether the server has older messages than those loaded. */
    public boolean moreHistory() {
        return moreHistory;
    }

    public void moreHistory(boolean more) {
        moreHistory = more;
        historyRequested = false;
    }

    /** A history page came: older pages may be asked for again. */
    public void historyAnswered() {
        historyRequested = false;
    }

    /** Marks that older history was asked for; false when it already was and the answer is still out. */
    public boolean requestHistory() {
        if (historyRequested) {
            return false;
        }
        historyRequested = true;
        return true;
    }

    /** The id of the newest stored message seen here, or null. */
    public String lastMessageId() {
        return lastMessageId;
    }

    /**
     * Adds a message line where its id puts it: after every message with a smaller id, before the first with a larger
     * one (at the end when it is the newest). A line whose stored message is shown already is dropped: false.
     * Lines without a stored id (events, random chats, one's own lines still on their way) go at the end.
     */
    public boolean addMessage(LogLine line) {
        return addMessage(line, false);
    }

    /**
     * {@link #addMessage} for a message from a history page: it also goes above the lines without a stored id that
     * are newer than it (the "You joined" of the join that fetched it, a "Reconnected"), so an older message never
     * shows below a later event.
     */
    public boolean addFromHistory(LogLine line) {
        return addMessage(line, true);
    }

    private boolean addMessage(LogLine line, boolean fromHistory) {
        long order = order(line.messageId());
        if (order < 0) {
            add(line);
            return true;
        }
        if (!messageIds.add(line.messageId())) {
            return false;
        }
        int at = log.size();
        if (lastMessageId != null && order < order(lastMessageId)) {
            at = 0;
            while (at < log.size() && order(log.get(at).messageId()) <= order) {
                at++;
            }
        }
        while (fromHistory && at > 0 && order(log.get(at - 1).messageId()) < 0 && log.get(at - 1).ts() > line.ts()) {
            at--;
        }
        if (at == log.size()) {
            add(line);
        } else {
            log.add(at, line);
            if (log.size() > LOG_LIMIT) {
                log.remove(log.size() - 1);
            }
        }
        noteId(line.messageId());
        return true;
    }

    /**
     * One's own line sent under {@code requestId} was stored as message {@code messageId}. If that message shows
     * already (fetched back meanwhile), the line goes: it would show twice.
     */
    public void confirm(String requestId, String messageId) {
        confirm(requestId, messageId, null);
    }

    /**
     * {@link #confirm(String, String)}, naming the line {@code from} (null: as it is): a line typed while a reconnect
     * was logging back in carries the guest name it was shown with, and the server stored it under the account's.
     */
    public void confirm(String requestId, String messageId, String from) {
        if (from != null) {
            for (int i = log.size() - 1; i >= 0; i--) {
                if (requestId.equals(log.get(i).requestId())) {
                    log.set(i, log.get(i).withFrom(from));
                    break;
                }
            }
        }
        if (order(messageId) < 0) {
            return;
        }
        boolean shown = !messageIds.add(messageId);
        for (int i = log.size() - 1; i >= 0; i--) {
            if (requestId.equals(log.get(i).requestId())) {
                if (shown) {
                    log.remove(i);
                } else {
                    log.set(i, log.get(i).withMessageId(messageId));
                }
                break;
            }
        }
        noteId(messageId);
    }

    private void noteId(String id) {
        long order = order(id);
        if (lastMessageId == null || order > order(lastMessageId)) {
            lastMessageId = id;
        }
        if (oldestMessageId == null || order < order(oldestMessageId)) {
            oldestMessageId = id;
        }
    }

    /** A stored message id as a number, to order by; -1 when it is none (a random chat's, or no id). */
    public static long order(String messageId) {
        if (messageId == null || messageId.isEmpty() || !Character.isDigit(messageId.charAt(0))) {
            return -1;
        }
        try {
            return Long.parseLong(messageId);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether what was missed while away (offline, or never opened since connecting) has been asked for; each
     * (re)connection asks again, once, when the conversation is on screen.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    public void caughtUp(boolean caughtUp) {
        this.caughtUp = caughtUp;
    }

    /** Whether {@code upTo} is newer than what was last told to the server as read; remembers it when it is. */
    public boolean readTo(String upTo) {
        if (upTo == null || upTo.equals(readUpTo)) {
            return false;
        }
        readUpTo = upTo;
        return true;
    }

    /**
     * After a history page that starts at {@code firstId} and has older messages ({@code more}) was merged, with
     * {@code newestBefore} the newest message shown before it: whether messages between the two are still missing
     * (the page is all newer than what was shown), and then the id to fetch older ones {@code before}. A gap is
     * followed for at most {@code maxPages} pages; a longer one is not left as a hole in the log: what was shown
     * before it goes, and scrolling back fetches it again, page by page, in order.
     */
    public String missingBefore(String firstId, boolean more, String newestBefore, int maxPages) {
        if (!more || firstId == null) {
            gapFloor = null;
            return null;
        }
        if (newestBefore != null && order(firstId) > order(newestBefore)) {
            gapFloor = newestBefore;
            gapPages = 1;
            return firstId;
        }
        if (gapFloor != null && order(firstId) > order(gapFloor)) {
            if (gapPages < maxPages) {
                gapPages++;
                return firstId;
            }
            dropBefore(firstId);
        }
        gapFloor = null;
        return null;
    }

    /** Takes every line above message {@code firstId} out of the log; older history is to be fetched again. */
    private void dropBefore(String firstId) {
        int first = 0;
        while (first < log.size() && !firstId.equals(log.get(first).messageId())) {
            first++;
        }
        if (first == log.size()) {
            return;
        }
        List<LogLine> dropped = log.subList(0, first);
        dropped.forEach(line -> messageIds.remove(line.messageId()));
        dropped.clear();
        oldestMessageId = firstId;
        moreHistory(true);
    }

    /** A room's topic, or a random chat's shared interests; null when there is none. */
    public String topic() {
        return topic;
    }

    public void topic(String topic) {
        this.topic = topic == null || topic.isBlank() ? null : topic;
    }

    /** Who is in it (a room's members, a random group's strangers), sorted; empty when unknown or a pair. */
    public List<String> members() {
        return Collections.unmodifiableList(members);
    }

    public void members(List<String> names) {
        members.clear();
        names.forEach(this::memberJoined);
    }

    public void memberJoined(String name) {
        if (members.stream().noneMatch(name::equalsIgnoreCase)) {
            members.add(name);
            members.sort(String.CASE_INSENSITIVE_ORDER);
        }
    }

    public void memberLeft(String name) {
        members.removeIf(name::equalsIgnoreCase);
    }

    /** What {@code /search} looks for here, or null. */
    public String searchQuery() {
        return searchQuery;
    }

    /** The log index of the line the search shows, or -1. */
    public int searchHit() {
        return searchHit;
    }

    /**
     * Looks for {@code query} (ignoring case) in lines before {@code before} (a log index; the log's size to start
     * at the newest), newest first; remembers the hit and returns its index, or -1 when there is none.
     */
    public int search(String query, int before) {
        searchQuery = query;
        String wanted = query.toLowerCase(Locale.ROOT);
        for (int i = Math.min(before, log.size()) - 1; i >= 0; i--) {
            LogLine line = log.get(i);
            if (line.text() != null && line.text().toLowerCase(Locale.ROOT).contains(wanted)
                    || line.from() != null && line.from().toLowerCase(Locale.ROOT).contains(wanted)) {
                searchHit = i;
                return i;
            }
        }
        searchHit = -1;
        return -1;
    }

    /** Ends a search: nothing highlighted any more. */
    public void endSearch() {
        searchQuery = null;
        searchHit = -1;
    }

    /** Whether the user was told that the partner is offline and messages wait (said once until one is delivered). */
    public boolean waitingNoted() {
        return waitingNoted;
    }

    public void waitingNoted(boolean noted) {
        waitingNoted = noted;
    }

    /** Lines scrolled back from the newest; 0 follows new lines. */
    public int scrollBack() {
        return scrollBack;
    }

    public void scrollBack(int lines) {
        scrollBack = Math.max(0, lines);
    }

    /** Records that {@code who} is typing until {@code until} (epoch ms), or stopped when {@code until} is 0. */
    public void typing(String who, long until) {
        if (until <= 0) {
            typingUntil.remove(who);
        } else {
            typingUntil.put(who, until);
        }
    }

    /** Who is typing at {@code now}. */
    public List<String> typingAt(long now) {
        typingUntil.values().removeIf(until -> until <= now);
        return List.copyOf(typingUntil.keySet());
    }
}
