package chat.server.chat;

import chat.core.wire.ServerFrame;
import chat.server.store.ConversationStore;
import chat.server.store.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Read marks moved for what a person saw as it came: a message of a direct chat or room shown live on a text
 * (netcat) connection has been read, since that connection has no other way to say so. Marks are batched: one store
 * write is in flight at a time, and what is shown meanwhile is gathered (one mark per account and conversation, the
 * newest message) into the next one; a busy room costs a write per round trip of the store, not per message. Loop
 * thread only.
 */
public final class ReadMarks {

    private static final Logger LOG = Logger.getLogger(ReadMarks.class.getName());

    private final Store store;
    /** The newest message shown, by account, then conversation as its frames name it. */
    private Map<Long, Map<String, Long>> pending = new HashMap<>();
    private boolean writing;

    public ReadMarks(Store store) {
        this.store = store;
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
            for (Map.Entry<Long, Map<String, Long>> account : marks.entrySet()) {
                for (long upTo : account.getValue().values()) {
                    ConversationStore.markReadAt(c, account.getKey(), upTo);
                }
            }
            return null;
        }, (ignored, error) -> {
            writing = false;
            if (error != null) {
                LOG.log(Level.WARNING, "read marks of netcat users not stored", error);
            }
            if (!pending.isEmpty()) {
                write();
            }
        });
    }
}
