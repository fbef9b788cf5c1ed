package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import chat.tui.model.Picture;
import chat.tui.model.SharedFile;
import com.googlecode.lanterna.TerminalSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Files in and out: {@code /send} uploads into the current conversation in chunks, {@code /save} downloads a shared
 * file, F4 fetches the last picture to show it large. File work runs off the UI thread; the transfers' bookkeeping
 * and the status bar's progress stay on it.
 */
final class Transfers {

    /** The largest thumbnail drawn in the log, in pixels (a cell shows one pixel across, two down). */
    static final int THUMBNAIL_WIDTH = 24;
    static final int THUMBNAIL_HEIGHT = 24;
    /** Chunks of an upload in flight at once. */
    private static final int UPLOAD_WINDOW = 4;

    private final UiThread ui;
    private final ServerLink link;
    private final Navigator navigator;
    private final ExecutorService files;
    private final Path folder;
    private final Supplier<TerminalSize> screenSize;
    private final Map<String, Download> downloads = new HashMap<>();

    Transfers(UiThread ui, ServerLink link, Navigator navigator, ExecutorService files, Path folder,
            Supplier<TerminalSize> screenSize) {
        this.ui = ui;
        this.link = link;
        this.navigator = navigator;
        this.files = files;
        this.folder = folder;
        this.screenSize = screenSize;
    }

    /** A file the server describes, with its thumbnail decoded for the log. */
    static SharedFile sharedFile(ServerFrame.FileInfo file) {
        Picture thumbnail = null;
        if (file.thumbnail() != null) {
            try {
                thumbnail = Pictures.decode(Base64.getDecoder().decode(file.thumbnail()), THUMBNAIL_WIDTH,
                        THUMBNAIL_HEIGHT);
            } catch (IllegalArgumentException e) {
                thumbnail = null;
            }
        }
        return new SharedFile(file.id(), file.name(), file.size() == null ? 0 : file.size(), file.type(),
                file.width(), file.height(), thumbnail);
    }

    /** A chunk of a download under way. */
    void chunk(ServerFrame.FileChunk chunk) {
        Download download = downloads.get(chunk.file());
        if (download != null) {
            download.accept(chunk);
        }
    }

    /** Reads a file off the UI thread, then uploads it into the current conversation in chunks. */
    void send(String pathText) {
        Conversation conversation = ui.state().current();
        if (conversation.serverId() == null) {
            ui.error("You are not in a chat to share a file in.");
            return;
        }
        Path path = folder.resolve(pathText);
        String conv = conversation.serverId();
        files.execute(() -> {
            try {
                byte[] bytes = Files.readAllBytes(path);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                ui.post(() -> startUpload(conversation, conv, path.getFileName().toString(), bytes, sha256));
            } catch (IOException | NoSuchAlgorithmException | OutOfMemoryError e) {
                ui.post(() -> conversation.add(LogLine.error(ui.now(), "Cannot read " + path + ": "
                        + e.getMessage())));
            }
        });
    }

    private void startUpload(Conversation conversation, String conv, String name, byte[] bytes, String sha256) {
        if (!link.online()) {
            conversation.add(LogLine.error(ui.now(), "Not connected; the file was not sent."));
            return;
        }
        String id = link.nextId();
        SharedFile shown = new SharedFile(null, name, bytes.length, null, null, null, null);
        conversation.add(LogLine.file(ui.now(), navigator.speakerIn(conversation), shown, true, id));
        link.request(new ClientFrame.UploadStart(null, conv, name, (long) bytes.length, sha256)).whenComplete(
                (reply, error) -> ui.post(() -> {
                    if (reply instanceof ServerFrame.UploadReady ready) {
                        new Upload(conversation, id, name, bytes, ready).next();
                    } else {
                        conversation.updateDelivery(id, LogLine.Delivery.FAILED);
                        ui.state().transfer(null);
                    }
                }));
    }

    /** One upload: keeps {@link #UPLOAD_WINDOW} chunks in flight, then finishes. UI thread. */
    private final class Upload {
        private final Conversation conversation;
        private final String lineId;
        private final String name;
        private final byte[] bytes;
        private final String upload;
        private final int chunk;
        private long sent;
        private long confirmed;
        private int inFlight;
        private boolean failed;

        Upload(Conversation conversation, String lineId, String name, byte[] bytes, ServerFrame.UploadReady ready) {
            this.conversation = conversation;
            this.lineId = lineId;
            this.name = name;
            this.bytes = bytes;
            this.upload = ready.upload();
            this.chunk = ready.chunkBytes() == null ? 32 * 1024 : ready.chunkBytes();
            this.sent = ready.offset();
            this.confirmed = ready.offset();
        }

