package chat.tui.app;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameException;
import chat.core.wire.InlineCommands;
import chat.core.wire.ServerFrame;
import chat.core.wire.TypingState;
import chat.tui.config.ClientConfig;
import chat.tui.config.SavedSession;
import chat.tui.model.ChatState;
import chat.tui.model.Conversation;
import chat.tui.model.LogLine;
import chat.tui.net.ChatClient;
import chat.tui.net.ServerTrust;
import chat.tui.net.HostPort;
import chat.tui.model.Picture;
import chat.tui.model.SharedFile;
import chat.tui.view.ChatView;
import chat.tui.view.ColorMode;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import com.googlecode.lanterna.screen.TerminalScreen;
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
import java.util.Map;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The full-screen client: one UI thread owns the {@link ChatState} and the screen. Keys come from Lanterna; frames
 * and connection news come from the {@link ChatClient}'s reader thread as tasks queued to the UI thread, so the state
 * is never touched from two threads. A lost connection is retried with a growing pause, and a login is resumed with
 * its token; messages that were not acknowledged are marked "not sent", never sent twice.
 */
public final class ChatApp {

    /** How the app begins once connected. */
    public enum Start {
        /** The start panel: log in, register, or continue as a guest. */
        WELCOME,
        /** Just the chat screen. */
        IDLE,
        /** Looking for a random stranger at once. */
        RANDOM
    }

    /**
     * What the app needs from outside.
     *
     * @param open a direct chat ({@code @name}) or room ({@code #name}) to open once connected, or null
     */
    public record Options(HostPort server, ClientConfig config, boolean bell, Start start, String open,
            ColorMode colors, Path folder) {
        public Options(HostPort server, ClientConfig config, boolean bell, Start start) {
            this(server, config, bell, start, null, ColorMode.TRUE_COLOR, Path.of("").toAbsolutePath());
        }

        public Options(HostPort server, ClientConfig config, boolean bell, Start start, String open) {
            this(server, config, bell, start, open, ColorMode.TRUE_COLOR, Path.of("").toAbsolutePath());
        }
    }

    /** The largest thumbnail drawn in the log, in pixels (a cell shows one pixel across, two down). */
    private static final int THUMBNAIL_WIDTH = 24;
    private static final int THUMBNAIL_HEIGHT = 24;
    /** Chunks of an upload in flight at once. */
    private static final int UPLOAD_WINDOW = 4;

    private static final long MAX_RECONNECT_DELAY_MILLIS = 30_000;
    /** How often an idle client pings, well inside the server's idle timeout. */
    private static final long KEEP_ALIVE_SECONDS = 60;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final TerminalScreen screen;
    private final Options options;
    private final LongSupplier clock;
    private final ChatState state;
    private final ChatView view;
    private final Map<String, Download> downloads = new HashMap<>();
    private final BlockingQueue<Runnable> uiTasks = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-tui-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final ServerTrust trust;
    private ChatClient client;
    private String token;
    private String strangerHandle;
    private String pendingOpen;
    private long reconnectDelayMillis = 1_000;
    private long lastTypingSentMillis;
    private char pendingHighSurrogate;
    private boolean running = true;
    private boolean started;

    public ChatApp(TerminalScreen screen, Options options, SavedSession session, LongSupplier clock) {
        this.screen = screen;
        this.options = options;
        this.clock = clock;
        this.state = new ChatState(options.server().toString());
        this.trust = new ServerTrust(options.config().knownServers());
        this.view = new ChatView(ZoneId.systemDefault(), options.colors());
        this.token = session == null ? null : session.token();
        state.startShown(options.start() == Start.WELCOME);
        this.pendingOpen = options.open();
    }

    /** The state the screen shows; for tests, read on the UI thread only. */
    public ChatState state() {
        return state;
    }

