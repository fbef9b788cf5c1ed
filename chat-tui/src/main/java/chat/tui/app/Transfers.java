package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.ServerFrame;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import chat.tui.model.Picture;
import chat.tui.model.SharedFile;
import com.googlecode.lanterna.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Files in and out: {@code /send} uploads into the current conversation, {@code /save} downloads a shared file, F4
 * shows the last picture large, {@code /cancel} stops what is under way. Files stream between disk and connection
 * ({@link Upload}, {@link Download}); file work runs on the file thread, the bookkeeping on the UI thread.
 */
final class Transfers {

    /** The largest thumbnail drawn in the log, in pixels (a cell shows one pixel across, two down). */
    static final int THUMBNAIL_WIDTH = 24;
    static final int THUMBNAIL_HEIGHT = 24;

    /** Why a transfer stopped when the user stopped it. */
    private static final String CANCELLED = "cancelled";

    private final UiThread ui;
    private final ServerLink link;
    private final Navigator navigator;
    private final ExecutorService files;
    private final LocalPaths paths;
    private final Supplier<TerminalSize> screenSize;
    private final List<Upload> uploads = new ArrayList<>();
    /** Files being measured before their upload starts; a cancel empties it. */
    private final List<Path> preparing = new ArrayList<>();
    private final Map<String, Download> downloads = new LinkedHashMap<>();

    Transfers(UiThread ui, ServerLink link, Navigator navigator, ExecutorService files, LocalPaths paths,
            Supplier<TerminalSize> screenSize) {
        this.ui = ui;
        this.link = link;
        this.navigator = navigator;
        this.files = files;
        this.paths = paths;
        this.screenSize = screenSize;
    }

