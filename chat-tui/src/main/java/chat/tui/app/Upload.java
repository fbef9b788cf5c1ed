package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.model.Conversation;
import chat.tui.model.SharedFile;
import chat.tui.net.ChatClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.concurrent.ExecutorService;

/**
 * One upload, streamed from disk: chunks are read on the file thread (in order, so they leave in order) and sent
 * from the UI thread, {@link #WINDOW} at a time; memory stays at a few chunks whatever the file's size. Ends with
 * {@code upload_finish}, or with {@link #stop} (cancelled, or the connection lost). UI thread, except the reads.
 */
final class Upload {

    /** Chunks read or on the wire at once. */
    static final int WINDOW = 4;
    private static final int DEFAULT_CHUNK_BYTES = 32 * 1024;

    /** What the upload reports when it ends. */
    interface Ended {
        /** Finished: the server posted the file; {@code sent} has the message's id and whether it was delivered. */
        void finished(Upload upload, ServerFrame.Ok sent);

        /** Stopped before the end: {@code why} in words. */
        void failed(Upload upload, String why);
    }

    private final UiThread ui;
    private final ServerLink link;
    private final ExecutorService files;
    private final Conversation conversation;
    private final String lineId;
    private final SharedFile file;
    private final Ended ended;
    private String upload;
    private int chunkBytes = DEFAULT_CHUNK_BYTES;
    private FileChannel channel;
    private long next;
    private long confirmed;
    private int pending;
    private boolean stopped;

    Upload(UiThread ui, ServerLink link, ExecutorService files, Conversation conversation, String lineId,
            SharedFile file, Ended ended) {
        this.ui = ui;
        this.link = link;
        this.files = files;
        this.conversation = conversation;
        this.lineId = lineId;
        this.file = file;
        this.ended = ended;
    }

    SharedFile file() {
        return file;
    }

    Conversation conversation() {
        return conversation;
    }

    String lineId() {
        return lineId;
    }

    /** Starts: {@code upload_start}, then chunks from wherever the server says. */
    void start(String sha256) {
        link.request(link.nextId(), new ClientFrame.UploadStart(null, conversation.serverId(), file.name(),
                file.size(), sha256)).whenComplete((reply, error) -> ui.post(() -> {
                    if (stopped) {
                        return;
                    }
                    if (reply instanceof ServerFrame.UploadReady ready) {
                        begin(ready);
                    } else {
                        fail(error);
                    }
                }));
    }

    private void begin(ServerFrame.UploadReady ready) {
        upload = ready.upload();
        chunkBytes = ready.chunkBytes() == null ? DEFAULT_CHUNK_BYTES : ready.chunkBytes();
        next = ready.offset();
        confirmed = ready.offset();
        files.execute(() -> {
            try {
                FileChannel opened = FileChannel.open(file.local(), StandardOpenOption.READ);
                ui.post(() -> {
                    if (stopped) {
                        closeQuietly(opened);
                    } else {
                        channel = opened;
                        pump();
                    }
                });
            } catch (IOException e) {
                ui.post(() -> fail(e));
            }
        });
    }

    /** Keeps {@link #WINDOW} chunks read or in flight. */
    private void pump() {
        while (!stopped && pending < WINDOW && next < file.size()) {
            long offset = next;
            int length = (int) Math.min(chunkBytes, file.size() - offset);
            next += length;
            pending++;
            FileChannel source = channel;
            files.execute(() -> {
                try {
                    String data = Base64.getEncoder().encodeToString(read(source, offset, length));
                    ui.post(() -> send(offset, data));
                } catch (IOException e) {
                    ui.post(() -> fail(e));
                }
            });
        }
        if (!stopped && pending == 0 && confirmed == file.size()) {
            finish();
        }
    }

    private void send(long offset, String data) {
        if (stopped) {
            return;
        }
        link.request(link.nextId(), new ClientFrame.UploadChunk(null, upload, offset, data)).whenComplete(
                (reply, error) -> ui.post(() -> progress(reply, error)));
    }

    private void progress(ServerFrame reply, Throwable error) {
        if (stopped) {
            return;
        }
        pending--;
        if (!(reply instanceof ServerFrame.UploadProgress progress)) {
            fail(error);
            return;
        }
        confirmed = Math.max(confirmed, progress.received());
        ui.state().transfer("↑ " + file.name() + " " + SharedFile.humanSize(confirmed) + " of "
                + SharedFile.humanSize(file.size()));
        pump();
    }

    private void finish() {
        stopped = true;
        close();
        link.request(link.nextId(), new ClientFrame.UploadFinish(null, upload)).whenComplete(
                (reply, error) -> ui.post(() -> {
                    if (reply instanceof ServerFrame.Ok ok) {
                        ended.finished(this, ok);
                    } else {
                        ended.failed(this, reason(error));
                    }
                }));
    }

    /** Stops it: tells the server to throw the part away (when there is one) and reports {@code why}. */
    void stop(String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        close();
        if (upload != null) {
            link.sendQuietly(new ClientFrame.UploadCancel(null, upload));
        }
        ended.failed(this, why);
    }

    private void fail(Throwable error) {
        stop(reason(error));
    }

    private static String reason(Throwable error) {
        if (error instanceof ChatClient.ServerError refused) {
            return refused.error().message();
        }
        return error == null || error.getMessage() == null ? "no answer" : error.getMessage();
    }

    private void close() {
        FileChannel open = channel;
        channel = null;
        if (open != null) {
            files.execute(() -> closeQuietly(open)); // after the reads already queued
        }
    }

    private static byte[] read(FileChannel source, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (source.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("the file got shorter while it was being sent");
            }
        }
        return buffer.array();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // reading is over either way
        }
    }
}
