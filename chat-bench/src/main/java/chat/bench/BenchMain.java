package chat.bench;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chat-bench}: load scenarios against a running chat server. Each prints a readable table and one
 * machine-readable {@code RESULT {...}} line. scripts/bench starts a server with bench-friendly limits and runs them.
 */
@Command(name = "chat-bench", mixinStandardHelpOptions = true, version = "chat-bench 0.1.0",
        description = "Load generator for chat-server.",
        subcommands = {BenchMain.Pairs.class, BenchMain.Compare.class, BenchMain.Idle.class, BenchMain.Fanout.class,
                BenchMain.Crash.class, BenchMain.ClusterCrash.class, BenchMain.ClusterBench.class,
                BenchMain.Floor.class, BenchMain.Flood.class})
public final class BenchMain implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Options every scenario shares. */
    static final class Target {
        @Option(names = "--host", description = "Server host (default: ${DEFAULT-VALUE}).")
        String host = "127.0.0.1";

        @Option(names = "--port", description = "Server port (default: ${DEFAULT-VALUE}).")
        int port = 7000;

        @Option(names = "--sources", description = "Source addresses 127.0.0.1..N to spread connections over"
                + " (default: ${DEFAULT-VALUE}).")
        int sources = 8;

        @Option(names = "--server-pid", description = "The server's process id, to read its memory and CPU.")
        Long serverPid;

        @Option(names = "--tls", description = "Speak TLS 1.3 to the server (scripts/bench then starts it with a"
                + " fresh self-signed keystore).")
        boolean tls;

        InetSocketAddress address() {
            return new InetSocketAddress(host, port);
        }

        ServerProcess process() {
            return serverPid == null ? null : new ServerProcess(serverPid);
        }
    }

    @Command(name = "pairs", mixinStandardHelpOptions = true, description = "Random pairs chatting at a total rate.")
    static final class Pairs implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Target target;

        @Option(names = "--connections", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections = 2_000;

        @Option(names = "--rate", split = ",", paramLabel = "PER_SECOND",
                description = "Messages per second, all pairs together; several (20000,40000,...) step up the rate,"
                        + " one run each, until the server saturates (default: ${DEFAULT-VALUE}).")
        double[] rates = {20_000};

        @Option(names = "--target-p99", paramLabel = "MS", description = "When stepping: the p99 to stay under, for"
                + " the summary line (default: ${DEFAULT-VALUE}).")
        double targetP99Millis = 10;

        @Option(names = "--warmup", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
        long warmup = 5;

        @Option(names = "--duration", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        long duration = 20;

        @Option(names = "--slow", description = "Connections that stop reading when measuring starts"
                + " (default: ${DEFAULT-VALUE}).")
        int slow;

        @Option(names = "--login-storm", description = "Accounts that all log in at once halfway through"
                + " (default: ${DEFAULT-VALUE}).")
        int loginStorm;

        @Option(names = "--timeline", description = "Also print the slowest delivery per quarter second, to tell a"
                + " spike from a spread-out tail.")
        boolean timeline;

        @Option(names = "--protocol", paramLabel = "json|irc", description = "What the connections speak: json"
                + " (chat-server, random pairs) or irc (any IRC server: NICK/USER, a channel per pair, PRIVMSG)"
                + " (default: ${DEFAULT-VALUE}).")
        String protocol = "json";

        @Option(names = "--acks", description = "Every message asks to be acknowledged: json says carry an id (as"
                + " chat-tui's do) and are answered with ok; irc asks for IRCv3 echo-message.")
        boolean acks;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PairsProtocol speaks = switch (protocol) {
                case "json" -> new JsonPairs(acks);
                case "irc" -> new IrcPairs(acks);
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--protocol is json or irc, not " + protocol);
            };
            if (speaks instanceof IrcPairs && (slow > 0 || loginStorm > 0 || target.tls)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--slow, --login-storm and --tls are for chat-server's json protocol only");
            }
            double best = 0;
            for (double rate : rates) {
                PairsScenario.Result result = new PairsScenario(target.address(), connections, target.sources, rate,
                        warmup, duration, target.process()).protocol(speaks).slowConsumers(slow)
                        .loginStorm(loginStorm).tls(target.tls).timeline(timeline).run(out);
                double p99 = result.latency().percentile(99) / 1000.0;
                if (p99 < targetP99Millis && result.lost() == 0) {
                    best = Math.max(best, result.deliveredPerSecond());
                }
                if (result.deliveredPerSecond() < rate * 0.95 || p99 > 20 * targetP99Millis) {
                    out.printf(java.util.Locale.ROOT, "saturated at %.0f/s: stopping%n", rate);
                    break;
                }
            }
            if (rates.length > 1) {
                out.printf(java.util.Locale.ROOT, "highest rate with p99 under %.0f ms: %.0f delivered/s%n",
                        targetP99Millis, best);
                out.printf(java.util.Locale.ROOT, "RESULT {\"scenario\":\"pairs-steps\",\"connections\":%d,"
                        + "\"target_p99_ms\":%.1f,\"best_delivered_per_s\":%.0f}%n", connections, targetP99Millis,
                        best);
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "chat-server and InspIRCd (when installed) side by side: fresh servers in turn, the same"
                    + " pairs generator at the same rates, a table of medians. scripts/bench compare runs it.")
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--chat-server-arg", required = true, paramLabel = "ARG",
                description = "The command that starts chat-server, one word per option (--bind, --port and --db are"
                        + " added).")
        List<String> chatServer;

        @Option(names = "--inspircd", paramLabel = "PATH|none", description = "The inspircd program; none for"
                + " chat-server alone (default: inspircd on the PATH or in /usr/sbin, when installed).")
        String inspircd;

        @Option(names = "--rate", split = ",", paramLabel = "PER_SECOND",
                description = "Offered rates, messages per second (default: ${DEFAULT-VALUE}).")
        double[] rates = {20_000, 40_000, 60_000, 80_000};

        @Option(names = "--rounds", description = "Runs per server and rate (default: ${DEFAULT-VALUE}).")
        int rounds = 3;

        @Option(names = "--connections", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections = 2_000;

        @Option(names = "--sources", description = "Source addresses 127.0.0.1..N (default: ${DEFAULT-VALUE}).")
        int sources = 8;

        @Option(names = "--warmup", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
        long warmup = 5;

        @Option(names = "--duration", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        long duration = 15;

        @Option(names = "--acks", negatable = true, description = "Acknowledge every message (chat-server: ok to a"
                + " say with an id, as chat-tui sends; IRC: echo-message) (default: ${DEFAULT-VALUE}).")
        boolean acks = true;

        @Option(names = "--idle", paramLabel = "CONNECTIONS", description = "Idle paired connections held on each"
                + " server per round, 0 for none (default: ${DEFAULT-VALUE}).")
        int idle = 10_000;

        @Option(names = "--idle-hold", description = "Seconds the idle connections are held (default:"
                + " ${DEFAULT-VALUE}).")
        long idleHold = 5;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Contender> contenders = new java.util.ArrayList<>();
            contenders.add(new ChatServerContender(chatServer));
            java.nio.file.Path program = inspircd == null ? InspircdContender.find()
                    : inspircd.equals("none") ? null : java.nio.file.Path.of(inspircd);
            if (program != null) {
                contenders.add(new InspircdContender(program));
            } else if (inspircd == null) {
                out.println("InspIRCd is not installed (apt-get install inspircd): chat-server alone");
            }
            new CompareScenario(contenders, rates, rounds, connections, sources, warmup, duration, acks)
                    .idle(idle, idleHold).run(out);
            return 0;
        }
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = "One speaker in a room of N; every member must hear every message.")
    static final class Fanout implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Target target;

        @Option(names = "--members", description = "People in the room (default: ${DEFAULT-VALUE}).")
        int members = 1_000;

        @Option(names = "--rate", description = "Messages per second from the speaker (default: ${DEFAULT-VALUE}).")
        double rate = 10;

        @Option(names = "--warmup", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
        long warmup = 3;

        @Option(names = "--duration", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        long duration = 20;

        @Override
        public Integer call() throws Exception {
            new FanoutScenario(target.address(), members, target.sources, rate, warmup, duration, target.process())
                    .tls(target.tls).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "crash", mixinStandardHelpOptions = true,
            description = "SIGKILL the server while messages stream, restart it, and check that nothing acknowledged"
                    + " is lost and nothing is stored twice.")
    static final class Crash implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--server-jar", required = true, description = "The chat-server jar to start and kill.")
        java.nio.file.Path serverJar;

        @Option(names = "--dir", required = true, description = "A directory for the database and logs.")
        java.nio.file.Path directory;

        @Option(names = "--write-ms", description = "How long to write before the kill (default: ${DEFAULT-VALUE}).")
        long writeMillis = 3_000;

        @Option(names = "--window", description = "Messages in flight (default: ${DEFAULT-VALUE}).")
        int window = 200;

        @Override
        public Integer call() throws Exception {
            return new CrashScenario(serverJar, directory, writeMillis, window).run(spec.commandLine().getOut());
        }
    }

    @Command(name = "cluster-crash", mixinStandardHelpOptions = true,
            description = "Three nodes on one PostgreSQL and one Redis: writers on each node send direct and room"
                    + " messages to readers on the others; node 1 is killed (SIGKILL) and Redis restarted mid-stream;"
                    + " reports acknowledged, stored, delivered (live or caught up), lost and duplicated, and how soon"
                    + " the killed node's users show offline elsewhere. scripts/cluster-crash-test runs it.")
    static final class ClusterCrash implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--server-jar", required = true, description = "The chat-server jar the nodes run.")
        java.nio.file.Path serverJar;

        @Option(names = "--redis-server", required = true, description = "A redis-server program to start, kill and"
                + " start again.")
        java.nio.file.Path redisServer;

        @Option(names = "--db", required = true, description = "An empty PostgreSQL database: postgresql://...")
        String database;

        @Option(names = "--dir", required = true, description = "A directory for the nodes' files and logs.")
        java.nio.file.Path directory;

        @Option(names = "--write-ms", description = "How long the writers write (default: ${DEFAULT-VALUE}).")
        long writeMillis = 15_000;

        @Option(names = "--rate", description = "Messages a second from each writer (default: ${DEFAULT-VALUE}).")
        double rate = 100;

        @Option(names = "--window", description = "Unacknowledged messages a writer may have (default:"
                + " ${DEFAULT-VALUE}).")
        int window = 50;

        @Override
        public Integer call() throws Exception {
            return new ClusterCrashScenario(serverJar, redisServer, database, directory, writeMillis, rate, window)
                    .run(spec.commandLine().getOut());
        }
    }

    @Command(name = "cluster", mixinStandardHelpOptions = true,
            description = "Three nodes on one PostgreSQL and one Redis: direct messages between pairs whose sides sit on"
                    + " one node, then on two (what the bus costs per message), and a room spread over the nodes."
                    + " Each run starts a fresh cluster; the table gives medians. scripts/bench cluster runs it.")
    static final class ClusterBench implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--server-jar", required = true, description = "The chat-server jar the nodes run.")
        java.nio.file.Path serverJar;

        @Option(names = "--redis-server", required = true, description = "A redis-server program.")
        java.nio.file.Path redisServer;

        @Option(names = "--db", required = true, description = "An empty PostgreSQL database: postgresql://...")
        String database;

        @Option(names = "--dir", required = true, description = "A directory for the nodes' files and logs.")
        java.nio.file.Path directory;

        @Option(names = "--pairs", description = "Direct pairs (default: ${DEFAULT-VALUE}).")
        int pairs = 50;

        @Option(names = "--rate", description = "Direct messages a second, all pairs together (default:"
                + " ${DEFAULT-VALUE}).")
        double rate = 300;

        @Option(names = "--members", description = "Members of the room (default: ${DEFAULT-VALUE}).")
        int members = 150;

        @Option(names = "--room-rate", description = "Room messages a second from its speaker (default:"
                + " ${DEFAULT-VALUE}).")
        double roomRate = 10;

        @Option(names = "--warmup", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
        long warmup = 3;

        @Option(names = "--duration", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
        long duration = 10;

        @Option(names = "--runs", description = "Runs, each on a fresh cluster (default: ${DEFAULT-VALUE}).")
        int runs = 3;

        @Option(names = "--server-jvm-option", paramLabel = "ARG", description = "One more JVM option for the nodes.")
        java.util.List<String> jvmOptions = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            new ClusterBenchScenario(serverJar, redisServer, database, directory, pairs, rate, members, roomRate,
                    warmup, duration, runs, jvmOptions).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = "Idle soak: hold connections, report server memory per connection and idle CPU.")
    static final class Idle implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Target target;

        @Option(names = "--connections", description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections = 10_000;

        @Option(names = "--connect-rate", description = "New connections per second (default: ${DEFAULT-VALUE}).")
        int connectRate = 5_000;

        @Option(names = "--hold", description = "Seconds to hold them (default: ${DEFAULT-VALUE}).")
        long hold = 10;

        @Override
        public Integer call() throws Exception {
            new IdleScenario(target.address(), connections, target.sources, connectRate, hold, target.process())
                    .tls(target.tls).run(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "floor", mixinStandardHelpOptions = true,
            description = "Runs the floor relay: the cheapest server the pairs scenario can run against (pairing and"
                    + " copying lines, nothing else), to measure what the machine allows.")
    static final class Floor implements Callable<Integer> {
        @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String bind = "127.0.0.1";

        @Option(names = "--port", description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            FloorRelay relay = new FloorRelay(new InetSocketAddress(bind, port));
            InetSocketAddress address = relay.address();
            System.err.println("floor relay listening on " + address.getHostString() + ":" + address.getPort());
            relay.run();
            return 0;
        }
    }

    @Command(name = "flood", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"What a bystander notices while attackers flood a fresh server: alice's ping and direct"
                    + " message every 20 ms (and for logins a fresh login every second), first with nobody attacking,"
                    + " then during the flood.",
                    "KIND: history, pairing, typing, rooms, reports, uploads, logins, lines, or all (each in turn,"
                            + " a fresh server each, then one table)."})
    static final class Flood implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(index = "0", paramLabel = "KIND", description = "The flood, or all.")
        String kind;

        @Option(names = "--server-jar", required = true, description = "The chat-server jar to start, once per flood.")
        java.nio.file.Path serverJar;

        @Option(names = "--dir", required = true, description = "A directory for the servers' databases and logs.")
        java.nio.file.Path directory;

        @Option(names = "--connections", description = "Attacker connections (default: the kind's own; history 100,"
                + " pairing and typing 300, lines 2000...). Not for all, which runs history with 1 and with 100.")
        Integer connections;

        @Option(names = "--addresses", description = "Source addresses the attackers spread over, from 127.0.0.2"
                + " (default: ${DEFAULT-VALUE}).")
        int addresses = 50;

        @Option(names = "--warmup", description = "Seconds the bystander runs before the baseline is measured"
                + " (default: ${DEFAULT-VALUE}).")
        double warmup = 1;

        @Option(names = "--baseline", description = "Seconds measured before the flood (default: ${DEFAULT-VALUE}).")
        double baseline = 3;

        @Option(names = "--flood-warmup", description = "Seconds of flood at full strength before it is measured: the"
                + " server compiles what the flood reaches first, once in its life (default: ${DEFAULT-VALUE}).")
        double floodWarmup = 2;

        @Option(names = "--duration", description = "Seconds of flood measured (default: ${DEFAULT-VALUE}).")
        double duration = 8;

        @Option(names = "--server-option", paramLabel = "ARG", description = "One more argument for the server's"
                + " command line (repeat: --server-option=--workers --server-option=1).")
        java.util.List<String> serverOptions = new java.util.ArrayList<>();

        @Option(names = "--server-jvm-option", paramLabel = "ARG", description = "One more JVM option for the server.")
        java.util.List<String> jvmOptions = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            java.util.List<FloodSeries.Run> runs;
            if (kind.equals("all")) {
                runs = FloodSeries.all();
            } else {
                FloodKind named = FloodKind.named(kind);
                if (named == null) {
                    spec.commandLine().getErr().println("no flood is called " + kind + "; see --help");
                    return 2;
                }
                runs = java.util.List.of(new FloodSeries.Run(named, connections != null ? connections
                        : named.defaultConnections()));
            }
            java.util.List<String> options = new java.util.ArrayList<>(FloodSeries.SERVER_OPTIONS);
            options.addAll(serverOptions);
            out.printf("flood servers: chat-server %s; %d cores%n", String.join(" ", options),
                    Runtime.getRuntime().availableProcessors());
            int failed = new FloodSeries(addresses, new FloodScenario.Windows(warmup, baseline, floodWarmup,
                    duration)).run(runs,
                    name -> BenchServer.start(serverJar, directory.resolve(name), "server.log", jvmOptions, options),
                    out);
            return failed == 0 ? 0 : 1;
        }
    }
}
