package chat.server.session;

import chat.core.model.HumanUnits;
import chat.core.wire.ClientFrame;
import chat.core.wire.ErrorCode;
import chat.core.wire.ServerFrame;
import chat.server.chat.ChatException;
import chat.server.chat.Chatter;
import chat.server.chat.DirectChats;
import chat.server.chat.LiveLogin;
import chat.server.chat.Reply;
import chat.server.chat.Rooms;
import chat.server.chat.Scheduler;
import chat.server.chat.SharedFiles;
import chat.server.files.Uploads;
import chat.server.store.ConversationStore;
import chat.server.store.FileStore;
import chat.server.store.Store;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The upload frames. Nothing reaches the disk for a conversation that would not take it: {@code upload_start} checks
 * that the sender may post there (and its quota), and {@code upload_finish} checks again before the content moves
 * into the vault; a file whose message is not stored in the end has its content deleted (unless something else
 * uses it), so no content stays without a record. Every outcome is answered. Loop thread only.
 */
final class UploadCommands {

    private final Uploads uploads;
    private final Store store;
    private final ConversationCommands conversations;
    private final long quotaBytes;
    private final Scheduler scheduler;
    private final SecureRandom random = new SecureRandom();

    UploadCommands(Uploads uploads, Store store, ConversationCommands conversations, long quotaBytes,
            Scheduler scheduler) {
        this.uploads = uploads;
        this.scheduler = scheduler;
        this.store = store;
        this.conversations = conversations;
        this.quotaBytes = quotaBytes;
    }

