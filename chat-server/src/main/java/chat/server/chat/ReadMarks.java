package chat.server.chat;

import chat.core.wire.ServerFrame;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Read marks moved for what a person saw as it came: a message of a direct chat or room shown live on a text
 * (netcat) connection has been read, since that connection has no other way to say so. Marks are batched: one store
 * write is in flight at a time, and what is shown meanwhile is gathered (one mark per account and conversation, the
 * newest message) into the next one; a busy room costs a write per round trip of the store, not per message. A mark
 * that moved is told to all the account's devices ({@code read_mark}), so their unread counts follow. Loop thread
 * only.
 */
public final class ReadMarks {

    private static final Logger LOG = Logger.getLogger(ReadMarks.class.getName());

    private final Store store;
    private final Delivery delivery;
    /** The newest message shown, by account, then conversation as its frames name it. */
    private Map<Long, Map<String, Long>> pending = new HashMap<>();
    private boolean writing;

    public ReadMarks(Store store, Delivery delivery) {
        this.store = store;
        this.delivery = delivery;
    }

    /** {@code message} was shown to {@code chatter} as text; a stored one of a direct chat or room is now read. */
    public void shown(Chatter chatter, ServerFrame.Message message) {
        String conv = message.conv();
        if (!chatter.isLoggedIn() || conv == null || !(conv.startsWith("@") || conv.startsWith("#"))) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(message.id());
        } catch (NumberFormatException e) {
            return;
        }
        pending.computeIfAbsent(chatter.account().id(), account -> new HashMap<>()).merge(conv, id, Math::max);
        if (!writing) {
            write();
        }
    }

    private void write() {
        Map<Long, Map<String, Long>> marks = pending;
        pending = new HashMap<>();
        writing = true;
        store.submit(c -> {
            List<Moved> moved = new ArrayList<>();
            for (Map.Entry<Long, Map<String, Long>> account : marks.entrySet()) {
                for (Map.Entry<String, Long> mark : account.getValue().entrySet()) {
                    Integer unread = ConversationStore.markReadAt(c, account.getKey(), mark.getValue());
                    if (unread != null) {
                        moved.add(new Moved(account.getKey(), new ServerFrame.ReadMark(mark.getKey(),
                                Long.toString(mark.getValue()), unread)));
                    }
                }
            }
            return moved;
        }, (moved, error) -> {
            writing = false;
            if (error != null) {
                LOG.log(Level.WARNING, "read marks of netcat users not stored", error);
            } else {
                for (Moved mark : moved) {
                    delivery.toAccount(mark.accountId(), mark.frame(), null, null);
                }
            }
            if (!pending.isEmpty()) {
                write();
            }
        });
    }

    private record Moved(long accountId, ServerFrame.ReadMark frame) {
    }
}
