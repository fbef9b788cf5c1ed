package chat.server.session;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.server.WorkerPool;
import chat.server.chat.Chatter;
import chat.server.chat.DirectChats;
import chat.server.chat.LiveLogin;
import chat.server.chat.Reply;
import chat.server.chat.Rooms;
import chat.server.chat.Scheduler;
import chat.server.files.FileVault;
import chat.server.files.Uploads;
import chat.server.store.FileStore;
import chat.server.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The file frames: uploads into a conversation ({@link UploadCommands}), and downloads for those who may see the
 * file. A download is read off the loop, on a pool of its own that is fair between addresses, in pieces of
 * {@link #DOWNLOAD_WINDOW} bytes; the client asks for the next piece, so a large file never floods the connection's
 * outbound queue. Files of a random chat go when it ends. Loop thread only.
 */
final class FileCommands {

    /** Bytes a download request returns at most; the client asks again from where it got to. */
    static final int DOWNLOAD_WINDOW = 256 * 1024;

    private final Uploads uploads;
    private final FileVault vault;
    private final Store store;
    private final WorkerPool downloads;
    private final Rooms rooms;
    private final UploadCommands uploadCommands;

    /** @param downloads the pool that reads files for downloads, fair between addresses */
    FileCommands(Uploads uploads, FileVault vault, Store store, WorkerPool downloads, Rooms rooms,
            ConversationCommands conversations, long quotaBytes, Scheduler scheduler) {
        this.uploads = uploads;
        this.vault = vault;
        this.store = store;
        this.downloads = downloads;
        this.rooms = rooms;
        this.uploadCommands = new UploadCommands(uploads, store, conversations, quotaBytes, scheduler);
    }

    /** Handles {@code frame} if it is a file frame; false when it is not one. */
    boolean handle(Session session, ClientFrame frame) {
        if (frame instanceof ClientFrame.Download download) {
            download(session, download);
            return true;
        }
        return uploadCommands.handle(session, frame);
    }

    /** A connection closed. */
    void closed(Session session) {
        uploadCommands.closed(session);
    }

    private void download(Session session, ClientFrame.Download download) {
        Chatter chatter = session.chatter();
        long offset = download.offset() == null ? 0 : download.offset();
        store.submit(LiveLogin.guard(chatter, c -> FileStore.byPublicId(c, download.file())),
                FileCommands.<FileStore.FileRow>reply(session, download.id(), row -> {
            if (row == null || !maySee(chatter, row)) {
                session.deliver(new ServerFrame.Error(download.id(), ErrorCode.UNKNOWN_FILE,
                        "no file " + download.file() + " that you can see"));
                return;
            }
            if (offset > row.size()) {
                session.deliver(new ServerFrame.Error(download.id(), ErrorCode.BAD_FIELD,
                        "offset past the end of the file"));
                return;
            }
            Runnable release = session.hold();
            downloads.submit(chatter.address(), () -> read(row, offset), (bytes, error) -> {
                try {
                    sendPiece(session, download, row, offset, bytes, error);
                    if (bytes != null) {
                        uploadCommands.keepPace(session, UploadCommands.ownerKey(chatter), bytes.length);
                    }
                } finally {
                    release.run();
                }
            });
        }).asCallback());
    }

    /** Sends one window of a download as chunks, then {@code ok}; or the error that kept it from being read. */
    private void sendPiece(Session session, ClientFrame.Download download, FileStore.FileRow row, long offset,
            byte[] bytes, Throwable error) {
        if (!session.isOpen()) {
            return;
        }
        if (error != null) {
            session.deliver(new ServerFrame.Error(download.id(), Reply.toChatException(error).code(),
                    "the file could not be read"));
            return;
        }
        int chunk = uploads.limits().chunkBytes();
        for (int start = 0; start < bytes.length; start += chunk) {
            int length = Math.min(chunk, bytes.length - start);
            byte[] piece = new byte[length];
            System.arraycopy(bytes, start, piece, 0, length);
            session.deliver(new ServerFrame.FileChunk(download.id(), row.publicId(), offset + start,
                    Base64.getEncoder().encodeToString(piece), row.size()));
        }
        if (download.id() != null) {
            session.deliver(new ServerFrame.Ok(download.id()));
        }
    }

    private byte[] read(FileStore.FileRow row, long offset) throws IOException {
        try (InputStream in = Files.newInputStream(vault.blob(row.sha256()))) {
            in.skipNBytes(offset);
            return in.readNBytes((int) Math.min(DOWNLOAD_WINDOW, row.size() - offset));
        }
    }

    /** Whether {@code chatter} may see a file: it is in the conversation the file was shared in. */
    private boolean maySee(Chatter chatter, FileStore.FileRow row) {
        String conversation = row.conversation();
        if (conversation.startsWith("~")) {
            return conversation.equals(chatter.currentConversationId());
        }
        if (conversation.startsWith("room:")) {
            return rooms.isMember(chatter, conversation.substring("room:".length()).toLowerCase(Locale.ROOT));
        }
        return DirectChats.isParticipant(chatter, conversation);
    }

    /** Deletes the files of a random chat that ended, and their contents when nothing else uses them. */
    void randomChatEnded(String conv) {
        store.submit(c -> FileStore.deleteConversation(c, conv), (unused, error) -> deleteBlobs(unused));
    }

    /** Deletes contents no file record uses any more (unless an upload of one is being shared right now). */
    void deleteBlobs(List<String> shas) {
        if (shas != null) {
            uploads.deleteIfUnused(shas);
        }
    }

    private static <T> Reply<T> reply(Session session, String requestId, java.util.function.Consumer<T> onResult) {
        return ConversationCommands.answer(session, requestId, onResult);
    }
}