        void next() {
            while (!failed && inFlight < UPLOAD_WINDOW && sent < bytes.length) {
                int length = (int) Math.min(chunk, bytes.length - sent);
                String data = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, (int) sent,
                        (int) sent + length));
                long offset = sent;
                sent += length;
                inFlight++;
                link.request(new ClientFrame.UploadChunk(null, upload, offset, data)).whenComplete(
                        (reply, error) -> ui.post(() -> progress(reply, error)));
            }
            if (!failed && inFlight == 0 && confirmed == bytes.length) {
                link.request(new ClientFrame.UploadFinish(null, upload)).whenComplete((reply, error) -> ui.post(() -> {
                    ui.state().transfer(null);
                    conversation.updateDelivery(lineId, error == null ? LogLine.Delivery.DELIVERED
                            : LogLine.Delivery.FAILED);
                }));
            }
        }

        private void progress(ServerFrame reply, Throwable error) {
            inFlight--;
            if (error != null || !(reply instanceof ServerFrame.UploadProgress progress)) {
                failed = true;
                ui.state().transfer(null);
                conversation.updateDelivery(lineId, LogLine.Delivery.FAILED);
                return;
            }
            confirmed = Math.max(confirmed, progress.received());
            ui.state().transfer("↑ " + name + " " + (confirmed * 100 / bytes.length) + "%");
            next();
        }
    }

    /** Downloads a file the user can see into a file beside it, never over an existing one. */
    void save(String fileId, String requested) {
        SharedFile file = findFile(fileId);
        if (file == null) {
            ui.error("No file " + fileId + " in this chat.");
            return;
        }
        Path target = SavePath.choose(file.name(), requested, folder);
        fetch(file, bytes -> files.execute(() -> {
            try {
                Files.write(target, bytes, StandardOpenOption.CREATE_NEW);
                ui.post(() -> ui.event("Saved " + file.name() + " to " + target + "."));
            } catch (IOException e) {
                ui.post(() -> ui.error("Cannot save to " + target + ": " + e.getMessage()));
            }
        }));
    }

    /** F4: the last picture of the current conversation, as large as the terminal allows. */
    void previewLastPicture() {
        List<LogLine> log = ui.state().current().log();
        for (int i = log.size() - 1; i >= 0; i--) {
            SharedFile file = log.get(i).file();
            if (file != null && file.thumbnail() != null && file.id() != null) {
                TerminalSize size = screenSize.get();
                fetch(file, bytes -> {
                    Picture large = Pictures.decode(bytes, size.getColumns(), 2 * (size.getRows() - 1));
                    if (large != null) {
                        ui.state().preview(large);
                    }
                });
                return;
            }
        }
        ui.event("No picture in this chat yet.");
    }

    private SharedFile findFile(String fileId) {
        for (Conversation conversation : ui.state().conversations()) {
            for (LogLine line : conversation.log()) {
                if (line.file() != null && fileId.equals(line.file().id())) {
                    return line.file();
                }
            }
        }
        return null;
    }

    /** Fetches a whole file in windows, then hands its bytes to {@code done} on the UI thread. */
    private void fetch(SharedFile file, Consumer<byte[]> done) {
        if (downloads.containsKey(file.id()) || !link.online()) {
            return;
        }
        Download download = new Download(file, done);
        downloads.put(file.id(), download);
        download.ask();
    }

    /** One download: asks for a window, gathers its chunks, asks again until the file is whole. UI thread. */
    private final class Download {
        private final SharedFile file;
        private final Consumer<byte[]> done;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Download(SharedFile file, Consumer<byte[]> done) {
            this.file = file;
            this.done = done;
        }

        void ask() {
            link.request(new ClientFrame.Download(null, file.id(), (long) received.size())).whenComplete(
                    (reply, error) -> ui.post(() -> {
                        if (error != null) {
                            downloads.remove(file.id());
                            ui.state().transfer(null);
                        } else if (received.size() >= file.size()) {
                            downloads.remove(file.id());
                            ui.state().transfer(null);
                            done.accept(received.toByteArray());
                        } else {
                            ask();
                        }
                    }));
        }

        void accept(ServerFrame.FileChunk chunk) {
            if (chunk.offset() == received.size()) {
                received.writeBytes(Base64.getDecoder().decode(chunk.data()));
                ui.state().transfer("↓ " + file.name() + " " + (received.size() * 100 / Math.max(1, file.size()))
                        + "%");
            }
        }
    }
}