    /** Handles {@code frame} if it is an upload frame; false when it is not one. */
    boolean handle(Session session, ClientFrame frame) {
        String owner = ownerKey(session.chatter());
        if (frame instanceof ClientFrame.UploadStart start) {
            start(session, start);
        } else if (frame instanceof ClientFrame.UploadChunk chunk) {
            uploads.chunk(owner, chunk.upload(), chunk.offset(), chunk.data(), answer(session, chunk.id(),
                    received -> {
                        if (chunk.id() != null) {
                            session.deliver(new ServerFrame.UploadProgress(chunk.id(), chunk.upload(), received));
                        }
                        keepPace(session, owner, chunk.data().length() / 4 * 3L); // base64: 3 bytes in 4
                    }));
        } else if (frame instanceof ClientFrame.UploadFinish finish) {
            Runnable release = session.hold();
            uploads.finish(owner, finish.upload(), (file, error) -> {
                if (error != null) {
                    answer(session, finish.id(), error);
                    release.run();
                } else {
                    commitAndShare(session, finish.id(), file, release);
                }
            });
        } else if (frame instanceof ClientFrame.UploadCancel cancel) {
            uploads.cancel(owner, cancel.upload());
            if (cancel.id() != null) {
                session.deliver(new ServerFrame.Ok(cancel.id()));
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * Counts file bytes moved for {@code owner}; past its pace the request stays in flight a while longer, so the
     * connection's next line (its next chunk) waits.
     */
    void keepPace(Session session, String owner, long bytes) {
        long waitMillis = uploads.pace().moved(owner, bytes);
        if (waitMillis > 0) {
            scheduler.schedule(waitMillis, session.hold());
        }
    }

    /** A connection closed: a guest's uploads end with it. */
    void closed(Session session) {
        if (!session.chatter().isLoggedIn()) {
            uploads.guestGone(ownerKey(session.chatter()));
        }
    }

    private void start(Session session, ClientFrame.UploadStart start) {
        String conv = conversations.conversationFor(session, start.conv());
        if (conv == null) {
            throw new ChatException(ErrorCode.NO_CONVERSATION, "you are not in a chat to share a file in");
        }
        Chatter chatter = session.chatter();
        Uploads.Uploader uploader = new Uploads.Uploader(ownerKey(chatter), chatter.address(), !chatter.isLoggedIn());
        Runnable release = session.hold();
        conversations.mayPost(session, conv, (allowed, refused) -> {
            try {
                if (refused != null) {
                    answer(session, start.id(), refused);
                } else if (session.isOpen() && uploader.guest()) {
                    begin(uploader, conv, start, ready(session, start)); // the uploads count the guest's quota
                } else if (session.isOpen()) {
                    long account = chatter.account().id();
                    store.submit(LiveLogin.guard(chatter, c -> FileStore.bytesOwnedBy(c, account)),
                            ConversationCommands.<Long>answer(session, start.id(), stored -> {
                                long used = stored + uploads.bytesInProgress(uploader.ownerKey());
                                if (used + start.size() > quotaBytes) {
                                    ready(session, start).done(null, new ChatException(ErrorCode.QUOTA_EXCEEDED,
                                            "your files would take " + HumanUnits.size(used + start.size())
                                                    + "; the quota is " + HumanUnits.size(quotaBytes)));
                                } else {
                                    begin(uploader, conv, start, ready(session, start));
                                }
                            }).asCallback());
                }
            } finally {
                release.run();
            }
        });
    }

    /** The answer to {@code upload_start}; it holds the request until it is given. */
    private Reply<Map.Entry<String, Long>> ready(Session session, ClientFrame.UploadStart start) {
        return ConversationCommands.answer(session, start.id(), upload -> session.deliver(new ServerFrame.UploadReady(
                start.id(), upload.getKey(), upload.getValue(), uploads.limits().chunkBytes())));
    }

    /** Starts the upload; {@code ready} answers, whatever happens. */
    private void begin(Uploads.Uploader uploader, String conv, ClientFrame.UploadStart start,
            Reply<Map.Entry<String, Long>> ready) {
        try {
            uploads.start(uploader, conv, start.name(), start.size(), start.sha256(), ready);
        } catch (ChatException e) {
            ready.done(null, e);
        }
    }

    /**
     * The bytes arrived and matched: checks once more that the conversation takes the file (the sender may have
     * left it, or been blocked), moves the content into the vault and posts the message. Whatever the connection
     * does meanwhile, the upload ends committed and shared, or with nothing kept. {@code release} ends the request's
     * hold once the next step holds it.
     */
    private void commitAndShare(Session session, String requestId, Uploads.Verified file, Runnable release) {
        if (!session.isOpen()) {
            uploads.discard(file);
            release.run();
            return;
        }
        conversations.mayPost(session, file.conv(), (allowed, refused) -> {
            if (refused != null || !session.isOpen()) {
                uploads.discard(file);
                answer(session, requestId, refused);
                release.run();
                return;
            }
            uploads.commit(file, (committed, error) -> {
                try {
                    if (error != null) {
                        answer(session, requestId, error);
                    } else {
                        share(session, requestId, committed);
                    }
                } finally {
                    release.run();
                }
            });
        });
    }

    /** Posts a committed file as a message; if the message is not stored, its content goes unless used elsewhere. */
    private void share(Session session, String requestId, Uploads.Verified file) {
        String publicId = "f" + HexFormat.of().formatHex(randomBytes(8));
        if (DirectChats.isDirect(file.conv()) || Rooms.isRoom(file.conv())) {
            ConversationStore.FileDraft draft = new ConversationStore.FileDraft(publicId, file.sha256(), file.size(),
                    file.name(), file.type(), file.width(), file.height(), file.thumbnail());
            conversations.post(session, requestId, file.conv(), file.name(), draft, null,
                    error -> settled(file, error == null, null));
            return;
        }
        Chatter chatter = session.chatter();
        String conv = file.conv();
        if (!conv.equals(chatter.currentConversationId())) {
            settled(file, false, null);
            answer(session, requestId, new ChatException(ErrorCode.NO_CONVERSATION,
                    "the chat ended before the file arrived; nothing was shared"));
            return;
        }
        // Random chats store the file's record alone (the messages are not stored); it goes with the chat.
        Long owner = chatter.isLoggedIn() ? chatter.account().id() : null;
        long now = System.currentTimeMillis();
        Runnable release = session.hold();
        store.submit(LiveLogin.guard(chatter, c -> FileStore.insert(c, publicId, file.sha256(), file.size(),
                file.name(), file.type(), file.width(), file.height(), file.thumbnail(), owner,
                chatter.handleInCurrentChat(), conv, now)), (row, error) -> {
                    try {
                        if (error != null) {
                            settled(file, false, null);
                            answer(session, requestId, error);
                            return;
                        }
                        conversations.post(session, requestId, conv, file.name(), null, SharedFiles.info(row),
                                postError -> settled(file, postError == null, postError == null ? null : row.id()));
                    } finally {
                        release.run();
                    }
                });
    }

    /**
     * Ends a committed upload: shared, or not (then the record {@code orphanRow} made for it, if any, is deleted,
     * and the content too when no other record uses it).
     */
    private void settled(Uploads.Verified file, boolean shared, Long orphanRow) {
        if (shared) {
            uploads.settled(file, true);
            return;
        }
        store.submit(c -> {
            if (orphanRow != null) {
                FileStore.deleteById(c, orphanRow);
            }
            return FileStore.unused(c, List.of(file.sha256()));
        }, (unused, error) -> {
            uploads.settled(file, false);
            if (error == null) {
                uploads.deleteIfUnused(unused);
            }
        });
    }

    private static void answer(Session session, String requestId, Throwable error) {
        if (session.isOpen() && error != null) {
            ChatException refusal = Reply.toChatException(error);
            session.deliver(new ServerFrame.Error(requestId, refusal.code(), refusal.getMessage(),
                    refusal.retryAfterSeconds()));
        }
    }

    private static <T> Reply<T> answer(Session session, String requestId, Consumer<T> onResult) {
        return ConversationCommands.answer(session, requestId, onResult);
    }

    /** Whose an upload is: an account's (it survives reconnects), or a guest connection's. */
    static String ownerKey(Chatter chatter) {
        return chatter.isLoggedIn() ? "account:" + chatter.account().id() : "connection:" + chatter.id();
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
