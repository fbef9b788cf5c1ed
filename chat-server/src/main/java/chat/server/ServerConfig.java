package chat.server;

import chat.server.chat.RateLimits;
import chat.server.chat.RequestLimit;
import chat.server.limits.Rate;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Every setting and limit of a server, with the defaults an operator gets when they say nothing. The command line
 * ({@link ServerMain}) builds one with {@link #builder}; tests build their own.
 *
 * @param bind the address and port to listen on (port 0 picks a free one)
 * @param database the SQLite file
 * @param maxLineBytes the longest line a client may send, in bytes
 * @param maxConnections connections held at once; more are refused with a message
 * @param maxConnectionsPerAddress connections held at once from one address
 * @param connectsPerSecondPerAddress new connections a second from one address (a second's worth may come at once)
 * @param registrationsPerHour new accounts an hour from one address (an hour's worth may come at once)
 * @param maxOutboundBytes bytes queued for one client before it counts as a slow consumer and is disconnected
 * @param maxMessageChars the longest message text, in code points
 * @param rematchCooldownMillis how long two strangers who parted are not matched again
 * @param shutdownGraceMillis how long a shutdown waits for goodbyes to be written
 * @param workerThreads threads for blocking work (password hashing)
 * @param workerQueue jobs that may wait for a worker before new ones are refused
 * @param bcryptCost bcrypt's log2 rounds for password hashes
 * @param sessionTtlMillis how long a login can be resumed with its token
 * @param nameHoldMillis how long a deleted account's name stays unavailable to others
 * @param loginFreeFailures failed logins per name or address before each further attempt must wait
 * @param loginMaxDelayMillis the longest such wait; it doubles from one second with every failure
 * @param roomMemberLimit people in one room at most
 * @param historyOnJoin messages shown when joining a room
 * @param floodPerSecond messages per second a connection may send once its burst is used up
 * @param floodBurst messages a connection may send at once
 * @param interestWaitMillis how long a stranger with interests waits for a match on them before anyone will do
 * @param filesDirectory where shared files live (by checksum)
 * @param maxFileBytes the largest file that may be shared
 * @param fileQuotaBytes bytes of files one account (or one guest connection) may have shared
 * @param maxUploads uploads one account or guest may have in progress at once
 * @param uploadTimeoutMillis how long an upload may sit idle before it is thrown away
 * @param maxImagePixels the most pixels a shared picture may claim
 * @param idleTimeoutMillis a connection that sends nothing for this long is closed (clients ping to stay)
 * @param firstLineTimeoutMillis a connection that completes no line this long after connecting is closed
 * @param tlsContext the certificate and key for TLS on the same port, or null for plain text only
 * @param tlsDetectMillis how long a silent new connection may take to start a TLS handshake before it is greeted as
 *     plain text
 * @param requireTls whether plain-text connections from other machines are refused (loopback stays open)
 * @param plainPasswords whether passwords and tokens are accepted over plain text from other machines
 * @param rateLimits every request rate limit by setting name ({@code report.address}, see
 *     {@link chat.server.chat.RateLimits}); a name left out is unlimited. {@code message.connection} comes from
 *     {@code floodPerSecond} and {@code floodBurst} unless set here.
 * @param resources how much of the server's pools, disk and memory clients may take ({@link ResourceLimits})
 * @param cluster PostgreSQL and Redis when this server is a node of a cluster ({@link ClusterConfig#NONE}: alone)
 */
public record ServerConfig(
        InetSocketAddress bind,
        Path database,
        int maxLineBytes,
        int maxConnections,
        int maxConnectionsPerAddress,
        double connectsPerSecondPerAddress,
        double registrationsPerHour,
        long maxOutboundBytes,
        int maxMessageChars,
        long rematchCooldownMillis,
        long shutdownGraceMillis,
        int workerThreads,
        int workerQueue,
        int bcryptCost,
        long sessionTtlMillis,
        long nameHoldMillis,
        int loginFreeFailures,
        long loginMaxDelayMillis,
        int roomMemberLimit,
        int historyOnJoin,
        double floodPerSecond,
        int floodBurst,
        long interestWaitMillis,
        Path filesDirectory,
        long maxFileBytes,
        long fileQuotaBytes,
        int maxUploads,
        long uploadTimeoutMillis,
        long maxImagePixels,
        long idleTimeoutMillis,
        long firstLineTimeoutMillis,
        SSLContext tlsContext,
        long tlsDetectMillis,
        boolean requireTls,
        boolean plainPasswords,
        Map<String, Rate> rateLimits,
        ResourceLimits resources,
        ClusterConfig cluster,
        long greetingWaitMillis) {

    public static final int DEFAULT_PORT = 7000;
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    public static final double DEFAULT_CONNECTS_PER_SECOND_PER_ADDRESS = 50;
    public static final double DEFAULT_REGISTRATIONS_PER_HOUR = 20;
    public static final long DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 4_000;
    public static final long DEFAULT_REMATCH_COOLDOWN_MILLIS = 30_000;
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 3_000;
    public static final int DEFAULT_WORKER_THREADS = 2;
    public static final int DEFAULT_WORKER_QUEUE = 1_024;
    public static final int DEFAULT_BCRYPT_COST = 10;
    public static final long DEFAULT_SESSION_TTL_MILLIS = TimeUnit.DAYS.toMillis(30);
    public static final long DEFAULT_NAME_HOLD_MILLIS = TimeUnit.DAYS.toMillis(30);
    public static final int DEFAULT_LOGIN_FREE_FAILURES = 5;
    public static final long DEFAULT_LOGIN_MAX_DELAY_MILLIS = TimeUnit.MINUTES.toMillis(15);
    public static final int DEFAULT_ROOM_MEMBER_LIMIT = 1_000;
    public static final int DEFAULT_HISTORY_ON_JOIN = 20;
    public static final double DEFAULT_FLOOD_PER_SECOND = 2;
    public static final int DEFAULT_FLOOD_BURST = 10;
    public static final long DEFAULT_INTEREST_WAIT_MILLIS = 5_000;
    public static final long DEFAULT_MAX_FILE_BYTES = 25L * 1024 * 1024;
    public static final long DEFAULT_FILE_QUOTA_BYTES = 200L * 1024 * 1024;
    public static final int DEFAULT_MAX_UPLOADS = 2;
    public static final long DEFAULT_UPLOAD_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);
    public static final long DEFAULT_MAX_IMAGE_PIXELS = 40_000_000;
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(30);
    public static final long DEFAULT_FIRST_LINE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);
    public static final long DEFAULT_TLS_DETECT_MILLIS = 250;
    /** How long a new plain-text connection may take to send its first line before it is greeted (IRC detection). */
    public static final long DEFAULT_GREETING_WAIT_MILLIS = 250;

    /**
     * The request rate limits a server applies unless told otherwise, as {@code kind.scope = COUNT/PERIOD} (a
     * bucket of COUNT that refills COUNT per PERIOD). {@code message.connection} is the flood control pair
     * ({@code --flood-burst}, {@code --flood-rate}). docs/PROTOCOL.md lists them with what each counts.
     */
    public static final Map<String, String> DEFAULT_RATE_LIMITS = defaultRateLimits(
            "message.address", "100/5s",
            "typing.connection", "10/5s",
            "typing.address", "50/5s",
            "membership.connection", "10/20s",
            "membership.address", "60/20s",
            "topic.connection", "3/30s",
            "topic.address", "10/30s",
            "away.connection", "10/1min",
            "away.address", "60/1min",
            "room-create.connection", "5/1h",
            "room-create.address", "20/1h",
            "room-create.server", "600/1h",
            "report.connection", "3/5min",
            "report.address", "20/1h",
            "report.account", "10/1h",
            "contacts.connection", "20/1min",
            "contacts.address", "100/1min",
            "next.connection", "10/10s",
            "next.address", "300/10s",
            "query.connection", "30/10s",
            "name-lookup.connection", "20/1min",
            "name-lookup.address", "100/10min",
            "query.address", "300/10s",
            "read.connection", "30/10s",
            "upload.connection", "10/1min",
            "upload.address", "60/1min",
            "account.connection", "10/1min",
            "account.address", "60/1min");

    /** The name that means every rate limit at once, in {@code all=off}. */
    public static final String ALL_RATE_LIMITS = "all";

    private static Map<String, String> defaultRateLimits(String... pairs) {
        Map<String, String> rates = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            rates.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(rates);
    }

    public ServerConfig {
        requireAtLeast(maxLineBytes, 64, "max line bytes");
        requireAtLeast(maxConnections, 1, "max connections");
        requireAtLeast(maxConnectionsPerAddress, 1, "max connections per address");
        if (!(registrationsPerHour >= 1)) {
            throw new IllegalArgumentException("registrations per hour must be at least 1 (got "
                    + registrationsPerHour + ")");
        }
        if (!(connectsPerSecondPerAddress >= 1)) {
            throw new IllegalArgumentException("connects per second per address must be at least 1 (got "
                    + connectsPerSecondPerAddress + ")");
        }
        requireAtLeast(maxOutboundBytes, 1024, "max outbound bytes");
        requireAtLeast(maxMessageChars, 1, "max message chars");
        requireAtLeast(rematchCooldownMillis, 0, "rematch cool-down");
        requireAtLeast(shutdownGraceMillis, 0, "shutdown grace");
        requireAtLeast(workerThreads, 1, "worker threads");
        requireAtLeast(workerQueue, 1, "worker queue");
        requireAtLeast(bcryptCost, 4, "bcrypt cost");
        if (bcryptCost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be at most 31 (got " + bcryptCost + ")");
        }
        requireAtLeast(sessionTtlMillis, 1000, "session lifetime");
        requireAtLeast(nameHoldMillis, 0, "name hold");
        requireAtLeast(loginFreeFailures, 1, "free login failures");
        requireAtLeast(loginMaxDelayMillis, 1000, "longest login delay");
        requireAtLeast(roomMemberLimit, 2, "room member limit");
        requireAtLeast(historyOnJoin, 0, "history on join");
        if (!(floodPerSecond > 0)) {
            throw new IllegalArgumentException("flood rate must be above 0 (got " + floodPerSecond + ")");
        }
        requireAtLeast(floodBurst, 1, "flood burst");
        requireAtLeast(interestWaitMillis, 0, "interest wait");
        requireAtLeast(maxFileBytes, 1, "max file bytes");
        requireAtLeast(fileQuotaBytes, 1, "file quota");
        requireAtLeast(maxUploads, 1, "max uploads");
        requireAtLeast(uploadTimeoutMillis, 1000, "upload timeout");
        requireAtLeast(maxImagePixels, 1, "max image pixels");
        requireAtLeast(idleTimeoutMillis, 100, "idle timeout");
        requireAtLeast(firstLineTimeoutMillis, 100, "first line timeout");
        requireAtLeast(tlsDetectMillis, 1, "TLS detection window");
        if (requireTls && tlsContext == null) {
            throw new IllegalArgumentException("requiring TLS needs a certificate (--tls-keystore)");
        }
        RateLimits.checkNames(rateLimits.keySet());
        rateLimits = Collections.unmodifiableMap(new LinkedHashMap<>(rateLimits));
        java.util.Objects.requireNonNull(resources, "resources");
    }

    /** A builder holding the defaults, listening on {@code bind} with its store in {@code database}. */
    public static Builder builder(InetSocketAddress bind, Path database) {
        return new Builder(bind, database);
    }

    /** Builds a {@link ServerConfig}; every setting starts at its default. */
    public static final class Builder {
        private final InetSocketAddress bind;
        private final Path database;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private double connectsPerSecondPerAddress = DEFAULT_CONNECTS_PER_SECOND_PER_ADDRESS;
        private double registrationsPerHour = DEFAULT_REGISTRATIONS_PER_HOUR;
        private long maxOutboundBytes = DEFAULT_MAX_OUTBOUND_BYTES;
        private int maxMessageChars = DEFAULT_MAX_MESSAGE_CHARS;
        private long rematchCooldownMillis = DEFAULT_REMATCH_COOLDOWN_MILLIS;
        private long shutdownGraceMillis = DEFAULT_SHUTDOWN_GRACE_MILLIS;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int workerQueue = DEFAULT_WORKER_QUEUE;
        private int bcryptCost = DEFAULT_BCRYPT_COST;
        private long sessionTtlMillis = DEFAULT_SESSION_TTL_MILLIS;
        private long nameHoldMillis = DEFAULT_NAME_HOLD_MILLIS;
        private int loginFreeFailures = DEFAULT_LOGIN_FREE_FAILURES;
        private long loginMaxDelayMillis = DEFAULT_LOGIN_MAX_DELAY_MILLIS;
        private int roomMemberLimit = DEFAULT_ROOM_MEMBER_LIMIT;
        private int historyOnJoin = DEFAULT_HISTORY_ON_JOIN;
        private double floodPerSecond = DEFAULT_FLOOD_PER_SECOND;
        private int floodBurst = DEFAULT_FLOOD_BURST;
        private long interestWaitMillis = DEFAULT_INTEREST_WAIT_MILLIS;
        private Path filesDirectory;
        private ClusterConfig cluster = ClusterConfig.NONE;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private long fileQuotaBytes = DEFAULT_FILE_QUOTA_BYTES;
        private int maxUploads = DEFAULT_MAX_UPLOADS;
        private long uploadTimeoutMillis = DEFAULT_UPLOAD_TIMEOUT_MILLIS;
        private long maxImagePixels = DEFAULT_MAX_IMAGE_PIXELS;
        private long idleTimeoutMillis = DEFAULT_IDLE_TIMEOUT_MILLIS;
        private long firstLineTimeoutMillis = DEFAULT_FIRST_LINE_TIMEOUT_MILLIS;
        private SSLContext tlsContext;
        private long tlsDetectMillis = DEFAULT_TLS_DETECT_MILLIS;
        private long greetingWaitMillis = DEFAULT_GREETING_WAIT_MILLIS;
        private boolean requireTls;
        private boolean plainPasswords;
        private final Map<String, Rate> rateLimitChanges = new LinkedHashMap<>();
        private ResourceLimits resources = ResourceLimits.DEFAULTS;

        private Builder(InetSocketAddress bind, Path database) {
            this.bind = bind;
            this.database = database;
        }

        public Builder maxLineBytes(int value) {
            maxLineBytes = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxConnectionsPerAddress(int value) {
            maxConnectionsPerAddress = value;
            return this;
        }

        public Builder connectsPerSecondPerAddress(double value) {
            connectsPerSecondPerAddress = value;
            return this;
        }

        public Builder registrationsPerHour(double value) {
            registrationsPerHour = value;
            return this;
        }

        public Builder maxOutboundBytes(long value) {
            maxOutboundBytes = value;
            return this;
        }

        public Builder maxMessageChars(int value) {
            maxMessageChars = value;
            return this;
        }

        public Builder rematchCooldownMillis(long value) {
            rematchCooldownMillis = value;
            return this;
        }

        public Builder shutdownGraceMillis(long value) {
            shutdownGraceMillis = value;
            return this;
        }

        public Builder workers(int threads, int queue) {
            workerThreads = threads;
            workerQueue = queue;
            return this;
        }

        public Builder bcryptCost(int value) {
            bcryptCost = value;
            return this;
        }

        public Builder sessionTtlMillis(long value) {
            sessionTtlMillis = value;
            return this;
        }

        public Builder nameHoldMillis(long value) {
            nameHoldMillis = value;
            return this;
        }

        public Builder loginThrottle(int freeFailures, long maxDelayMillis) {
            loginFreeFailures = freeFailures;
            loginMaxDelayMillis = maxDelayMillis;
            return this;
        }

        public Builder rooms(int memberLimit, int historyOnJoin) {
            this.roomMemberLimit = memberLimit;
            this.historyOnJoin = historyOnJoin;
            return this;
        }

        public Builder flood(double perSecond, int burst) {
            this.floodPerSecond = perSecond;
            this.floodBurst = burst;
            return this;
        }

        public Builder interestWaitMillis(long value) {
            interestWaitMillis = value;
            return this;
        }

        /** Where files live; by default {@code files/} beside the database. */
        public Builder filesDirectory(Path value) {
            filesDirectory = value;
            return this;
        }

        public Builder files(long maxFileBytes, long quotaBytes, int maxUploads, long uploadTimeoutMillis,
                long maxImagePixels) {
            this.maxFileBytes = maxFileBytes;
            this.fileQuotaBytes = quotaBytes;
            this.maxUploads = maxUploads;
            this.uploadTimeoutMillis = uploadTimeoutMillis;
            this.maxImagePixels = maxImagePixels;
            return this;
        }

        public Builder timeouts(long idleMillis, long firstLineMillis) {
            this.idleTimeoutMillis = idleMillis;
            this.firstLineTimeoutMillis = firstLineMillis;
            return this;
        }

        /** TLS on the same port with this context (null: plain text only); see {@link ServerConfig}. */
        public Builder tls(SSLContext context, long detectMillis, boolean require) {
            this.tlsContext = context;
            this.tlsDetectMillis = detectMillis;
            this.requireTls = require;
            return this;
        }

        /**
         * How long a new connection may take to send a first line before it is greeted (0: greet at once). A first
         * line that is an IRC registration command in that time makes the connection IRC, and it never sees the
         * greeting.
         */
        public Builder greetingWait(long millis) {
            this.greetingWaitMillis = millis;
            return this;
        }

        /** Whether passwords and tokens are accepted over plain text from other machines (default: no). */
        public Builder plainPasswords(boolean allowed) {
            this.plainPasswords = allowed;
            return this;
        }

        /**
         * Sets one rate limit, {@code kind.scope} (see {@link #DEFAULT_RATE_LIMITS}); a null rate lifts it.
         *
         * @throws IllegalArgumentException for a name that is no kind and scope
         */
        public Builder rateLimit(String name, Rate rate) {
            if (name.equals(ALL_RATE_LIMITS) && rate == null) {
                rateLimitChanges.clear();
                for (String each : RateLimits.settingNames().keySet()) {
                    rateLimitChanges.put(each, null);
                }
                return this;
            }
            RateLimits.checkNames(java.util.List.of(name));
            rateLimitChanges.put(name, rate);
            return this;
        }

        /**
         * {@link #rateLimit(String, Rate)} from {@code NAME=COUNT/PERIOD} or {@code NAME=off}; {@code all=off} lifts
         * every one (for benchmarks), later settings apply on top.
         */
        public Builder rateLimit(String setting) {
            int equals = setting.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("write a rate limit as NAME=COUNT/PERIOD or NAME=off: " + setting);
            }
            String value = setting.substring(equals + 1).strip();
            return rateLimit(setting.substring(0, equals).strip(), value.equalsIgnoreCase("off") ? null
                    : Rate.parse(value));
        }

        private Map<String, Rate> rateLimits() {
            Map<String, Rate> rates = new LinkedHashMap<>();
            rates.put(RateLimits.settingName(RateLimits.Kind.MESSAGE, RequestLimit.Scope.CONNECTION),
                    Rate.perSecond(floodPerSecond, floodBurst));
            DEFAULT_RATE_LIMITS.forEach((name, rate) -> rates.put(name, Rate.parse(rate)));
            rateLimitChanges.forEach((name, rate) -> {
                if (rate == null) {
                    rates.remove(name);
                } else {
                    rates.put(name, rate);
                }
            });
            return rates;
        }

        /** Makes this server a node of a cluster (PostgreSQL, Redis or both); by default it is alone. */
        public Builder cluster(ClusterConfig value) {
            cluster = value;
            return this;
        }

        /** Changes the resource limits, which start at {@link ResourceLimits#DEFAULTS}. */
        public Builder resources(java.util.function.UnaryOperator<ResourceLimits> change) {
            resources = change.apply(resources);
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public ServerConfig build() {
            Path files = filesDirectory != null ? filesDirectory
                    : database.toAbsolutePath().resolveSibling("files");
            return new ServerConfig(bind, database, maxLineBytes, maxConnections, maxConnectionsPerAddress,
                    connectsPerSecondPerAddress, registrationsPerHour, maxOutboundBytes, maxMessageChars,
                    rematchCooldownMillis, shutdownGraceMillis, workerThreads, workerQueue, bcryptCost,
                    sessionTtlMillis, nameHoldMillis, loginFreeFailures, loginMaxDelayMillis, roomMemberLimit,
                    historyOnJoin, floodPerSecond, floodBurst, interestWaitMillis, files, maxFileBytes,
                    fileQuotaBytes, maxUploads, uploadTimeoutMillis, maxImagePixels, idleTimeoutMillis,
                    firstLineTimeoutMillis, tlsContext, tlsDetectMillis, requireTls, plainPasswords, rateLimits(),
                    resources, cluster, greetingWaitMillis);
        }
    }

    private static void requireAtLeast(long value, long minimum, String what) {
        if (value < minimum) {
            throw new IllegalArgumentException(what + " must be at least " + minimum + " (got " + value + ")");
        }
    }
}
