package chat.server.files;

import chat.core.wire.ErrorCode;
import chat.server.chat.ChatException;
import chat.server.chat.MessageText;
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
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Uploads in progress. A client announces a file (name, size, SHA-256), sends it in chunks that must follow each
 * other, and finishes; the bytes go to a temporary file on the file thread (never on the event loop), the checksum
 * is checked at the end, pictures are inspected, and only then does the content move into the {@link FileVault}.
 * An upload belongs to its owner (an account, or a guest's connection): after a reconnect the same account resumes
 * it from where it stopped. An upload idle for the timeout is thrown away. Loop thread only, but for the file thread's
 * own work.
 */
public final class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class.getName());

    /** The limits; all configurable. */
    public record Limits(long maxFileBytes, int maxPerOwner, long idleTimeoutMillis, int chunkBytes) {
    }

    /** A finished, verified upload whose content is in the vault. */
    public record Verified(String sha256, long size, String name, String type, Integer width, Integer height,
            byte[] thumbnail) {
    }

    private static final class Upload {
        final String id;
        final String ownerKey;
        final String conv;
        final String name;
        final long size;
        final String sha256;
        Path temporary;
        long accepted;
        long written;
        long lastActivityNanos = System.nanoTime();
        MessageDigest digest;

        Upload(String id, String ownerKey, String conv, String name, long size, String sha256) {
            this.id = id;
            this.ownerKey = ownerKey;
            this.conv = conv;
            this.name = name;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    private final FileVault vault;
    private final ImageInspector inspector;
    private final Limits limits;
    private final Executor fileThread;
    private final Executor loop;
    private final Map<String, Upload> uploads = new HashMap<>();

    /**
     * @param fileThread one thread for file writes, so the chunks of an upload are written in order
     * @param loop where results are handed back
     */
    public Uploads(FileVault vault, ImageInspector inspector, Limits limits, Executor fileThread, Executor loop) {
        this.vault = vault;
        this.inspector = inspector;
        this.limits = limits;
        this.fileThread = fileThread;
        this.loop = loop;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Starts (or resumes) an upload for {@code ownerKey} into {@code conv}; answers with the upload id and the
     * offset to send from.
     */
    public void start(String ownerKey, String conv, String name, long size, String sha256,
            Reply<Map.Entry<String, Long>> reply) {
        if (size > limits.maxFileBytes()) {
            throw new ChatException(ErrorCode.FILE_TOO_LARGE, "a file can be at most " + limits.maxFileBytes()
                    + " bytes (this one has " + size + ")");
        }
        String shownName = cleanName(name);
        String hash = sha256.toLowerCase(Locale.ROOT);
        int mine = 0;
        for (Upload upload : uploads.values()) {
            if (upload.ownerKey.equals(ownerKey)) {
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
        Upload upload = new Upload("u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), ownerKey,
                conv, shownName, size, hash);
        uploads.put(upload.id, upload);
        fileThread.execute(() -> {
            try {
                Path temporary = vault.newTemporary();
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                loop.execute(() -> {
                    upload.temporary = temporary;
                    upload.digest = digest;
                    reply.done(Map.entry(upload.id, 0L), null);
                });
            } catch (IOException | NoSuchAlgorithmException e) {
                loop.execute(() -> {
                    uploads.remove(upload.id);
                    reply.fail(e);
                });
            }
        });
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

    /** Checks size and checksum, inspects pictures, and moves the content into the vault. */
    public void finish(String ownerKey, String uploadId, Reply<Map.Entry<String, Verified>> reply) {
        Upload upload = find(ownerKey, uploadId);
        if (upload.accepted != upload.size) {
            throw new ChatException(ErrorCode.CHECKSUM_MISMATCH, "only " + upload.accepted + " of " + upload.size
                    + " bytes arrived; send the rest first");
        }
        uploads.remove(upload.id);
        fileThread.execute(() -> {
            try {
                String actual = HexFormat.of().formatHex(upload.digest.digest());
                if (!actual.equals(upload.sha256)) {
                    Files.deleteIfExists(upload.temporary);
                    throw new ChatException(ErrorCode.CHECKSUM_MISMATCH,
                            "the bytes do not match the announced SHA-256; nothing was shared");
                }
                byte[] head = new byte[ContentType.HEAD_BYTES];
                int length;
                try (InputStream in = Files.newInputStream(upload.temporary)) {
                    length = Math.max(0, in.readNBytes(head, 0, head.length));
                }
                String type = ContentType.sniff(head, length);
                ImageInspector.Picture picture = null;
                if (ContentType.isImage(type)) {
                    try {
                        picture = inspector.inspect(upload.temporary);
                    } catch (ImageInspector.BadImage e) {
                        Files.deleteIfExists(upload.temporary);
                        throw new ChatException(ErrorCode.BAD_IMAGE, e.getMessage());
                    }
                }
                vault.commit(upload.temporary, upload.sha256);
                Verified verified = new Verified(upload.sha256, upload.size, upload.name, type,
                        picture == null ? null : picture.width(), picture == null ? null : picture.height(),
                        picture == null ? null : picture.thumbnailPng());
                loop.execute(() -> reply.done(Map.entry(upload.conv, verified), null));
            } catch (ChatException e) {
                loop.execute(() -> reply.done(null, e));
            } catch (IOException | RuntimeException e) {
                loop.execute(() -> reply.fail(e));
            }
        });
    }

    /** Gives up an upload. */
    public void cancel(String ownerKey, String uploadId) {
        drop(find(ownerKey, uploadId));
    }

    /** Throws away uploads idle for longer than the timeout; returns how many. Loop thread. */
    public int expireIdle() {
        long now = System.nanoTime();
        int expired = 0;
        Iterator<Upload> it = uploads.values().iterator();
        while (it.hasNext()) {
            Upload upload = it.next();
            if (now - upload.lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis())) {
                it.remove();
                deleteTemporary(upload);
                expired++;
            }
        }
        return expired;
    }

    /** How many uploads are in progress. */
    public int inProgress() {
        return uploads.size();
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
        if (upload == null || !upload.ownerKey.equals(ownerKey) || upload.temporary == null) {
            throw new ChatException(ErrorCode.UNKNOWN_UPLOAD, "no upload " + uploadId + " in progress");
        }
        return upload;
    }

    private void drop(Upload upload) {
        uploads.remove(upload.id);
        deleteTemporary(upload);
    }

    private void deleteTemporary(Upload upload) {
        Path temporary = upload.temporary;
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
