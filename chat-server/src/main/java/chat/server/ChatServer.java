package chat.server;

import chat.server.admin.AdminRequest;
import chat.server.admin.AdminSocket;
import chat.server.admin.BanList;
import chat.server.admin.LiveServer;
import chat.server.admin.OperatorCommands;
import chat.server.admin.OperatorTarget;
import chat.server.auth.AccountService;
import chat.server.auth.LoginThrottle;
import chat.server.auth.PasswordHasher;
import chat.server.auth.RegistrationLimit;
import chat.server.auth.SessionWatch;
import chat.server.chat.DirectChats;
import chat.server.chat.GuestHandles;
import chat.server.chat.Delivery;
import chat.server.cluster.ClusterOperator;
import chat.server.cluster.RedisCounts;
import chat.server.limits.SharedCounts;
import chat.server.cluster.RedisDelivery;
import chat.server.chat.LocalDelivery;
import chat.server.chat.OnlineUsers;
import chat.server.chat.Presence;
import chat.server.chat.NameLookups;
import chat.server.chat.RateLimits;
import chat.server.chat.OnlineElsewhere;
import chat.server.chat.ReadMarks;
import chat.server.chat.RandomChat;
import chat.server.chat.Rooms;
import chat.server.chat.Safety;
import chat.server.net.ConnectionLimits;
import chat.server.net.EventLoop;
import chat.server.net.TlsSettings;
import chat.server.files.FileVault;
import chat.server.files.ImageInspector;
import chat.server.files.Uploads;
import chat.server.session.SessionHandler;
import chat.server.store.BanStore;
import chat.server.store.FileStore;
import chat.server.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running server: the event loop on its own thread, the chat domain it drives, and the worker pool for blocking
 * work. {@link ServerMain} runs one from the command line; tests start one in-process on a free port.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChatServer.class.getName());

    private final ServerConfig config;
    private final EventLoop loop;
    /** Bytes in one upload chunk or download chunk: small enough that chat keeps flowing beside a transfer. */
    public static final int CHUNK_BYTES = 32 * 1024;
    /** The longest side of a picture's thumbnail. */
    static final int THUMBNAIL_PIXELS = 48;
    private static final long UPLOAD_SWEEP_MILLIS = 30_000;
    /** How often the server looks for logins ended by another process (an operator command). */
    private static final long SESSION_CHECK_MILLIS = 1_000;
    /** How often a node of a cluster reads the stored address bans again (for one it missed on the bus). */
    private static final long BANS_CHECK_MILLIS = 5_000;
    /** Downloads that may wait for a reader, in all and from one address (each reads 256 KiB). */
    private static final int DOWNLOADS_WAITING = 256;
    private static final int DOWNLOADS_WAITING_PER_ADDRESS = 8;
    /** Pictures that may wait to be decoded, in all and from one address (each owner has few uploads at once). */
    private static final int PICTURES_WAITING = 64;
    private static final int PICTURES_WAITING_PER_ADDRESS = 4;
    /** Contents the start-up sweep asks the store about at once. */
    private static final int ORPHAN_BATCH = 500;
    /** Threads for TLS handshakes' crypto: about a millisecond each, so two keep up with hundreds a second. */
    private static final int TLS_HANDSHAKE_THREADS = 2;

    private final WorkerPool workers;
    private final WorkerPool downloads;
    private final WorkerPool pictures;
    private final Store store;
    private final ExecutorService fileThread;
    private final Uploads uploads;
    private final FileVault vault;
    private final SessionWatch sessionWatch;
    private final LiveServer live;
    /** The address bans checked at every connect. */
    private final BanList banList;
    /** The bus to the other nodes; null when this server is alone. */
    private final RedisDelivery cluster;
    /** Operator commands to and from the other nodes; null when this server is alone. */
    private final ClusterOperator clusterOperator;
    /** Limits' counts shared with the other nodes; null when this server is alone. */
    private final RedisCounts sharedCounts;

    /** The operators' door, once open; null before, or when its path is too long for a Unix domain socket. */
    private volatile AdminSocket adminSocket;

    private ChatServer(ServerConfig config, Store store, LoopExecutor loopExecutor, List<BanStore.Ban> bans)
            throws IOException {
        this.config = config;
        this.store = store;
        LongSupplier clock = System::currentTimeMillis;
        RandomChat randomChat = new RandomChat(this::schedule, config.rematchCooldownMillis(),
                config.interestWaitMillis(), clock);
        OnlineUsers online = new OnlineUsers();
        String nodeId = newNodeId();
        Delivery delivery = config.cluster().clustered()
                ? new RedisDelivery(config.cluster().redisUrl(), nodeId, online, loopExecutor)
                : new LocalDelivery(online);
        this.cluster = delivery instanceof RedisDelivery redis ? redis : null;
        if (cluster != null) {
            randomChat.acrossNodes(cluster.strangers());
        }
        OnlineElsewhere elsewhere = cluster != null ? cluster.presence() : OnlineElsewhere.NONE;
        this.sessionWatch = new SessionWatch(store, online, clock);
        GuestHandles guests = new GuestHandles();
        ResourceLimits resources = config.resources();
        this.workers = new WorkerPool("chat-worker", config.workerThreads(), config.workerQueue(),
                resources.passwordChecksPerAddress(), true, loopExecutor);
        this.downloads = new WorkerPool("chat-download", resources.downloadThreads(), DOWNLOADS_WAITING,
                DOWNLOADS_WAITING_PER_ADDRESS, false, loopExecutor);
        this.pictures = new WorkerPool("chat-picture", resources.pictureThreads(), PICTURES_WAITING,
                PICTURES_WAITING_PER_ADDRESS, true, loopExecutor);
        this.sharedCounts = cluster == null ? null
                : new RedisCounts(config.cluster().redisUrl(), nodeId, loopExecutor);
        SharedCounts counts = sharedCounts == null ? SharedCounts.ALONE : sharedCounts;
        LoginThrottle loginThrottle = new LoginThrottle(config.loginFreeFailures(), 1_000,
                config.loginMaxDelayMillis(), config.loginMaxDelayMillis(), resources.passwordChecksPerAddress());
        loginThrottle.share(counts);
        RegistrationLimit registrationLimit = new RegistrationLimit(config.registrationsPerHour());
        registrationLimit.share(counts);
        AccountService accounts = new AccountService(store, workers, new PasswordHasher(config.bcryptCost()),
                loginThrottle, registrationLimit,
                new AccountService.Policy(config.sessionTtlMillis(), config.nameHoldMillis()), clock);
        FileVault vault = new FileVault(config.filesDirectory());
        vault.clearTemporary(); // uploads cut off by a restart cannot resume
        this.fileThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chat-files");
            thread.setDaemon(true);
            return thread;
        });
        this.uploads = new Uploads(vault, new ImageInspector(config.maxImagePixels(), resources.maxThumbnailPixels(),
                THUMBNAIL_PIXELS), new Uploads.Limits(config.maxFileBytes(), config.maxUploads(),
                        config.uploadTimeoutMillis(), CHUNK_BYTES, resources.uploadTempBytes(),
                        resources.uploadTempBytesPerAddress(), resources.transferBytesPerSecond(),
                        resources.transferBytesPerSecondTotal()), resources.guestQuotaBytes(),
                resources.guestQuotaBytesPerAddressPerDay(), fileThread, pictures, loopExecutor);
        accounts.onUnusedFileContents(uploads::deleteIfUnused);
        this.vault = vault;
        RateLimits rateLimits = new RateLimits(config.rateLimits(), System::nanoTime, counts);
        NameLookups lookups = new NameLookups(rateLimits.of(RateLimits.Kind.NAME_LOOKUP));
        Rooms rooms = new Rooms(store, delivery, online, elsewhere, config.roomMemberLimit(), config.historyOnJoin(),
                rateLimits.of(RateLimits.Kind.ROOM_CREATE), clock);
        online.onVisibilityChanged(rooms::visibilityChanged); // told by another node
        SessionHandler.Domain domain = new SessionHandler.Domain(randomChat,
                new DirectChats(store, online, elsewhere, delivery, lookups, clock),
                rooms,
                new Presence(store, online, elsewhere, lookups, clock),
                new Safety(store, online, randomChat, lookups, clock),
                rateLimits, accounts, online, guests, store,
                uploads, vault, downloads, config.fileQuotaBytes(), this::schedule, new ReadMarks(store, delivery));
        SessionHandler handler = new SessionHandler(new SessionHandler.Settings("chat-server " + version(),
                config.maxLineBytes(), config.maxMessageChars(), ZoneId.systemDefault(),
                config.plainPasswords(), config.maxOutboundBytes(), config.greetingWaitMillis()), domain);
        this.loop = new EventLoop(config.bind(), new ConnectionLimits(config.maxLineBytes(),
                config.maxOutboundBytes(), config.maxConnections(), config.maxConnectionsPerAddress(),
                config.connectsPerSecondPerAddress(), config.idleTimeoutMillis(),
                config.firstLineTimeoutMillis(), config.resources().lineBufferBytes()),
                config.tlsContext() == null ? null : new TlsSettings(config.tlsContext(), config.tlsDetectMillis(),
                        config.requireTls(), TLS_HANDSHAKE_THREADS),
                handler);
        this.banList = new BanList(clock);
        bans.forEach(banList::add);
        loop.connectFilter(banList);
        this.live = new LiveServer(loop, online, banList);
        this.clusterOperator = cluster == null ? null
                : new ClusterOperator(config.cluster().redisUrl(), nodeId, live);
        if (clusterOperator != null) {
            live.reach(clusterOperator);
        }
        loopExecutor.bind(loop);
    }

    /**
     * Opens the store, binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (the port is in use, say)
     * @throws AdminSocket.SetupException when the admin socket cannot be made (another server runs on the database)
     * @throws SQLException when the database cannot be opened or migrated
     */
    public static ChatServer start(ServerConfig config) throws IOException, SQLException {
        LoopExecutor loopExecutor = new LoopExecutor();
        Store store = config.cluster().postgresUrl() != null
                ? Store.openPostgres(config.cluster().postgresUrl(), loopExecutor)
                : Store.open(config.database(), loopExecutor);
        ChatServer server;
        try {
            List<BanStore.Ban> bans = store.call(c -> BanStore.inForce(c, System.currentTimeMillis()));
            server = new ChatServer(config, store, loopExecutor, bans);
        } catch (IOException | SQLException | RuntimeException e) {
            store.close();
            throw e;
        }
        server.loop.start("chat-loop");
        server.loop.execute(server::sweepUploads);
        if (!config.cluster().clustered()) {
            // Another node may be between moving an upload's content in and storing its message: not ours to judge.
            server.loop.execute(server::sweepOrphanContents);
        }
        server.loop.execute(server::watchSessions);
        if (config.cluster().clustered()) {
            server.loop.schedule(BANS_CHECK_MILLIS, server::reloadBans);
        }
        try {
            server.adminSocket = AdminSocket.open(config.database(), server::operatorRequest);
        } catch (AdminSocket.SetupException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Carries out a request that came over the admin socket; on the admin thread. The contents a deleted account
     * leaves unused go the way a user's own deletion sends them ({@link Uploads#deleteIfUnused}, on the loop).
     */
    private int operatorRequest(AdminRequest request, PrintWriter out, PrintWriter err) {
        OperatorTarget target = new OperatorTarget(store, shas -> loop.execute(() -> uploads.deleteIfUnused(shas)),
                live);
        return OperatorCommands.run(request, target, out, err);
    }

    /**
     * The event loop as an {@link Executor} for the store and the worker pool, which are made before the loop
     * exists (the store must open before the port is bound, so a broken database fails start-up cleanly).
     */
    private static final class LoopExecutor implements Executor {
        private volatile EventLoop loop;

        void bind(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }
    }

    /** The address the server listens on, with the real port. */
    public InetSocketAddress address() {
        return loop.localAddress();
    }

    /** The port the server listens on. */
    public int port() {
        return loop.localAddress().getPort();
    }

    /** The pool for blocking work; its callbacks run on the loop. */
    public WorkerPool workers() {
        return workers;
    }

    /** The event loop; {@link EventLoop#execute} runs code on it. */
    public EventLoop loop() {
        return loop;
    }

    /** Starts a graceful shutdown: stop accepting, say goodbye, flush, close. Returns at once. */
    public void shutdown() {
        closeAdminSocket();
        loop.shutdown(config.shutdownGraceMillis());
    }

    /** The operators' socket, or null when there is none. */
    public java.nio.file.Path adminSocket() {
        AdminSocket socket = adminSocket;
        return socket == null ? null : socket.path();
    }

    private void closeAdminSocket() {
        AdminSocket socket = adminSocket;
        if (socket != null) {
            socket.close();
        }
    }

    /** Waits for the shutdown to finish; then closes the worker pool, the file thread and the store. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        boolean done = loop.awaitTermination(timeout, unit);
        if (done) {
            closeAdminSocket();
            workers.close();
            downloads.close();
            pictures.close();
            fileThread.shutdownNow();
            if (clusterOperator != null) {
                clusterOperator.close();
            }
            if (sharedCounts != null) {
                sharedCounts.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            store.close();
        }
        return done;
    }

    /** Throws away idle uploads now and then. Loop thread. */
    private void sweepUploads() {
        uploads.expireIdle();
        loop.schedule(Math.max(100, Math.min(UPLOAD_SWEEP_MILLIS, config.uploadTimeoutMillis() / 2)),
                this::sweepUploads);
    }

    /**
     * Deletes file contents that no record uses: what a crash left between moving an upload into the vault and
     * storing its message. Runs once at start-up; the vault is listed on the file thread, the store asked in batches.
     */
    private void sweepOrphanContents() {
        fileThread.execute(() -> {
            List<String> contents;
            try {
                contents = vault.contents();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not list the file contents to look for orphans", e);
                return;
            }
            for (int from = 0; from < contents.size(); from += ORPHAN_BATCH) {
                List<String> batch = contents.subList(from, Math.min(contents.size(), from + ORPHAN_BATCH));
                store.submit(c -> FileStore.unused(c, batch), (unused, error) -> {
                    if (error == null) {
                        uploads.deleteIfUnused(unused);
                    }
                });
            }
        });
    }

    /**
     * Reads the stored address bans into the connect check, every {@link #BANS_CHECK_MILLIS}: the operator's ban
     * reaches every node at once over the bus, and this makes one a node missed hold within seconds. Loop thread.
     */
    private void reloadBans() {
        store.submit(c -> BanStore.inForce(c, System.currentTimeMillis()), (bans, error) -> {
            if (error == null) {
                banList.replaceAll(bans);
            }
            loop.schedule(BANS_CHECK_MILLIS, this::reloadBans);
        });
    }

    /** Looks for logins ended elsewhere, every {@link #SESSION_CHECK_MILLIS}. Loop thread. */
    private void watchSessions() {
        sessionWatch.check();
        loop.schedule(SESSION_CHECK_MILLIS, this::watchSessions);
    }

    /** The store, for operator commands run against the live server in tests. */
    public Store store() {
        return store;
    }

    /** Shuts down and waits for it. */
    @Override
    public void close() {
        shutdown();
        try {
            awaitTermination(config.shutdownGraceMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's version, from the build. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = ChatServer.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "dev");
    }

    /** A node's name in a cluster: new at every start, so a restarted node is a new one. */
    private static String newNodeId() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private chat.server.chat.Scheduler.Cancellable schedule(long delayMillis, Runnable task) {
        return loop.schedule(delayMillis, task)::cancel;
    }
}
