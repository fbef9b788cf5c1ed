package chat.server;

import chat.server.admin.AdminSocket;
import chat.server.log.ServerLogging;
import chat.server.net.ServerCertificate;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import chat.server.store.Dialect;
import chat.server.log.LogText;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code chat-server}: runs the server in the foreground until SIGTERM or SIGINT, then shuts down gracefully
 * (clients hear a goodbye, queued output is flushed) and exits 0. Exit status 1 means it could not start (the port
 * is in use, say), 2 a bad command line.
 */
@Command(name = "chat-server", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {UsersCommand.class, ReportsCommand.class,
                ModerationCommands.Kick.class, ModerationCommands.Ban.class, ModerationCommands.Bans.class,
                ModerationCommands.Unban.class, ModerationCommands.Who.class},
        description = "Terminal chat server: random strangers, netcat-friendly, JSON lines over TCP.")
public final class ServerMain implements Callable<Integer> {

    static {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%6$s%n");
        System.setProperty("java.awt.headless", "true"); // pictures are only ever decoded, never shown
    }

    private static final Logger LOG = Logger.getLogger(ServerMain.class.getName());

    /** Where the database lives unless --db says otherwise: in the user's data directory ({@link DataDirectory}). */
    static final Path DEFAULT_DATABASE = DataDirectory.current().resolve("chat.db");
    /** The environment variable that may hold the TLS keystore's password. */
    static final String TLS_PASSWORD_VARIABLE = "CHAT_TLS_KEYSTORE_PASSWORD";

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind = "0.0.0.0";

    @Option(names = "--db", paramLabel = "FILE|URL", description = "SQLite database file, created on first start"
            + " (default: ${DEFAULT-VALUE}), or postgresql://HOST:PORT/NAME?user=... for a cluster's store.")
    String database = DEFAULT_DATABASE.toString();

    @Option(names = "--redis", paramLabel = "URL", description = "redis://HOST:PORT: join the cluster of every node"
            + " started with this Redis (and the same PostgreSQL --db).")
    String redis;

