package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.model.SharedFile;
import chat.tui.net.ChatClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.concurrent.ExecutorService;

/**
 * One download, streamed to disk: asks for a window, writes each chunk as it comes (on the file thread, in order)
 * into a part file, asks again from where it got to, and hands the finished file over. Memory stays at a chunk or
 * two whatever the file's size. UI thread, except the writes.
 */
final class Download {

    /** What the download reports when it ends. */
    interface Ended {
        /** All bytes are in {@code part}, closed; the receiver moves or deletes it. */
        void finished(Download download, Path part);

        /** Stopped before the end ({@code part} is deleted): {@code why} in words. */
        void failed(Download download, String why);
    }

    private final UiThread ui;
    private final ServerLink link;
    private final ExecutorService files;
    private final SharedFile file;
    private final Path part;
    private final Ended ended;
    private final FileChannel channel;
    private long received;
    private boolean stopped;

    /** A download of {@code file} into {@code part}, a new empty file the download owns from now on. */
    Download(UiThread ui, ServerLink link, ExecutorService files, SharedFile file, Path part, Ended ended)
            throws IOException {
        this.ui = ui;
        this.link = link;
        this.files = files;
        this.file = file;
        this.part = part;
        this.ended = ended;
        this.channel = FileChannel.open(part, StandardOpenOption.WRITE);
    }

    SharedFile file() {
        return file;
    }

    /** Asks for the next window. */
    void ask() {
        if (stopped) {
            return;
        }
        link.request(link.nextId(), new ClientFrame.Download(null, file.id(), received)).whenComplete(
                (reply, error) -> ui.post(() -> {
                    if (stopped) {
                        return;
                    }
                    if (error != null) {
                        stop(error instanceof ChatClient.ServerError refused ? refused.error().message()
                                : "the connection failed");
                    } else if (received >= file.size()) {
                        complete();
                    } else {
                        ask();
                    }
                }));
    }

    /** A chunk arrived: written behind the ones before it. */
    void accept(ServerFrame.FileChunk chunk) {
        if (stopped || chunk.offset() != received) {
            return;
        }
        byte[] bytes = Base64.getDecoder().decode(chunk.data());
        received += bytes.length;
        FileChannel target = channel;
        files.execute(() -> {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    target.write(buffer);
                }
            } catch (IOException e) {
                ui.post(() -> stop("cannot write " + part.getParent() + ": " + e.getMessage()));
            }
        });
        ui.state().transfer("↓ " + file.name() + " " + SharedFile.humanSize(received) + " of "
                + SharedFile.humanSize(file.size()));
    }

    private void complete() {
        stopped = true;
        FileChannel target = channel;
        files.execute(() -> {
            try {
                target.close();
                ui.post(() -> ended.finished(this, part));
            } catch (IOException e) {
                deleteQuietly(part);
                ui.post(() -> ended.failed(this, "cannot write " + part.getParent() + ": " + e.getMessage()));
            }
        });
    }

    /** Stops it and deletes what arrived. */
    void stop(String why) {
        if (stopped) {
            return;
        }
        stopped = true;
        FileChannel target = channel;
        files.execute(() -> {
            try {
                target.close();
            } catch (IOException e) {
                // deleted next anyway
            }
            deleteQuietly(part);
        });
        ended.failed(this, why);
    }

    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a leftover part file; nothing more to do
        }
    }
}
