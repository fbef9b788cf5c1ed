package chat.server.files;

import chat.core.wire.ErrorCode;
import chat.server.chat.ChatException;
import chat.server.chat.MessageText;
import chat.server.WorkerPool;
import chat.server.chat.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Uploads in progress, and the disk they may take. A client announces a file (name, size, SHA-256), sends it in
 * chunks that must follow each other, and finishes; the bytes go to a temporary file on the file thread (never on
 * the event loop), the checksum is checked at the end, pictures are inspected on a pool of their own (so a slow
 * picture delays nobody's chunks), and the caller, having checked again that the conversation takes the file, has
 * the content moved into the {@link FileVault} ({@link #commit}) and then reports whether the message that shares it
 * was stored ({@link #settled}). Content that ends up shared by nothing is deleted ({@link #deleteIfUnused}), never
 * while another upload of the same content is between its commit and its message.
 *
 * <p>Bounds: an upload's announced size is reserved when it starts, against the bytes of unfinished uploads the
 * server holds in all and from one address, and, for a guest, against its quota (per connection and per address a
 * day: {@link GuestQuota}); accounts' quotas are checked by the caller against what they have stored. An upload
 * belongs to its owner (an account, or a guest's connection): after a reconnect the same account resumes it from
 * where it stopped; a guest's ends with its connection. An upload idle for the timeout is thrown away. Loop thread
 * only, but for the file thread's and the picture pool's own work.
 */
public final class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class.getName());

    /**
     * The limits; all configurable.
     *
     * @param tempBytes bytes of unfinished uploads held at once, by announced size
     * @param tempBytesPerAddress the same, from one address
     */
    public record Limits(long maxFileBytes, int maxPerOwner, long idleTimeoutMillis, int chunkBytes, long tempBytes,
            long tempBytesPerAddress, long transferBytesPerSecond, long transferBytesPerSecondTotal) {
    }

    /** Who uploads: the owner (an account, or a guest's connection), from where, and whether it is a guest. */
    public record Uploader(String ownerKey, String address, boolean guest) {
    }

    /**
     * A finished upload whose bytes matched: its content waits in {@code temporary} until {@link #commit} or
     * {@link #discard}.
     */
    public record Verified(String conv, String sha256, long size, String name, String type, Integer width,
            Integer height, byte[] thumbnail, Uploader uploader, Path temporary) {
    }

    private static final class Upload {
        final String id;
        final Uploader uploader;
        final String conv;
        final String name;
        final long size;
        final String sha256;
        Path temporary;
        long accepted;
        long written;
        long lastActivityNanos = System.nanoTime();
        MessageDigest digest;

        Upload(String id, Uploader uploader, String conv, String name, long size, String sha256) {
            this.id = id;
            this.uploader = uploader;
            this.conv = conv;
            this.name = name;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    private final FileVault vault;
    private final ImageInspector inspector;
    private final Limits limits;
    private final TransferPace pace;
    private final GuestQuota guestQuota;
    private final Executor fileThread;
    private final WorkerPool pictures;
    private final Executor loop;
    private final Map<String, Upload> uploads = new HashMap<>();
    /** Bytes reserved by unfinished uploads (and verified ones not yet committed), in all and by address. */
    private long tempBytes;
    private final Map<String, Long> tempBytesByAddress = new HashMap<>();
    /** Contents moved into the vault whose message is not stored yet, by SHA-256: they must not be deleted. */
    private final Map<String, Integer> committing = new HashMap<>();

    /**
     * @param fileThread one thread for file writes, so the chunks of an upload are written in order and contents are
     *     committed and deleted in the order asked
     * @param pictures the pool that inspects pictures, fair between addresses
     * @param loop where results are handed back
     */
    public Uploads(FileVault vault, ImageInspector inspector, Limits limits, long guestQuotaBytes,
            long guestQuotaBytesPerAddressPerDay, Executor fileThread, WorkerPool pictures, Executor loop) {
        this.vault = vault;
        this.inspector = inspector;
        this.limits = limits;
        this.guestQuota = new GuestQuota(guestQuotaBytes, guestQuotaBytesPerAddressPerDay, System::nanoTime);
        this.pace = new TransferPace(limits.transferBytesPerSecond(), limits.transferBytesPerSecondTotal(),
                System::nanoTime);
        this.fileThread = fileThread;
        this.pictures = pictures;
        this.loop = loop;
    }

    public Limits limits() {
        return limits;
    }

    /** How fast file bytes may move, uploads and downloads. */
    public TransferPace pace() {
        return pace;
    }

    /**
     * Starts (or resumes) an upload into {@code conv}, which the caller has checked takes files from the uploader;
     * answers with the upload id and the offset to send from.
     */
    public void start(Uploader uploader, String conv, String name, long size, String sha256,
            Reply<Map.Entry<String, Long>> reply) {
        if (size > limits.maxFileBytes()) {
            throw new ChatException(ErrorCode.FILE_TOO_LARGE, "a file can be at most "
                    + chat.core.model.HumanUnits.size(limits.maxFileBytes()) + " (this one has "
                    + chat.core.model.HumanUnits.size(size) + ")");
        }
        String shownName = cleanName(name);
        String hash = sha256.toLowerCase(Locale.ROOT);
        int mine = 0;
        for (Upload upload : uploads.values()) {
            if (upload.uploader.ownerKey().equals(uploader.ownerKey())) {
                if (upload.sha256.equals(hash) && upload.size == size && upload.conv.equals(conv)) {
                    upload.lastActivityNanos = System.nanoTime();
                    upload.accepted = upload.written; // chunks still on their way from an old connection are lost
                    reply.done(Map.entry(upload.id, upload.written), null);
                    return;
                }
                mine++;
            }
        }
        if (mine >= limits.maxPerOwner()) {
            throw new ChatException(ErrorCode.TOO_MANY_UPLOADS, "at most " + limits.maxPerOwner()
                    + " uploads at once; finish or cancel one first");
        }
        if (tempBytes + size > limits.tempBytes()) {
            throw new ChatException(ErrorCode.BUSY, "the server holds as many unfinished uploads as it can; try"
                    + " again in a while");
        }
        if (tempBytesByAddress.getOrDefault(uploader.address(), 0L) + size > limits.tempBytesPerAddress()) {
            throw new ChatException(ErrorCode.TOO_MANY_UPLOADS, "unfinished uploads from your address take all the"
                    + " room they may; finish or cancel some first");
        }
        if (uploader.guest()) {
            guestQuota.reserve(uploader.ownerKey(), uploader.address(), size);
        }
        reserveTemp(uploader.address(), size);
        Upload upload = new Upload("u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), uploader,
                conv, shownName, size, hash);
        uploads.put(upload.id, upload);
        fileThread.execute(() -> {
            try {
                Path temporary = vault.newTemporary();
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                loop.execute(() -> {
                    if (uploads.get(upload.id) != upload) {
                        deleteLater(temporary); // dropped meanwhile
                        reply.done(null, new ChatException(ErrorCode.UNKNOWN_UPLOAD, "the upload ended"));
                        return;
                    }
                    upload.temporary = temporary;
                    upload.digest = digest;
                    reply.done(Map.entry(upload.id, 0L), null);
                });
            } catch (IOException | NoSuchAlgorithmException e) {
                loop.execute(() -> {
                    drop(upload);
                    reply.fail(e);
                });
            }
        });
    }

    /** Bytes of unfinished uploads of {@code ownerKey}, by announced size (for an account's quota check). */
    public long bytesInProgress(String ownerKey) {
        long bytes = 0;
        for (Upload upload : uploads.values()) {
            if (upload.uploader.ownerKey().equals(ownerKey)) {
                bytes += upload.size;
            }
        }
        return bytes;
    }

    /** Accepts a chunk at {@code offset}; answers with the bytes written so far once this one is on disk. */
    public void chunk(String ownerKey, String uploadId, long offset, String base64, Reply<Long> reply) {
        Upload upload = find(ownerKey, uploadId);
        if (offset != upload.accepted) {
            throw new ChatException(ErrorCode.CHUNK_OUT_OF_ORDER, "expected the chunk at offset " + upload.accepted
                    + ", got " + offset);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ChatException(ErrorCode.BAD_FIELD, "field \"data\" is not base64");
        }
        if (bytes.length > limits.chunkBytes()) {
            throw new ChatException(ErrorCode.BAD_FIELD, "a chunk holds at most " + limits.chunkBytes() + " bytes");
        }
        if (upload.accepted + bytes.length > upload.size) {
            drop(upload);
            throw new ChatException(ErrorCode.CHECKSUM_MISMATCH, "more bytes than announced; the upload is dropped");
        }
        upload.accepted += bytes.length;
        upload.lastActivityNanos = System.nanoTime();
        Path temporary = upload.temporary;
        MessageDigest digest = upload.digest;
        fileThread.execute(() -> {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.APPEND)) {
                out.write(bytes);
                digest.update(bytes);
                loop.execute(() -> {
                    upload.written += bytes.length;
                    reply.done(upload.written, null);
                });
            } catch (IOException e) {
                loop.execute(() -> {
                    drop(upload);
                    reply.fail(e);
                });
            }
        });
    }

    /**
     * Checks size and checksum and inspects pictures; answers with the verified upload, not yet in the vault: the
     * caller commits or discards it.
     */
    public void finish(String ownerKey, String uploadId, Reply<Verified> reply) {
        Upload upload = find(ownerKey, uploadId);
        if (upload.accepted != upload.size) {
            throw new ChatException(ErrorCode.CHECKSUM_MISMATCH, "only " + upload.accepted + " of " + upload.size
                    + " bytes arrived; send the rest first");
        }
        uploads.remove(upload.id);
        fileThread.execute(() -> {
            String type;
            try {
                String actual = HexFormat.of().formatHex(upload.digest.digest());
                if (!actual.equals(upload.sha256)) {
                    failed(upload, reply, new ChatException(ErrorCode.CHECKSUM_MISMATCH,
                            "the bytes do not match the announced SHA-256; nothing was shared"));
                    return;
                }
                byte[] head = new byte[ContentType.HEAD_BYTES];
                int length;
                try (InputStream in = Files.newInputStream(upload.temporary)) {
                    length = Math.max(0, in.readNBytes(head, 0, head.length));
                }
                type = ContentType.sniff(head, length);
            } catch (IOException | RuntimeException e) {
                failed(upload, reply, e);
                return;
            }
            if (!ContentType.isImage(type)) {
                loop.execute(() -> reply.done(verified(upload, type, null), null));
                return;
            }
            pictures.submit(upload.uploader.address(), () -> inspector.inspect(upload.temporary),
                    (picture, error) -> {
                        if (error instanceof ImageInspector.BadImage bad) {
                            failed(upload, reply, new ChatException(ErrorCode.BAD_IMAGE, bad.getMessage()));
                        } else if (error != null) {
                            failed(upload, reply, error);
                        } else {
                            reply.done(verified(upload, type, picture), null);
                        }
                    });
        });
    }

    /**
     * Moves a verified upload's content into the vault. Until {@link #settled} is called for it, no content with its
     * SHA-256 is deleted.
     */
    public void commit(Verified file, Reply<Verified> reply) {
        committing.merge(file.sha256(), 1, Integer::sum);
        fileThread.execute(() -> {
            try {
                vault.commit(file.temporary(), file.sha256());
                loop.execute(() -> {
                    releaseTemp(file.uploader().address(), file.size());
                    reply.done(file, null);
                });
            } catch (IOException | RuntimeException e) {
                loop.execute(() -> {
                    uncommitting(file.sha256());
                    discard(file);
                    reply.fail(e);
                });
            }
        });
    }

    /** Throws away a verified upload that will not be shared after all (its conversation no longer takes it). */
    public void discard(Verified file) {
        releaseTemp(file.uploader().address(), file.size());
        if (file.uploader().guest()) {
            guestQuota.release(file.uploader().ownerKey(), file.uploader().address(), file.size());
        }
        deleteLater(file.temporary());
    }

    /**
     * Says whether the message sharing a committed file was stored. If not, the guest's bytes are given back, and the
     * caller should ask the store whether anything else uses the content and pass it to {@link #deleteIfUnused}.
     */
    public void settled(Verified file, boolean shared) {
        uncommitting(file.sha256());
        if (!shared && file.uploader().guest()) {
            guestQuota.release(file.uploader().ownerKey(), file.uploader().address(), file.size());
        }
    }

    /**
     * Deletes the contents with these SHA-256s, which the store says no file uses, unless an upload of the same
     * content is between its commit and its message. Deletions and commits run in order on the file thread, so a
     * later commit of the same content is never deleted.
     */
    public void deleteIfUnused(Iterable<String> shas) {
        for (String sha : shas) {
            if (!committing.containsKey(sha)) {
                fileThread.execute(() -> {
                    try {
                        vault.delete(sha);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "could not delete the content " + sha, e);
                    }
                });
            }
        }
    }

    /** Gives up an upload. */
    public void cancel(String ownerKey, String uploadId) {
        drop(find(ownerKey, uploadId));
    }

    /** A guest's connection closed: its uploads cannot be resumed, and are dropped now. */
    public void guestGone(String ownerKey) {
        for (Upload upload : java.util.List.copyOf(uploads.values())) {
            if (upload.uploader.ownerKey().equals(ownerKey)) {
                drop(upload);
            }
        }
        guestQuota.forget(ownerKey);
    }

    /** Throws away uploads idle for longer than the timeout; returns how many. Loop thread. */
    public int expireIdle() {
        long now = System.nanoTime();
        int expired = 0;
        for (Upload upload : java.util.List.copyOf(uploads.values())) {
            if (now - upload.lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis())) {
                drop(upload);
                expired++;
            }
        }
        return expired;
    }

    /** How many uploads are in progress. */
    public int inProgress() {
        return uploads.size();
    }

    /** Bytes reserved by unfinished uploads now. */
    public long temporaryBytes() {
        return tempBytes;
    }

    /**
     * The name as shown: without directories, and checked like any text others read ({@link MessageText}); a file
     * whose name is a control, bidi or invisible trick is refused, not renamed.
     */
    static String cleanName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return "file";
        }
        return MessageText.validate("a file name", base, MessageText.MAX_FILE_NAME);
    }

    private Upload find(String ownerKey, String uploadId) {
        Upload upload = uploads.get(uploadId);
        if (upload == null || !upload.uploader.ownerKey().equals(ownerKey) || upload.temporary == null) {
            throw new ChatException(ErrorCode.UNKNOWN_UPLOAD, "no upload " + uploadId + " in progress");
        }
        return upload;
    }

    private static Verified verified(Upload upload, String type, ImageInspector.Picture picture) {
        return new Verified(upload.conv, upload.sha256, upload.size, upload.name, type,
                picture == null ? null : picture.width(), picture == null ? null : picture.height(),
                picture == null ? null : picture.thumbnailPng(), upload.uploader, upload.temporary);
    }

    /** Ends a finished upload that failed its checks (on any thread): nothing is kept, the client hears why. */
    private void failed(Upload upload, Reply<Verified> reply, Throwable error) {
        loop.execute(() -> {
            release(upload);
            deleteLater(upload.temporary);
            if (error instanceof ChatException chat) {
                reply.done(null, chat);
            } else {
                reply.fail(error);
            }
        });
    }

    /** Ends an unfinished upload: gives back what it reserved and deletes what it wrote. */
    private void drop(Upload upload) {
        if (uploads.remove(upload.id) == null) {
            return;
        }
        release(upload);
        deleteLater(upload.temporary);
    }

    private void release(Upload upload) {
        releaseTemp(upload.uploader.address(), upload.size);
        if (upload.uploader.guest()) {
            guestQuota.release(upload.uploader.ownerKey(), upload.uploader.address(), upload.size);
        }
    }

    private void uncommitting(String sha256) {
        committing.computeIfPresent(sha256, (sha, count) -> count > 1 ? count - 1 : null);
    }

    private void reserveTemp(String address, long bytes) {
        tempBytes += bytes;
        tempBytesByAddress.merge(address, bytes, Long::sum);
    }

    private void releaseTemp(String address, long bytes) {
        tempBytes -= bytes;
        tempBytesByAddress.computeIfPresent(address, (key, held) -> held > bytes ? held - bytes : null);
    }

    private void deleteLater(Path temporary) {
        if (temporary != null) {
            fileThread.execute(() -> {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete " + temporary, e);
                }
            });
        }
    }
}
