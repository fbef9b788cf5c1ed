package chat.server.chat;

import chat.core.wire.ServerFrame;
import chat.server.store.FileStore;
import java.util.Base64;

/** How a shared file appears on the wire. */
public final class SharedFiles {

    private SharedFiles() {
    }

    /** The file as a message carries it, thumbnail included. */
    public static ServerFrame.FileInfo info(FileStore.FileRow row) {
        return row == null ? null : new ServerFrame.FileInfo(row.publicId(), row.name(), row.size(), row.type(),
                row.width(), row.height(), row.thumbnail() == null ? null
                        : Base64.getEncoder().encodeToString(row.thumbnail()));
    }
}