    LocalPaths paths() {
        return paths;
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

    // ---- sending ------------------------------------------------------------------------------------------------

    /** {@code /send PATH}: checks and measures the file off the UI thread, then uploads it. */
    void send(String typed) {
        Conversation conversation = ui.state().current();
        if (conversation.serverId() == null) {
            ui.error("You are not in a chat to share a file in.");
            return;
        }
        Path path = paths.resolve(typed);
        if (!Files.exists(path)) {
            ui.error("No such file: " + typed + ".");
            return;
        }
        if (Files.isDirectory(path)) {
            ui.error(typed + " is a folder; /send takes a file.");
            return;
        }
        preparing.add(path);
        files.execute(() -> {
            try {
                long size = Files.size(path);
                String sha256 = sha256(path);
                Pictures.Size pixels = Pictures.size(path);
                Picture thumbnail = pixels == null ? null : Pictures.decode(path, THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT);
                SharedFile file = new SharedFile(null, path.getFileName().toString(), size, null,
                        pixels == null ? null : pixels.width(), pixels == null ? null : pixels.height(), thumbnail,
                        path);
                ui.post(() -> {
                    if (preparing.remove(path)) {
                        startUpload(conversation, file, sha256);
                    }
                });
            } catch (IOException e) {
                ui.post(() -> {
                    preparing.remove(path);
                    conversation.add(LogLine.error(ui.now(), "Cannot read " + typed + ": " + e.getMessage()));
                });
            }
        });
    }

    private void startUpload(Conversation conversation, SharedFile file, String sha256) {
        if (!link.online()) {
            conversation.add(LogLine.error(ui.now(), "Not connected; " + file.name() + " was not sent."));
            return;
        }
        String lineId = link.nextId();
        conversation.add(LogLine.file(ui.now(), navigator.speakerIn(conversation), file, true, lineId));
        Upload upload = new Upload(ui, link, files, conversation, lineId, file, new Upload.Ended() {
            @Override
            public void finished(Upload done, ServerFrame.Ok sent) {
                uploads.remove(done);
                ui.state().transfer(null);
                done.conversation().updateDelivery(done.lineId(), Boolean.TRUE.equals(sent.delivered())
                        ? LogLine.Delivery.DELIVERED : LogLine.Delivery.SENT);
                done.conversation().confirm(done.lineId(), sent.id());
                learnFileId(done, sent.id());
            }

            @Override
            public void failed(Upload done, String why) {
                uploads.remove(done);
                ui.state().transfer(null);
                done.conversation().updateDelivery(done.lineId(), LogLine.Delivery.FAILED);
                String file = done.file().name() + " (" + SharedFile.humanSize(done.file().size()) + ")";
                done.conversation().add(why.equals(CANCELLED)
                        ? LogLine.event(ui.now(), "Stopped sending " + file + ".")
                        : LogLine.error(ui.now(), "Sending " + file + " failed: " + why + "."));
            }
        });
        uploads.add(upload);
        upload.start(sha256);
    }

    /**
     * The server's {@code ok} names the message, not the file: in a stored conversation the message is fetched back
     * for its file's id, so the sender can {@code /save} and others can refer to it. (A random chat keeps no history
     * to ask; the sender previews from the disk there.)
     */
    private void learnFileId(Upload done, String messageId) {
        String conv = done.conversation().serverId();
        if (messageId == null || conv == null || conv.startsWith("~")) {
            return;
        }
        String before;
        try {
            before = Long.toString(Long.parseLong(messageId) + 1);
        } catch (NumberFormatException e) {
            return;
        }
        link.ask(new ClientFrame.History(null, conv, before, 1)).thenAccept(reply -> {
            if (reply instanceof ServerFrame.History history) {
                for (ServerFrame.Message message : history.messages()) {
                    if (messageId.equals(message.id()) && message.file() != null) {
                        ui.post(() -> done.conversation().update(done.lineId(),
                                line -> line.withFile(line.file().withId(message.file().id()))));
                    }
                }
            }
        });
    }

    private static String sha256(Path path) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("this Java has no SHA-256", e);
        }
    }

    // ---- receiving ----------------------------------------------------------------------------------------------

    /** {@code /save ID [PATH]}: downloads a file the user can see, never over an existing one. */
    void save(String fileId, String typedPath) {
        SharedFile file = findFile(fileId);
        if (file == null) {
            ui.error("No file " + fileId + " in your chats.");
            return;
        }
        Path requested = typedPath == null ? null : paths.resolve(typedPath);
        if (requested == null) {
            try {
                Files.createDirectories(paths.downloads());
            } catch (IOException e) {
                ui.error("Cannot make the download folder " + paths.downloads() + " (" + e.getMessage()
                        + "); /save " + fileId + " PATH saves it elsewhere.");
                return;
            }
        }
        Path target = SavePath.choose(file.name(), requested, paths.downloads());
        fetch(file, target.getParent(), part -> files.execute(() -> {
            try {
                Path saved = moveToFreeName(part, target);
                ui.post(() -> ui.event("Saved " + file.name() + " (" + SharedFile.humanSize(file.size()) + ") to "
                        + saved + "."));
            } catch (IOException e) {
                Download.deleteQuietly(part);
                ui.post(() -> ui.error("Cannot save to " + target + ": " + e.getMessage()));
            }
        }));
    }

    /** Moves the finished part file to {@code target}, or beside it under a free name if one appeared meanwhile. */
    private static Path moveToFreeName(Path part, Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path free = SavePath.free(target);
            try {
                return Files.move(part, free, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                return Files.move(part, free);
            }
        }
    }

    /** F4: the last picture of the current conversation, as large as the terminal allows. */
    void previewLastPicture() {
        List<LogLine> log = ui.state().current().log();
        for (int i = log.size() - 1; i >= 0; i--) {
            SharedFile file = log.get(i).file();
            if (file != null && file.previewable()) {
                TerminalSize size = screenSize.get();
                Consumer<Path> show = picture -> {
                    Picture large = Pictures.decode(picture, size.getColumns(), 2 * (size.getRows() - 1));
                    ui.post(() -> {
                        if (large != null) {
                            ui.state().preview(large);
                        } else {
                            ui.error("Cannot show " + file.name() + ".");
                        }
                    });
                };
                if (file.local() != null && Files.isReadable(file.local())) {
                    files.execute(() -> show.accept(file.local()));
                } else if (file.id() != null) {
                    fetch(file, null, part -> files.execute(() -> {
                        show.accept(part);
                        Download.deleteQuietly(part);
                    }));
                }
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

    /**
     * Downloads {@code file} into a part file in {@code folder} (the temporary folder when null), then hands the
     * finished part to {@code done} on the UI thread.
     */
    private void fetch(SharedFile file, Path folder, Consumer<Path> done) {
        if (downloads.containsKey(file.id())) {
            ui.event(file.name() + " is already on its way.");
            return;
        }
        if (!link.online()) {
            ui.error("Not connected; try again once reconnected.");
            return;
        }
        Download download;
        Path part = null;
        try {
            part = folder == null ? Files.createTempFile("chat-tui-", ".part")
                    : Files.createTempFile(folder, ".chat-tui-", ".part");
            download = new Download(ui, link, files, file, part, new Download.Ended() {
                @Override
                public void finished(Download finished, Path bytes) {
                    downloads.remove(finished.file().id());
                    ui.state().transfer(null);
                    done.accept(bytes);
                }

                @Override
                public void failed(Download stopped, String why) {
                    downloads.remove(stopped.file().id());
                    ui.state().transfer(null);
                    if (why.equals(CANCELLED)) {
                        ui.event("Stopped getting " + stopped.file().name() + ".");
                    } else {
                        ui.error("Getting " + stopped.file().name() + " failed: " + why + ".");
                    }
                }
            });
        } catch (IOException e) {
            if (part != null) {
                Download.deleteQuietly(part);
            }
            ui.error("Cannot write to " + (folder == null ? "the temporary folder" : folder) + ": "
                    + e.getMessage());
            return;
        }
        downloads.put(file.id(), download);
        download.ask();
    }

    // ---- stopping -----------------------------------------------------------------------------------------------

    /** {@code /cancel}: stops every transfer under way. */
    void cancel() {
        if (uploads.isEmpty() && downloads.isEmpty() && preparing.isEmpty()) {
            ui.event("Nothing is being sent or fetched.");
            return;
        }
        for (Path path : preparing) {
            ui.event("Stopped sending " + path.getFileName() + ".");
        }
        preparing.clear();
        for (Upload upload : List.copyOf(uploads)) {
            upload.stop(CANCELLED);
        }
        for (Download download : List.copyOf(downloads.values())) {
            download.stop(CANCELLED);
        }
    }

    /** The connection dropped: what was under way cannot go on. */
    void connectionLost() {
        for (Upload upload : List.copyOf(uploads)) {
            upload.stop("the connection was lost");
        }
        for (Download download : List.copyOf(downloads.values())) {
            download.stop("the connection was lost");
        }
    }
}
