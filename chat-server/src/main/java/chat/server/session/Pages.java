package chat.server.session;

import chat.core.wire.FrameCodec;
import chat.core.wire.ServerFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts list answers into pages that fit the asker's outbound queue: at most {@link #MAX_ENTRIES} entries and at
 * most a budget of bytes (a quarter of the outbound limit, at most {@link #MAX_BUDGET_BYTES}), counted as the
 * entries encode. So no request, however the lists grow (rooms, people online, long topics or messages), can make
 * the server queue an answer that cuts off whoever asked as a slow consumer. A page says how many entries follow
 * ({@code omitted}) and the offset that asks for them ({@code nextOffset}). Stored history is cut from its oldest
 * end instead, so {@code more} and {@code before} page on as they always did.
 */
final class Pages {

    /** The most entries in one page. */
    static final int MAX_ENTRIES = 500;
    /** The most bytes of entries in one answer, whatever the outbound limit. */
    static final int MAX_BUDGET_BYTES = 256 * 1024;

    /** One page: the entries, how many follow, and the offset to ask for them (both null on the last page). */
    record Page<T>(List<T> entries, Integer omitted, Integer nextOffset) {
    }

    private final int budgetBytes;

    /** @param maxOutboundBytes the outbound limit of a connection */
    Pages(long maxOutboundBytes) {
        this.budgetBytes = (int) Math.min(MAX_BUDGET_BYTES, maxOutboundBytes / 4);
    }

    /** The page of {@code all} that starts at {@code offset} (null: 0). */
    <T> Page<T> of(List<T> all, Integer offset, ToIntFunction<T> bytes) {
        int from = Math.min(offset == null ? 0 : offset, all.size());
        return ofSlice(all.subList(from, all.size()), from, all.size(), bytes);
    }

    /**
     * The page of a list of {@code total} entries whose entries from {@code offset} on start {@code slice} (the
     * store read a slice already).
     */
    <T> Page<T> ofSlice(List<T> slice, int offset, int total, ToIntFunction<T> bytes) {
        List<T> entries = new ArrayList<>(Math.min(slice.size(), MAX_ENTRIES));
        long used = 0;
        for (T entry : slice) {
            long size = bytes.applyAsInt(entry);
            if (entries.size() == MAX_ENTRIES || !entries.isEmpty() && used + size > budgetBytes) {
                break;
            }
            entries.add(entry);
            used += size;
        }
        int next = offset + entries.size();
        return next >= total ? new Page<>(entries, null, null) : new Page<>(entries, total - next, next);
    }

    /** {@code history} with as many of its newest messages as fit; {@code more} when older ones were left out. */
    ServerFrame.History fitted(ServerFrame.History history) {
        List<ServerFrame.Message> messages = history.messages();
        List<ServerFrame.Message> kept = new ArrayList<>(messages.size());
        long used = 0;
        for (int i = messages.size() - 1; i >= 0; i--) {
            long size = FrameCodec.encodeLine(messages.get(i)).length;
            if (!kept.isEmpty() && used + size > budgetBytes) {
                break;
            }
            kept.add(messages.get(i));
            used += size;
        }
        if (kept.size() == messages.size()) {
            return history;
        }
        Collections.reverse(kept);
        return new ServerFrame.History(history.re(), history.conv(), kept, true);
    }

    /** Bytes a room takes in a {@code room_list}. */
    static int bytes(ServerFrame.RoomSummary room) {
        return FrameCodec.encodeLine(new ServerFrame.RoomList(null, List.of(room))).length;
    }

    /** Bytes a user takes in a {@code who_list}. */
    static int bytes(ServerFrame.UserInfo user) {
        return FrameCodec.encodeLine(new ServerFrame.WhoList(null, null, List.of(user))).length;
    }

    /** Bytes a conversation takes in a {@code conversation_list}. */
    static int bytes(ServerFrame.ConversationSummary conversation) {
        return FrameCodec.encodeLine(new ServerFrame.ConversationList(null, List.of(conversation))).length;
    }

    /** Bytes a name takes in a list of names: at most 4 bytes a character, its quotes and comma. */
    static int bytes(String name) {
        return name.length() * 4 + 3;
    }
}
