package chat.server.session;

import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.server.WorkerPool;
import chat.server.chat.ChatException;
import chat.server.chat.Chatter;
import chat.server.chat.DirectChats;
import chat.server.chat.LiveLogin;
import chat.server.chat.Reply;
import chat.server.chat.Rooms;
import chat.server.chat.SharedFiles;
import chat.server.files.FileVault;
import chat.server.files.Uploads;
import chat.server.store.ConversationStore;
import chat.server.store.FileStore;
import chat.server.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The file frames: uploads into a conversation, and downloads for those who may see the file. A finished upload is
 * posted as a message that carries the file; in a random chat the file lives as long as the chat. A download is read
 * off the loop in pieces of {@link #DOWNLOAD_WINDOW} bytes; the client asks for the next piece, so a large file never
 * floods the connection's outbound queue. Loop thread only.
 */
final class FileCommands {

    /** Bytes a download request returns at most; the client asks again from where it got to. */
    static final int DOWNLOAD_WINDOW = 256 * 1024;

    private final Uploads uploads;
    private final FileVault vault;
    private final Store store;
    private final WorkerPool workers;
    private final Rooms rooms;
    private final ConversationCommands conversations;
    private final long quotaBytes;
    private final SecureRandom random = new SecureRandom();

    FileCommands(Uploads uploads, FileVault vault, Store store, WorkerPool workers, Rooms rooms,
            ConversationCommands conversations, long quotaBytes) {
        this.uploads = uploads;
        this.vault = vault;
        this.store = store;
        this.workers = workers;
        this.rooms = rooms;
        this.conversations = conversations;
        this.quotaBytes = quotaBytes;
    }

    /** Handles {@code frame} if it is a file frame; false when it is not one. */
    boolean handle(Session session, ClientFrame frame) {
        String owner = ownerKey(session.chatter());
        if (frame instanceof ClientFrame.UploadStart start) {
            String conv = conversations.conversationFor(session, start.conv());
            if (conv == null) {
                throw new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a chat to share a file in");
            }
            Reply<java.util.Map.Entry<String, Long>> ready = reply(session, start.id(),
                    upload -> session.deliver(new ServerFrame.UploadReady(start.id(), upload.getKey(),
                            upload.getValue(), uploads.limits().chunkBytes())));
            Chatter chatter = session.chatter();
            if (!chatter.isLoggedIn()) {
                if (start.size() > quotaBytes) {
                    throw quotaExceeded(0, start.size());
                }
                uploads.start(owner, conv, start.name(), start.size(), start.sha256(), ready);
            } else {
                long account = chatter.account().id();
                store.submit(LiveLogin.guard(chatter, c -> FileStore.bytesOwnedBy(c, account)),
                        FileCommands.<Long>reply(session, start.id(), used -> {
                            if (used + start.size() > quotaBytes) {
                                ready.done(null, quotaExceeded(used, start.size()));
                            } else {
                                try {
                                    uploads.start(owner, conv, start.name(), start.size(), start.sha256(), ready);
                                } catch (ChatException e) {
                                    ready.done(null, e);
                                }
                            }
                        }).asCallback());
            }
        } else if (frame instanceof ClientFrame.UploadChunk chunk) {
            uploads.chunk(owner, chunk.upload(), chunk.offset(), chunk.data(), reply(session, chunk.id(),
                    received -> {
                        if (chunk.id() != null) {
                            session.deliver(new ServerFrame.UploadProgress(chunk.id(), chunk.upload(), received));
                        }
                    }));
        } else if (frame instanceof ClientFrame.UploadFinish finish) {
            uploads.finish(owner, finish.upload(), reply(session, finish.id(), done -> share(session, finish.id(),
                    done.getKey(), done.getValue())));
        } else if (frame instanceof ClientFrame.UploadCancel cancel) {
            uploads.cancel(owner, cancel.upload());
            if (cancel.id() != null) {
                session.deliver(new ServerFrame.Ok(cancel.id()));
            }
        } else if (frame instanceof ClientFrame.Download download) {
            download(session, download);
        } else {
            return false;
        }
        return true;
    }

    private void share(Session session, String requestId, String conv, Uploads.Verified file) {
        String publicId = "f" + HexFormat.of().formatHex(randomBytes(8));
        ConversationStore.FileDraft draft = new ConversationStore.FileDraft(publicId, file.sha256(), file.size(),
                file.name(), file.type(), file.width(), file.height(), file.thumbnail());
        if (DirectChats.isDirect(conv) || Rooms.isRoom(conv)) {
            conversations.post(session, requestId, conv, file.name(), draft, null);
            return;
        }
        Chatter chatter = session.chatter();
        String randomConv = chatter.currentConversationId();
        if (randomConv == null || !randomConv.equals(conv)) {
            session.deliver(new ServerFrame.Error(requestId, ErrorCode.NO_CONVERSATION,
                    "the chat ended before the file arrived; nothing was shared"));
            return;
        }
        Long owner = chatter.isLoggedIn() ? chatter.account().id() : null;
        long now = System.currentTimeMillis();
        store.submit(LiveLogin.guard(chatter, c -> FileStore.insert(c, publicId, file.sha256(), file.size(),
                file.name(), file.type(), file.width(), file.height(), file.thumbnail(), owner,
                chatter.handleInCurrentChat(), conv, now)),
                FileCommands.<FileStore.FileRow>reply(session, requestId, row -> conversations.post(session,
                        requestId, conv, file.name(), null, SharedFiles.info(row))).asCallback());
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
            workers.submit(() -> read(row, offset), (bytes, error) -> {
                try {
                    sendPiece(session, download, row, offset, bytes, error);
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

    /** Deletes contents no file record uses any more. */
    void deleteBlobs(List<String> shas) {
        if (shas == null || shas.isEmpty()) {
            return;
        }
        workers.submit(() -> {
            for (String sha : shas) {
                vault.delete(sha);
            }
            return null;
        }, (ignored, error) -> { });
    }

    private ChatException quotaExceeded(long used, long size) {
        return new ChatException(ErrorCode.QUOTA_EXCEEDED, "your files would take " + (used + size)
                + " bytes; the quota is " + quotaBytes);
    }

    private static String ownerKey(Chatter chatter) {
        return chatter.isLoggedIn() ? "account:" + chatter.account().id() : "connection:" + chatter.id();
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static <T> Reply<T> reply(Session session, String requestId, java.util.function.Consumer<T> onResult) {
        return ConversationCommands.answer(session, requestId, onResult);
    }
}