    @Option(names = "--max-line-bytes", paramLabel = "BYTES", description = "Longest line a client may send (default: ${DEFAULT-VALUE}).")
    int maxLineBytes = ServerConfig.DEFAULT_MAX_LINE_BYTES;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections held at once (default: ${DEFAULT-VALUE}).")
    int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--max-connections-per-address", paramLabel = "N", description = "Connections held at once from one address (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerAddress = ServerConfig.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

    @Option(names = "--connects-per-second", paramLabel = "N", description = "New connections a second from one address (default: ${DEFAULT-VALUE}).")
    double connectsPerSecond = ServerConfig.DEFAULT_CONNECTS_PER_SECOND_PER_ADDRESS;

    @Option(names = "--registrations-per-hour", paramLabel = "N", description = "New accounts an hour from one address (default: ${DEFAULT-VALUE}).")
    double registrationsPerHour = ServerConfig.DEFAULT_REGISTRATIONS_PER_HOUR;

    @Option(names = "--max-outbound-bytes", paramLabel = "BYTES", description = "Output queued for one client before it is cut off as a slow consumer (default: ${DEFAULT-VALUE}).")
    long maxOutboundBytes = ServerConfig.DEFAULT_MAX_OUTBOUND_BYTES;

    @Option(names = "--max-message-chars", paramLabel = "N", description = "Longest message, in characters (default: ${DEFAULT-VALUE}).")
    int maxMessageChars = ServerConfig.DEFAULT_MAX_MESSAGE_CHARS;

    @Option(names = "--rematch-cooldown", paramLabel = "SECONDS", description = "How long two strangers who parted are not matched again (default: ${DEFAULT-VALUE}).")
    long rematchCooldownSeconds = ServerConfig.DEFAULT_REMATCH_COOLDOWN_MILLIS / 1000;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS", description = "How long a shutdown waits to flush goodbyes (default: ${DEFAULT-VALUE}).")
    long shutdownGraceSeconds = ServerConfig.DEFAULT_SHUTDOWN_GRACE_MILLIS / 1000;

    @Option(names = "--workers", paramLabel = "N", description = "Threads for blocking work such as password hashing (default: ${DEFAULT-VALUE}).")
    int workers = ServerConfig.DEFAULT_WORKER_THREADS;

    @Option(names = "--bcrypt-cost", paramLabel = "N", description = "bcrypt cost (log2 rounds) for passwords (default: ${DEFAULT-VALUE}).")
    int bcryptCost = ServerConfig.DEFAULT_BCRYPT_COST;

    @Option(names = "--session-days", paramLabel = "DAYS", description = "How long a login can be resumed with its token (default: ${DEFAULT-VALUE}).")
    long sessionDays = TimeUnit.MILLISECONDS.toDays(ServerConfig.DEFAULT_SESSION_TTL_MILLIS);

    @Option(names = "--name-hold-days", paramLabel = "DAYS", description = "How long a deleted account's name stays unavailable (default: ${DEFAULT-VALUE}).")
    long nameHoldDays = TimeUnit.MILLISECONDS.toDays(ServerConfig.DEFAULT_NAME_HOLD_MILLIS);

    @Option(names = "--login-free-failures", paramLabel = "N", description = "Failed logins per name or address before each further try must wait (default: ${DEFAULT-VALUE}).")
    int loginFreeFailures = ServerConfig.DEFAULT_LOGIN_FREE_FAILURES;

    @Option(names = "--login-max-delay", paramLabel = "SECONDS", description = "Longest wait between failed logins; it doubles from 1 s (default: ${DEFAULT-VALUE}).")
    long loginMaxDelaySeconds = TimeUnit.MILLISECONDS.toSeconds(ServerConfig.DEFAULT_LOGIN_MAX_DELAY_MILLIS);

    @Option(names = "--room-limit", paramLabel = "N", description = "People in one room at most (default: ${DEFAULT-VALUE}).")
    int roomLimit = ServerConfig.DEFAULT_ROOM_MEMBER_LIMIT;

    @Option(names = "--history-on-join", paramLabel = "N", description = "Messages shown when joining a room (default: ${DEFAULT-VALUE}).")
    int historyOnJoin = ServerConfig.DEFAULT_HISTORY_ON_JOIN;

    @Option(names = "--flood-rate", paramLabel = "PER_SECOND", description = "Messages per second once the burst is used (default: ${DEFAULT-VALUE}).")
    double floodRate = ServerConfig.DEFAULT_FLOOD_PER_SECOND;

    @Option(names = "--flood-burst", paramLabel = "N", description = "Messages that may be sent at once (default: ${DEFAULT-VALUE}).")
    int floodBurst = ServerConfig.DEFAULT_FLOOD_BURST;

    @Option(names = "--interest-wait", paramLabel = "SECONDS", description = "How long /next with topics waits for a shared one (default: ${DEFAULT-VALUE}).")
    long interestWaitSeconds = ServerConfig.DEFAULT_INTEREST_WAIT_MILLIS / 1000;

    @Option(names = "--files", paramLabel = "DIR", description = "Where shared files live (default: files/ beside the database).")
    Path filesDirectory;

    @Option(names = "--max-file-bytes", paramLabel = "BYTES", description = "Largest file that may be shared (default: ${DEFAULT-VALUE}).")
    long maxFileBytes = ServerConfig.DEFAULT_MAX_FILE_BYTES;

    @Option(names = "--file-quota-bytes", paramLabel = "BYTES", description = "Bytes of files one account may have shared (default: ${DEFAULT-VALUE}).")
    long fileQuotaBytes = ServerConfig.DEFAULT_FILE_QUOTA_BYTES;

    @Option(names = "--max-uploads", paramLabel = "N", description = "Uploads one user may have in progress (default: ${DEFAULT-VALUE}).")
    int maxUploads = ServerConfig.DEFAULT_MAX_UPLOADS;

    @Option(names = "--upload-timeout", paramLabel = "SECONDS", description = "How long an idle upload is kept for resuming (default: ${DEFAULT-VALUE}).")
    long uploadTimeoutSeconds = ServerConfig.DEFAULT_UPLOAD_TIMEOUT_MILLIS / 1000;

    @Option(names = "--max-image-pixels", paramLabel = "N", description = "Most pixels a shared picture may claim (default: ${DEFAULT-VALUE}).")
    long maxImagePixels = ServerConfig.DEFAULT_MAX_IMAGE_PIXELS;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Close a connection that sends nothing for this long; clients ping to stay (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds = ServerConfig.DEFAULT_IDLE_TIMEOUT_MILLIS / 1000;

    @Option(names = "--first-line-timeout", paramLabel = "SECONDS", description = "Close a connection that starts a line (or a TLS handshake) and does not finish it within this time (default: ${DEFAULT-VALUE}).")
    long firstLineTimeoutSeconds = ServerConfig.DEFAULT_FIRST_LINE_TIMEOUT_MILLIS / 1000;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 keystore with the TLS key and certificate: TLS is then spoken on the same port as plain text (scripts/make-tls-keystore makes a self-signed one).")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File whose first line is the keystore's password (default: $" + TLS_PASSWORD_VARIABLE + ", else the keystore file name with .pass instead of .p12).")
    Path tlsPasswordFile;

    @Option(names = "--require-tls", description = "Refuse plain-text connections from other machines (loopback stays open for netcat).")
    boolean requireTls;

    @Option(names = "--allow-plain-passwords", description = "Accept passwords and login tokens over plain text from other machines (by default only over TLS or from loopback).")
    boolean allowPlainPasswords;

    @Option(names = "--tls-detect-millis", paramLabel = "MILLIS", description = "How long a silent new connection may take to start TLS before it is greeted as plain text (default: ${DEFAULT-VALUE}).")
    long tlsDetectMillis = ServerConfig.DEFAULT_TLS_DETECT_MILLIS;

    @Option(names = "--greeting-wait-millis", paramLabel = "MILLIS", description = "How long a new connection may take to send its first line before it is greeted; an IRC client registers in that time and is never greeted with text (default: ${DEFAULT-VALUE}).")
    long greetingWaitMillis = ServerConfig.DEFAULT_GREETING_WAIT_MILLIS;

    @Option(names = "--password-checks-per-address", paramLabel = "N", description = "Password checks (logins, registrations, resets) one address may have under way at once (default: ${DEFAULT-VALUE}).")
    int passwordChecksPerAddress = ResourceLimits.DEFAULTS.passwordChecksPerAddress();

    @Option(names = "--download-threads", paramLabel = "N", description = "Threads that read files for downloads (default: ${DEFAULT-VALUE}).")
    int downloadThreads = ResourceLimits.DEFAULTS.downloadThreads();

    @Option(names = "--picture-threads", paramLabel = "N", description = "Threads that decode pictures for thumbnails (default: ${DEFAULT-VALUE}).")
    int pictureThreads = ResourceLimits.DEFAULTS.pictureThreads();

    @Option(names = "--max-thumbnail-pixels", paramLabel = "N", description = "Pictures with more pixels are shared without a thumbnail, never decoded (default: ${DEFAULT-VALUE}).")
    long maxThumbnailPixels = ResourceLimits.DEFAULTS.maxThumbnailPixels();

    @Option(names = "--guest-quota-bytes", paramLabel = "BYTES", description = "Bytes of files one guest connection may share (default: ${DEFAULT-VALUE}).")
    long guestQuotaBytes = ResourceLimits.DEFAULTS.guestQuotaBytes();

    @Option(names = "--guest-quota-bytes-per-address", paramLabel = "BYTES", description = "Bytes of files guests from one address may share a day (default: ${DEFAULT-VALUE}).")
    long guestQuotaBytesPerAddress = ResourceLimits.DEFAULTS.guestQuotaBytesPerAddressPerDay();

    @Option(names = "--upload-temp-bytes", paramLabel = "BYTES", description = "Bytes of unfinished uploads held at once (default: ${DEFAULT-VALUE}).")
    long uploadTempBytes = ResourceLimits.DEFAULTS.uploadTempBytes();

    @Option(names = "--upload-temp-bytes-per-address", paramLabel = "BYTES", description = "Bytes of unfinished uploads from one address (default: ${DEFAULT-VALUE}).")
    long uploadTempBytesPerAddress = ResourceLimits.DEFAULTS.uploadTempBytesPerAddress();

    @Option(names = "--line-buffer-bytes", paramLabel = "BYTES", description = "Bytes of unfinished lines held for all connections together (default: ${DEFAULT-VALUE}).")
    long lineBufferBytes = ResourceLimits.DEFAULTS.lineBufferBytes();

    @Option(names = "--transfer-bytes-per-second", paramLabel = "BYTES", description = "File bytes (uploads and downloads) one account or guest connection moves a second; faster ones are slowed, not refused (default: ${DEFAULT-VALUE}).")
    long transferBytesPerSecond = ResourceLimits.DEFAULTS.transferBytesPerSecond();

    @Option(names = "--transfer-bytes-per-second-total", paramLabel = "BYTES", description = "File bytes all clients together move a second (default: ${DEFAULT-VALUE}).")
    long transferBytesPerSecondTotal = ResourceLimits.DEFAULTS.transferBytesPerSecondTotal();

    @Option(names = "--limit", paramLabel = "NAME=COUNT/PERIOD", description = "Set a request rate limit, e.g. report.address=20/1h or typing.connection=off; repeat for more (docs/PROTOCOL.md lists them).")
    java.util.List<String> rateLimits = new java.util.ArrayList<>();

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "SEVERE, WARNING, INFO or FINE (default: ${DEFAULT-VALUE}).")
    String logLevel = "INFO";

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        ServerCertificate certificate = null;
        try {
            configureLogging(Level.parse(logLevel.toUpperCase(java.util.Locale.ROOT)));
            if (tlsKeystore != null) {
                certificate = ServerCertificate.load(tlsKeystore, keystorePassword());
            }
            boolean postgres = Dialect.isPostgresUrl(database);
            if (redis != null && !postgres) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--redis needs a PostgreSQL --db: the nodes of a cluster share one store");
            }
            // A node on PostgreSQL keeps only its admin socket (and by default the shared files) on this machine.
            Path local = postgres ? DEFAULT_DATABASE.resolveSibling("node-" + port + ".db") : Path.of(database);
            if (postgres) {
                java.nio.file.Files.createDirectories(local.toAbsolutePath().getParent()); // for the admin socket
            }
            ServerConfig.Builder builder = ServerConfig.builder(new InetSocketAddress(InetAddress.getByName(bind), port),
                            local)
                    .cluster(new ClusterConfig(postgres ? database : null, redis))
                    .maxLineBytes(maxLineBytes)
                    .maxConnections(maxConnections)
                    .maxConnectionsPerAddress(maxConnectionsPerAddress)
                    .connectsPerSecondPerAddress(connectsPerSecond)
                    .registrationsPerHour(registrationsPerHour)
                    .maxOutboundBytes(maxOutboundBytes)
                    .maxMessageChars(maxMessageChars)
                    .rematchCooldownMillis(TimeUnit.SECONDS.toMillis(rematchCooldownSeconds))
                    .shutdownGraceMillis(TimeUnit.SECONDS.toMillis(shutdownGraceSeconds))
                    .workers(workers, ServerConfig.DEFAULT_WORKER_QUEUE)
                    .bcryptCost(bcryptCost)
                    .sessionTtlMillis(TimeUnit.DAYS.toMillis(sessionDays))
                    .nameHoldMillis(TimeUnit.DAYS.toMillis(nameHoldDays))
                    .loginThrottle(loginFreeFailures, TimeUnit.SECONDS.toMillis(loginMaxDelaySeconds))
                    .rooms(roomLimit, historyOnJoin)
                    .flood(floodRate, floodBurst)
                    .interestWaitMillis(TimeUnit.SECONDS.toMillis(interestWaitSeconds))
                    .filesDirectory(filesDirectory)
                    .files(maxFileBytes, fileQuotaBytes, maxUploads, TimeUnit.SECONDS.toMillis(uploadTimeoutSeconds),
                            maxImagePixels)
                    .timeouts(TimeUnit.SECONDS.toMillis(idleTimeoutSeconds),
                            TimeUnit.SECONDS.toMillis(firstLineTimeoutSeconds))
                    .tls(certificate == null ? null : certificate.context(), tlsDetectMillis, requireTls)
                    .greetingWait(greetingWaitMillis)
                    .plainPasswords(allowPlainPasswords)
                    .resources(defaults -> new ResourceLimits(passwordChecksPerAddress, downloadThreads, pictureThreads,
                            maxThumbnailPixels, guestQuotaBytes, guestQuotaBytesPerAddress, uploadTempBytes,
                            uploadTempBytesPerAddress, lineBufferBytes, transferBytesPerSecond,
                            transferBytesPerSecondTotal));
            for (String limit : rateLimits) {
                builder.rateLimit(limit);
            }
            config = builder.build();
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown bind address: " + bind);
        } catch (IOException e) {
            err.println("chat-server: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }

        ChatServer server;
        try {
            server = ChatServer.start(config);
        } catch (AdminSocket.SetupException e) {
            err.println("chat-server: " + e.getMessage());
            err.flush();
            return 1;
        } catch (BindException e) {
            err.println("chat-server: cannot listen on " + bind + ":" + port + ": address already in use"
                    + " (is another server running? choose another --port)");
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("chat-server: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            err.flush();
            return 1;
        } catch (SQLException e) {
            err.println("chat-server: cannot open the database " + LogText.withoutPassword(database) + ": "
                    + e.getMessage());
            err.flush();
            return 1;
        }
        LOG.info(() -> "chat-server " + ChatServer.version() + " listening on " + bind + ":" + server.port()
                + " (max " + config.maxConnections() + " connections)");
        LOG.info(() -> "data in " + (Dialect.isPostgresUrl(database) ? LogText.withoutPassword(database)
                : Path.of(database).toAbsolutePath()));
        LOG.info(JvmSettings::describe);
        String unbounded = JvmSettings.unboundedNotice();
        if (unbounded != null) {
            LOG.warning(unbounded);
        }
        if (certificate != null) {
            ServerCertificate tls = certificate;
            LOG.info(() -> "TLS on the same port" + (requireTls ? " (required from other machines)" : "")
                    + ", certificate " + tls.subject() + " " + tls.fingerprint());
        }

        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        while (!stopRequested.await(1, TimeUnit.SECONDS)) {
            if (server.awaitTermination(0, TimeUnit.MILLISECONDS)) {
                LOG.severe("the event loop stopped unexpectedly");
                return 1;
            }
        }
        LOG.info("shutting down");
        server.shutdown();
        server.awaitTermination(config.shutdownGraceMillis() + 5_000, TimeUnit.MILLISECONDS);
        LOG.info("stopped");
        return 0;
    }

    /** The keystore password from the option's file, the environment, or the file beside the keystore. */
    private char[] keystorePassword() throws IOException {
        Path file = tlsPasswordFile;
        if (file == null) {
            String variable = System.getenv(TLS_PASSWORD_VARIABLE);
            if (variable != null) {
                return variable.toCharArray();
            }
            String name = tlsKeystore.getFileName().toString();
            file = tlsKeystore.resolveSibling(name.replaceFirst("\\.p12$|\\.pfx$", "") + ".pass");
            if (!java.nio.file.Files.exists(file)) {
                throw new IOException("no password for the keystore " + tlsKeystore + ": give --tls-keystore-password-file"
                        + " or set " + TLS_PASSWORD_VARIABLE);
            }
        }
        try (java.io.BufferedReader reader = java.nio.file.Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? new char[0] : line.toCharArray();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no keystore password file at " + file, e);
        }
    }

    private static void configureLogging(Level level) {
        ServerLogging.install(level);
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chat-server " + ChatServer.version()};
        }
    }
}