    /** Runs until the user quits. The calling thread becomes the UI thread. */
    public void run() throws IOException {
        connect();
        timer.scheduleAtFixedRate(() -> uiTasks.add(this::keepAlive), KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS);
        draw();
        while (running) {
            KeyStroke key = screen.pollInput();
            boolean changed = false;
            while (key != null) {
                handleKey(key);
                changed = true;
                key = running ? screen.pollInput() : null;
            }
            Runnable task;
            try {
                task = changed ? uiTasks.poll() : uiTasks.poll(25, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            while (task != null) {
                task.run();
                changed = true;
                task = uiTasks.poll();
            }
            if (screen.doResizeIfNecessary() != null) {
                changed = true;
            }
            if (changed || hasTyping()) {
                draw();
            }
        }
        timer.shutdownNow();
        if (client != null) {
            client.close();
        }
    }

    // ---- connection --------------------------------------------------------------------------------------------

    private void connect() {
        state.link(ChatState.Link.CONNECTING, null);
        timer.execute(() -> {
            try {
                ChatClient connected = ChatClient.connect(options.server(), trust, CONNECT_TIMEOUT,
                        new ChatClient.Listener() {
                    @Override
                    public void frame(ServerFrame frame) {
                        uiTasks.add(() -> onFrame(frame));
                    }

                    @Override
                    public void disconnected(Exception cause) {
                        uiTasks.add(() -> onDisconnected(cause));
                    }
                });
                uiTasks.add(() -> onConnected(connected));
            } catch (ServerTrust.ChangedCertificateException e) {
                uiTasks.add(() -> onUntrusted(e));
            } catch (IOException e) {
                uiTasks.add(() -> onDisconnected(e));
            }
        });
    }

    private void onConnected(ChatClient connected) {
        if (!running) {
            connected.close();
            return;
        }
        client = connected;
        reconnectDelayMillis = 1_000;
        state.link(ChatState.Link.ONLINE, null);
        if (connected.securityNote() != null && (connected.pinnedNow() || !started)) {
            state.current().add(LogLine.event(clock.getAsLong(), connected.securityNote()));
        }
        request(new ClientFrame.Hello(null, "chat-tui"));
        if (token != null) {
            request(new ClientFrame.Resume(null, token));
        }
        if (!started) {
            started = true;
            if (options.start() == Start.RANDOM) {
                request(new ClientFrame.Next(null, null));
            }
            if (pendingOpen != null && token == null) {
                open(pendingOpen); // a guest: nothing to wait for
                pendingOpen = null;
            }
        } else {
            state.random().add(LogLine.event(clock.getAsLong(), "Reconnected to " + state.server() + "."));
        }
    }

    private void onDisconnected(Exception cause) {
        if (!running) {
            return;
        }
        client = null;
        long now = clock.getAsLong();
        for (Conversation conversation : state.conversations()) {
            conversation.failPending();
        }
        Conversation random = state.random();
        if (random.serverId() != null) {
            random.add(LogLine.event(now, "Connection lost; the stranger is gone."));
            random.serverId(null);
            random.title("Stranger");
        } else if (started) {
            state.current().add(LogLine.error(now, "Connection lost" + (cause != null && cause.getMessage() != null
                    ? ": " + cause.getMessage() : "") + "."));
        }
        long delay = reconnectDelayMillis;
        reconnectDelayMillis = Math.min(MAX_RECONNECT_DELAY_MILLIS, reconnectDelayMillis * 2);
        state.link(ChatState.Link.RECONNECTING, "retrying in " + Math.max(1, delay / 1000) + " s");
        timer.schedule(() -> uiTasks.add(this::connect), delay, TimeUnit.MILLISECONDS);
    }

    /** The server's pinned certificate changed: say so loudly and do not reconnect on our own. */
    private void onUntrusted(ServerTrust.ChangedCertificateException e) {
        if (!running) {
            return;
        }
        long now = clock.getAsLong();
        state.startShown(false);
        for (String line : e.getMessage().split("\\R")) {
            state.current().add(LogLine.error(now, line));
        }
        state.link(ChatState.Link.OFFLINE, "the server's certificate changed; not connecting");
    }

    /** Pings the server so an idle screen is not closed for idleness. */
    private void keepAlive() {
        if (client != null) {
            sendQuietly(new ClientFrame.Ping(null));
        }
    }

    /** Sends a request; its answer is handled when it comes. */
    private CompletableFuture<ServerFrame> request(ClientFrame frame) {
        if (client == null) {
            state.current().add(LogLine.error(clock.getAsLong(), "Not connected; waiting to reconnect."));
            return CompletableFuture.failedFuture(new IOException("not connected"));
        }
        CompletableFuture<ServerFrame> reply = client.request(frame);
        reply.whenComplete((answer, error) -> {
            if (error instanceof ChatClient.ServerError serverError) {
                uiTasks.add(() -> state.current().add(LogLine.error(clock.getAsLong(),
                        capitalized(serverError.error().message()) + ".")));
            }
        });
        return reply;
    }

    // ---- what the server says ----------------------------------------------------------------------------------

    private void onFrame(ServerFrame frame) {
        long now = clock.getAsLong();
        Conversation random = state.random();
        if (frame instanceof ServerFrame.Welcome welcome) {
            state.me(welcome.handle(), Boolean.TRUE.equals(welcome.loggedIn()));
        } else if (frame instanceof ServerFrame.Queued queued) {
            random.add(LogLine.event(now, queued.size() == 2 ? "Looking for a stranger…"
                    : "Looking for " + (queued.size() - 1) + " strangers…"));
        } else if (frame instanceof ServerFrame.Paired paired) {
            random.serverId(paired.conv());
            strangerHandle = paired.you();
            random.title(paired.partners().size() == 1 ? paired.partner() : "Group of " + paired.size());
            random.add(LogLine.event(now, paired.partners().size() == 1
                    ? "You are now chatting with " + paired.partner() + ". Say hi!"
                    : "You are in a group with " + String.join(", ", paired.partners()) + ". Say hi!"));
            noticeArrival(random);
        } else if (frame instanceof ServerFrame.Message message) {
            Conversation conversation = stored(message.conv());
            if (conversation != null) {
                conversation.typing(message.from(), 0);
                conversation.add(line(message));
                conversation.lastMessageId(message.id());
                noticeArrival(conversation);
                markReadIfShown(conversation);
            }
        } else if (frame instanceof ServerFrame.FileChunk chunk) {
            Download download = downloads.get(chunk.file());
            if (download != null) {
                download.accept(chunk);
            }
        } else if (frame instanceof ServerFrame.Room room) {
            Conversation conversation = stored(room.conv());
            conversation.add(LogLine.event(now, "You joined " + room.conv() + (room.topic() == null
                    || room.topic().isEmpty() ? "" : " — " + room.topic()) + " (" + room.members().size()
                    + (room.members().size() == 1 ? " person)" : " people)") + ". /part to leave."));
            state.select(conversation);
        } else if (frame instanceof ServerFrame.History history) {
            Conversation conversation = stored(history.conv());
            List<LogLine> lines = history.messages().stream().map(this::line).toList();
            boolean older = conversation.oldestMessageId() != null && !history.messages().isEmpty()
                    && Long.parseLong(history.messages().get(history.messages().size() - 1).id())
                    < Long.parseLong(conversation.oldestMessageId());
            if (older) {
                conversation.prepend(lines);
            } else {
                lines.forEach(conversation::add);
                if (!history.messages().isEmpty()) {
                    conversation.lastMessageId(history.messages().get(history.messages().size() - 1).id());
                }
            }
            if (!history.messages().isEmpty() && (older || conversation.oldestMessageId() == null)) {
                conversation.oldestMessageId(history.messages().get(0).id());
            }
            conversation.moreHistory(Boolean.TRUE.equals(history.more()));
            markReadIfShown(conversation);
        } else if (frame instanceof ServerFrame.MemberJoined joined) {
            stored(joined.conv()).add(LogLine.event(now, joined.handle() + " joined."));
        } else if (frame instanceof ServerFrame.MemberLeft left) {
            stored(left.conv()).add(LogLine.event(now, left.handle() + " left."));
        } else if (frame instanceof ServerFrame.TopicChanged topic) {
            stored(topic.conv()).add(LogLine.event(now, topic.by() + " set the topic: " + topic.topic()));
        } else if (frame instanceof ServerFrame.ConversationList list) {
            for (ServerFrame.ConversationSummary summary : list.conversations()) {
                Conversation conversation = stored(summary.conv());
                if (conversation != state.current()) {
                    conversation.unread(summary.unread());
                }
            }
        } else if (frame instanceof ServerFrame.KeepRequested) {
            random.add(LogLine.event(now, "The stranger wants to stay in touch. Type /keep to agree."));
        } else if (frame instanceof ServerFrame.Kept kept) {
            random.add(LogLine.event(now, "You both kept the chat: it goes on in " + kept.direct() + "."));
            random.serverId(null);
            random.title("Stranger");
            state.select(stored(kept.direct()));
        } else if (frame instanceof ServerFrame.RoomList list) {
            state.current().add(LogLine.event(now, list.rooms().isEmpty() ? "No rooms yet; /join #name starts one."
                    : "Rooms: " + String.join("  ", list.rooms().stream().map(room -> room.conv() + " ("
                            + room.members() + ")").toList())));
        } else if (frame instanceof ServerFrame.WhoList who) {
            state.current().add(LogLine.event(now, (who.conv() == null ? "Online: " : "In " + who.conv() + ": ")
                    + String.join(", ", who.users().stream().map(user -> user.name()
                            + ("away".equals(user.status()) ? " (away)" : "")).toList())));
        } else if (frame instanceof ServerFrame.Presence presence) {
            state.current().add(LogLine.event(now, presence.user().name() + " is " + presence.user().status()
                    + (presence.user().message() != null ? " (" + presence.user().message() + ")" : "")));
        } else if (frame instanceof ServerFrame.BlockList blocks) {
            state.current().add(LogLine.event(now, blocks.names().isEmpty() ? "You block nobody."
                    : "You block: " + String.join(", ", blocks.names())));
        } else if (frame instanceof ServerFrame.PartnerLeft left) {
            Conversation conversation = state.byServerId(left.conv());
            if (conversation != null) {
                conversation.typing(left.partner(), 0);
                boolean ended = Boolean.TRUE.equals(left.ended());
                conversation.add(LogLine.event(now, left.partner() + " left the chat."
                        + (ended ? " Press F2 to meet someone new." : "")));
                if (ended) {
                    conversation.serverId(null);
                    conversation.title("Stranger");
                }
            }
        } else if (frame instanceof ServerFrame.Left left && left.conv() != null && left.conv().startsWith("#")) {
            Conversation room = stored(left.conv());
            room.add(LogLine.event(now, "You left " + left.conv() + "."));
        } else if (frame instanceof ServerFrame.Left left) {
            if (left.conv() == null || left.conv().equals(random.serverId())) {
                random.add(LogLine.event(now, left.conv() == null ? "You stopped waiting." : "You left the chat."));
                random.serverId(null);
                random.title("Stranger");
            }
        } else if (frame instanceof ServerFrame.Typing typing) {
            Conversation conversation = typing.conv().startsWith("~") ? state.byServerId(typing.conv())
                    : stored(typing.conv());
            if (conversation != null) {
                boolean stopped = TypingState.DONE.wireName().equals(typing.state());
                conversation.typing(typing.from(), stopped ? 0 : now + TypingState.EXPIRES_AFTER_MILLIS);
            }
        } else if (frame instanceof ServerFrame.LoggedIn loggedIn) {
            onLoggedIn(loggedIn, now);
        } else if (frame instanceof ServerFrame.LoggedOut loggedOut) {
            state.me(loggedOut.handle(), false);
            token = null;
            forgetSession();
            state.current().add(LogLine.event(now, "Logged out; you are " + loggedOut.handle() + " again."));
        } else if (frame instanceof ServerFrame.Ok ok && ok.message() != null) {
            state.current().add(LogLine.event(now, capitalized(ok.message()) + "."));
        } else if (frame instanceof ServerFrame.Notice notice) {
            for (String line : notice.text().split("\n")) {
                state.current().add(LogLine.event(now, line));
            }
        } else if (frame instanceof ServerFrame.Bye bye) {
            state.current().add(LogLine.event(now, "The server says goodbye: "
                    + (bye.message() != null ? bye.message() : bye.reason()) + "."));
            if ("password_changed".equals(bye.reason()) || "password_reset".equals(bye.reason())
                    || "account_deleted".equals(bye.reason()) || "logged_out".equals(bye.reason())) {
                token = null;
                forgetSession();
            }
        }
    }

    private void onLoggedIn(ServerFrame.LoggedIn loggedIn, long now) {
        boolean resumed = loggedIn.token().equals(token);
        token = loggedIn.token();
        state.me(loggedIn.name(), true);
        try {
            options.config().saveSession(new SavedSession(state.server(), loggedIn.name(), loggedIn.token(),
                    loggedIn.expires()));
        } catch (IOException e) {
            state.current().add(LogLine.error(now, "Could not save the login: " + e.getMessage()));
        }
        if (!resumed) {
            state.current().add(LogLine.event(now, "Logged in as " + loggedIn.name() + "."));
        }
        if (pendingOpen != null) {
            open(pendingOpen); // direct chats need the login first
            pendingOpen = null;
        }
        if (loggedIn.recoveryCodes() != null) {
            state.current().add(LogLine.event(now, "Your recovery codes (each resets your password once; shown only"
                    + " now, keep them safe): " + String.join("  ", loggedIn.recoveryCodes())));
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    /** A log line for a message, with its file and thumbnail if it shares one. */
    private LogLine line(ServerFrame.Message message) {
        if (message.file() == null) {
            return LogLine.message(message.ts(), message.from(), message.text());
        }
        return LogLine.file(message.ts(), message.from(), sharedFile(message.file()), false, null);
    }

    private static SharedFile sharedFile(ServerFrame.FileInfo file) {
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

    /** Reads a file off the UI thread, then uploads it into the current conversation in chunks. */
    private void sendFile(String pathText) {
        Conversation conversation = state.current();
        if (conversation.serverId() == null) {
            conversation.add(LogLine.error(clock.getAsLong(), "You are not in a chat to share a file in."));
            return;
        }
        Path path = options.folder().resolve(pathText);
        String conv = conversation.serverId();
        timer.execute(() -> {
            try {
                byte[] bytes = Files.readAllBytes(path);
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                uiTasks.add(() -> startUpload(conversation, conv, path.getFileName().toString(), bytes, sha256));
            } catch (IOException | NoSuchAlgorithmException | OutOfMemoryError e) {
                uiTasks.add(() -> conversation.add(LogLine.error(clock.getAsLong(), "Cannot read " + path + ": "
                        + e.getMessage())));
            }
        });
    }

    private void startUpload(Conversation conversation, String conv, String name, byte[] bytes, String sha256) {
        if (client == null) {
            conversation.add(LogLine.error(clock.getAsLong(), "Not connected; the file was not sent."));
            return;
        }
        String id = client.nextId();
        SharedFile shown = new SharedFile(null, name, bytes.length, null, null, null, null);
        conversation.add(LogLine.file(clock.getAsLong(), speakerIn(conversation), shown, true, id));
        request(new ClientFrame.UploadStart(null, conv, name, (long) bytes.length, sha256)).whenComplete(
                (reply, error) -> uiTasks.add(() -> {
                    if (reply instanceof ServerFrame.UploadReady ready) {
                        new Upload(conversation, id, name, bytes, ready).next();
                    } else {
                        conversation.updateDelivery(id, LogLine.Delivery.FAILED);
                        state.transfer(null);
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
                request(new ClientFrame.UploadChunk(null, upload, offset, data)).whenComplete(
                        (reply, error) -> uiTasks.add(() -> progress(reply, error)));
            }
            if (!failed && inFlight == 0 && confirmed == bytes.length) {
                request(new ClientFrame.UploadFinish(null, upload)).whenComplete((reply, error) -> uiTasks.add(() -> {
                    state.transfer(null);
                    conversation.updateDelivery(lineId, error == null ? LogLine.Delivery.DELIVERED
                            : LogLine.Delivery.FAILED);
                }));
            }
        }

        private void progress(ServerFrame reply, Throwable error) {
            inFlight--;
            if (error != null || !(reply instanceof ServerFrame.UploadProgress progress)) {
                failed = true;
                state.transfer(null);
                conversation.updateDelivery(lineId, LogLine.Delivery.FAILED);
                return;
            }
            confirmed = Math.max(confirmed, progress.received());
            state.transfer("↑ " + name + " " + (confirmed * 100 / bytes.length) + "%");
            next();
        }
    }

    /** Downloads a file the user can see into a file beside it, never over an existing one. */
    private void save(String fileId, String requested) {
        SharedFile file = findFile(fileId);
        if (file == null) {
            state.current().add(LogLine.error(clock.getAsLong(), "No file " + fileId + " in this chat."));
            return;
        }
        Path target = SavePath.choose(file.name(), requested, options.folder());
        fetch(file, bytes -> timer.execute(() -> {
            try {
                Files.write(target, bytes, StandardOpenOption.CREATE_NEW);
                uiTasks.add(() -> state.current().add(LogLine.event(clock.getAsLong(), "Saved " + file.name()
                        + " to " + target + ".")));
            } catch (IOException e) {
                uiTasks.add(() -> state.current().add(LogLine.error(clock.getAsLong(), "Cannot save to " + target
                        + ": " + e.getMessage())));
            }
        }));
    }

    /** F4: the last picture of the current conversation, as large as the terminal allows. */
    private void previewLastPicture() {
        List<LogLine> log = state.current().log();
        for (int i = log.size() - 1; i >= 0; i--) {
            SharedFile file = log.get(i).file();
            if (file != null && file.thumbnail() != null && file.id() != null) {
                TerminalSize size = screen.getTerminalSize();
                fetch(file, bytes -> {
                    Picture large = Pictures.decode(bytes, size.getColumns(), 2 * (size.getRows() - 1));
                    if (large != null) {
                        state.preview(large);
                    }
                });
                return;
            }
        }
        state.current().add(LogLine.event(clock.getAsLong(), "No picture in this chat yet."));
    }

    private SharedFile findFile(String fileId) {
        for (Conversation conversation : state.conversations()) {
            for (LogLine line : conversation.log()) {
                if (line.file() != null && fileId.equals(line.file().id())) {
                    return line.file();
                }
            }
        }
        return null;
    }

    /** Fetches a whole file in windows, then hands its bytes to {@code done} on the UI thread. */
    private void fetch(SharedFile file, java.util.function.Consumer<byte[]> done) {
        if (downloads.containsKey(file.id()) || client == null) {
            return;
        }
        Download download = new Download(file, done);
        downloads.put(file.id(), download);
        download.ask();
    }

    /** One download: asks for a window, gathers its chunks, asks again until the file is whole. UI thread. */
    private final class Download {
        private final SharedFile file;
        private final java.util.function.Consumer<byte[]> done;
        private final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();

        Download(SharedFile file, java.util.function.Consumer<byte[]> done) {
            this.file = file;
            this.done = done;
        }

        void ask() {
            request(new ClientFrame.Download(null, file.id(), (long) received.size())).whenComplete(
                    (reply, error) -> uiTasks.add(() -> {
                        if (error != null) {
                            downloads.remove(file.id());
                            state.transfer(null);
                        } else if (received.size() >= file.size()) {
                            downloads.remove(file.id());
                            state.transfer(null);
                            done.accept(received.toByteArray());
                        } else {
                            ask();
                        }
                    }));
        }

        void accept(ServerFrame.FileChunk chunk) {
            if (chunk.offset() == received.size()) {
                received.writeBytes(Base64.getDecoder().decode(chunk.data()));
                state.transfer("↓ " + file.name() + " " + (received.size() * 100 / Math.max(1, file.size())) + "%");
            }
        }
    }

    private String speakerIn(Conversation conversation) {
        return conversation == state.random() && strangerHandle != null ? strangerHandle : state.me();
    }

    /** The conversation for a direct chat or room ({@code @name}, {@code #name}), created when new. */
    private Conversation stored(String conv) {
        if (conv.startsWith("~")) {
            return state.byServerId(conv);
        }
        Conversation conversation = state.conversation(conv.toLowerCase(Locale.ROOT), conv);
        conversation.serverId(conv);
        return conversation;
    }

    /** Opens a direct chat or a room: joins the room, or shows the direct chat's recent history. */
    private void open(String conv) {
        if (conv.startsWith("#")) {
            request(new ClientFrame.Join(null, conv));
        } else {
            String direct = conv.startsWith("@") ? conv : "@" + conv;
            state.select(stored(direct));
            request(new ClientFrame.History(null, direct, null, 50));
        }
    }

    /** Tells the server a direct chat on screen has been read. */
    private void markReadIfShown(Conversation conversation) {
        if (conversation == state.current() && conversation.serverId() != null
                && conversation.serverId().startsWith("@") && conversation.lastMessageId() != null
                && client != null) {
            sendQuietly(new ClientFrame.Read(null, conversation.serverId(), conversation.lastMessageId()));
        }
    }

    private void forgetSession() {
        try {
            options.config().forgetSession();
        } catch (IOException e) {
            state.current().add(LogLine.error(clock.getAsLong(), "Could not forget the login: " + e.getMessage()));
        }
    }

    private void noticeArrival(Conversation conversation) {
        if (conversation != state.current()) {
            conversation.markUnread();
            bell();
        } else if (conversation.scrollBack() > 0) {
            bell();
        }
    }

    private void bell() {
        if (options.bell()) {
            try {
                screen.getTerminal().bell();
            } catch (IOException | UnsupportedOperationException e) {
                // no bell, no harm
            }
        }
    }

    // ---- what the user does ------------------------------------------------------------------------------------

    void handleKey(KeyStroke key) {
        if (key instanceof MouseAction mouse) {
            if (mouse.getActionType() == MouseActionType.SCROLL_UP) {
                scroll(3);
            } else if (mouse.getActionType() == MouseActionType.SCROLL_DOWN) {
                scroll(-3);
            }
            return;
        }
        if (key.getKeyType() == KeyType.EOF) {
            running = false;
            return;
        }
        if (state.preview() != null) {
            if (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.F4) {
                state.preview(null);
            }
            return;
        }
        if (state.startShown() && answerStart(key)) {
            return;
        }
        if (state.helpShown() && key.getKeyType() != KeyType.F1) {
            state.toggleHelp();
            if (key.getKeyType() == KeyType.Escape) {
                return;
            }
        }
        switch (key.getKeyType()) {
            case F1 -> state.toggleHelp();
            case F2 -> request(new ClientFrame.Next(null, null));
            case F3 -> request(new ClientFrame.Leave(null, null));
            case F4 -> previewLastPicture();
            case F5 -> switchBy(-1);
            case F6 -> switchBy(1);
            case F10 -> running = false;
            case Enter -> submit();
            case Backspace -> edited(() -> state.input().backspace());
            case Delete -> edited(() -> state.input().delete());
            case ArrowLeft -> state.input().left();
            case ArrowRight -> state.input().right();
            case Home -> state.input().home();
            case End -> state.input().end();
            case ArrowUp -> state.input().historyBack();
            case ArrowDown -> state.input().historyForward();
            case PageUp -> scroll(pageRows());
            case PageDown -> scroll(-pageRows());
            case Tab -> complete();
            case Character -> typed(key);
            default -> { }
        }
    }

    /** Keys of the start panel; false for keys it leaves to the chat screen. */
    private boolean answerStart(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.Enter) {
            state.startShown(false);
            return true;
        }
        if (key.getKeyType() != KeyType.Character || key.isCtrlDown()) {
            return false;
        }
        switch (Character.toLowerCase(key.getCharacter())) {
            case 'l' -> state.input().set("/login ");
            case 'r' -> state.input().set("/register ");
            case 'g' -> { }
            default -> {
                return true; // other letters do nothing while the panel is up
            }
        }
        state.startShown(false);
        return true;
    }

    private void typed(KeyStroke key) {
        char c = key.getCharacter();
        if (key.isCtrlDown()) {
            switch (Character.toLowerCase(c)) {
                case 'c', 'q' -> running = false;
                case 'w' -> edited(() -> state.input().deleteWord());
                case 'u' -> edited(() -> state.input().set(""));
                case 'a' -> state.input().home();
                case 'e' -> state.input().end();
                case 'n' -> switchBy(1);
                case 'p' -> switchBy(-1);
                default -> { }
            }
            return;
        }
        if (Character.isHighSurrogate(c)) {
            pendingHighSurrogate = c; // an emoji arrives as two keystrokes
            return;
        }
        String text = Character.isLowSurrogate(c) && pendingHighSurrogate != 0
                ? new String(new char[] {pendingHighSurrogate, c}) : String.valueOf(c);
        pendingHighSurrogate = 0;
        if (Character.isSurrogate(text.charAt(0)) && text.length() == 1) {
            return; // half a pair: nothing a person typed
        }
        edited(() -> state.input().insert(text));
    }

    /** An edit of the input line; tells the partner we are typing, at most once per interval. */
    private void edited(Runnable edit) {
        edit.run();
        String conv = state.current().serverId();
        String text = state.input().text();
        if (conv == null || client == null || text.startsWith("/")) {
            return;
        }
        long now = clock.getAsLong();
        if (text.isEmpty()) {
            if (lastTypingSentMillis != 0) {
                lastTypingSentMillis = 0;
                sendQuietly(new ClientFrame.Typing(null, conv, TypingState.DONE.wireName()));
            }
        } else if (now - lastTypingSentMillis >= TypingState.REPEAT_INTERVAL_MILLIS) {
            lastTypingSentMillis = now;
            sendQuietly(new ClientFrame.Typing(null, conv, TypingState.ACTIVE.wireName()));
        }
    }

    private void sendQuietly(ClientFrame frame) {
        try {
            client.send(frame);
        } catch (IOException e) {
            // the reader thread reports the lost connection
        }
    }

    private void submit() {
        String line = state.input().take();
        lastTypingSentMillis = 0;
        if (line.isBlank()) {
            return;
        }
        if (line.startsWith("/") && !line.startsWith("//")) {
            command(line);
        } else {
            say(line.startsWith("//") ? line.substring(1) : line);
        }
    }

    private void command(String line) {
        String name = line.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (name.equals("/quit")) {
            running = false;
            return;
        }
        if (name.equals("/help")) {
            state.toggleHelp();
            return;
        }
        String[] words = line.strip().split(" +", 3);
        if (name.equals("/send")) {
            if (words.length < 2) {
                state.current().add(LogLine.error(clock.getAsLong(), "Usage: /send PATH"));
            } else {
                sendFile(line.strip().substring("/send".length()).strip());
            }
            return;
        }
        if (name.equals("/save")) {
            if (words.length < 2) {
                state.current().add(LogLine.error(clock.getAsLong(), "Usage: /save ID [PATH]"));
            } else {
                save(words[1], words.length > 2 ? words[2] : null);
            }
            return;
        }
        ClientFrame frame;
        try {
            frame = InlineCommands.parse(line);
        } catch (FrameException e) {
            state.current().add(LogLine.error(clock.getAsLong(), capitalized(e.getMessage()) + "."));
            return;
        }
        if (frame instanceof ClientFrame.Focus focus) {
            open(focus.conv());
            return;
        }
        if (frame instanceof ClientFrame.Say say && say.conv() != null) {
            Conversation conversation = stored(say.conv());
            state.select(conversation);
            say(say.text());
            return;
        }
        if (frame instanceof ClientFrame.Part part && part.conv() == null && state.current().serverId() != null
                && state.current().serverId().startsWith("#")) {
            frame = new ClientFrame.Part(null, state.current().serverId());
        } else if (frame instanceof ClientFrame.Topic topic && topic.conv() == null) {
            frame = new ClientFrame.Topic(null, state.current().serverId(), topic.topic());
        } else if (frame instanceof ClientFrame.History history && history.conv() == null) {
            frame = new ClientFrame.History(null, state.current().serverId(), null, history.limit());
        } else if (frame instanceof ClientFrame.Report report && report.conv() == null) {
            frame = new ClientFrame.Report(null, state.current().serverId(), report.reason());
        }
        request(frame);
    }

    private void say(String text) {
        Conversation conversation = state.current();
        long now = clock.getAsLong();
        if (conversation.serverId() == null) {
            conversation.add(LogLine.error(now, "You are not in a chat. Press F2 to meet a stranger."));
            return;
        }
        if (client == null) {
            conversation.add(LogLine.error(now, "Not connected; your message was not sent."));
            return;
        }
        String id = client.nextId();
        conversation.add(LogLine.own(now, speakerIn(conversation), text, id));
        conversation.scrollBack(0);
        client.request(id, new ClientFrame.Say(null, conversation.serverId(), text)).whenComplete(
                (reply, error) -> uiTasks.add(() -> {
                    LogLine.Delivery delivery = error != null ? LogLine.Delivery.FAILED
                            : reply instanceof ServerFrame.Ok ok && Boolean.TRUE.equals(ok.delivered())
                                    ? LogLine.Delivery.DELIVERED : LogLine.Delivery.SENT;
                    conversation.updateDelivery(id, delivery);
                    if (error instanceof ChatClient.ServerError serverError) {
                        conversation.add(LogLine.error(clock.getAsLong(),
                                capitalized(serverError.error().message()) + "."));
                    }
                }));
    }

    private void complete() {
        String text = state.input().text();
        if (text.startsWith("/") && !text.contains(" ")) {
            List<String> matches = InlineCommands.all().stream().map(command -> "/" + command.name())
                    .filter(name -> name.startsWith(text.toLowerCase(Locale.ROOT))).toList();
            if (matches.size() == 1) {
                state.input().set(matches.get(0) + " ");
            } else if (matches.size() > 1) {
                state.current().add(LogLine.event(clock.getAsLong(), String.join("  ", matches)));
            }
            return;
        }
        int wordStart = text.lastIndexOf(' ') + 1;
        String prefix = text.substring(wordStart);
        if (prefix.isEmpty()) {
            return;
        }
        for (String name : knownNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
                state.input().set(text.substring(0, wordStart) + name + (wordStart == 0 ? ": " : " "));
                return;
            }
        }
    }

    private List<String> knownNames() {
        return state.current().log().stream().map(LogLine::from).filter(from -> from != null
                && !from.equals(state.me())).distinct().toList();
    }

    private void switchBy(int delta) {
        state.switchBy(delta);
        Conversation shown = state.current();
        if (shown.log().isEmpty() && shown.serverId() != null && shown.serverId().startsWith("@")) {
            request(new ClientFrame.History(null, shown.serverId(), null, 50)); // waiting messages, from the inbox
        }
        markReadIfShown(shown);
    }

    private void scroll(int rows) {
        Conversation conversation = state.current();
        conversation.scrollBack(conversation.scrollBack() + rows);
        boolean nearTheTop = conversation.scrollBack() + pageRows() >= conversation.log().size();
        if (rows > 0 && nearTheTop && conversation.moreHistory() && conversation.oldestMessageId() != null
                && conversation.serverId() != null && conversation.requestHistory()) {
            request(new ClientFrame.History(null, conversation.serverId(), conversation.oldestMessageId(), 50));
        }
    }

    private int pageRows() {
        return Math.max(1, screen.getTerminalSize().getRows() - 3);
    }

    private boolean hasTyping() {
        return !state.current().typingAt(clock.getAsLong()).isEmpty();
    }

    private void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        TerminalPosition cursor = view.draw(state, screen.newTextGraphics(), size, clock.getAsLong());
        screen.setCursorPosition(cursor);
        screen.refresh();
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
