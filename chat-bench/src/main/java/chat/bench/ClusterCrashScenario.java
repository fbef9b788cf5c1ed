package chat.bench;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.ServerFrame;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster failure test: three nodes on one PostgreSQL and one Redis; a writer on each node sends direct messages
 * to a reader on the next node and room messages to a room all readers are in. Mid-stream node 1 is killed with
 * SIGKILL (its writer and reader fail over to the other nodes and resume with their tokens), later Redis is killed
 * and started again, empty. Writers resend what was not acknowledged under the same ids. Then every acknowledged
 * message must be stored once and have reached each of its recipients, live or through history (catch-up); and an
 * account left on the killed node must show offline on the other nodes within a bounded time.
 */
final class ClusterCrashScenario {

    private static final int NODES = 3;
    private static final String ROOM = "#crash";
    private static final String PASSWORD = "crash test password";

    private final Path serverJar;
    private final Path redisServer;
    private final String database;
    private final Path directory;
    private final long writeMillis;
    private final double ratePerWriter;
    private final int window;

    ClusterCrashScenario(Path serverJar, Path redisServer, String database, Path directory, long writeMillis,
            double ratePerWriter, int window) {
        this.serverJar = serverJar;
        this.redisServer = redisServer;
        this.database = database;
        this.directory = directory;
        this.writeMillis = writeMillis;
        this.ratePerWriter = ratePerWriter;
        this.window = window;
    }

    /** Runs it; returns 0 when nothing acknowledged was lost and nothing was stored or delivered twice. */
    int run(PrintWriter out) throws Exception {
        List<FailoverClient> clients = new ArrayList<>();
        try (BenchCluster cluster = new BenchCluster(serverJar, redisServer, database, directory, NODES,
                List.of("--bcrypt-cost", "4", "--limit", "all=off", "--registrations-per-hour", "1000"))) {
            try {
                return run(out, cluster, clients);
            } finally {
                for (FailoverClient client : clients) {
                    client.close(); // before the nodes stop, or the clients would fail over to nodes stopping
                }
            }
        }
    }

    private int run(PrintWriter out, BenchCluster cluster, List<FailoverClient> clients) throws Exception {
        RedisProcess redis = cluster.redis();
        List<InetSocketAddress> addresses = cluster.addresses();
        out.printf("cluster crash test: %d nodes (%s), Redis %s, PostgreSQL %s%n", NODES, addresses, redis.url(),
                database.replaceAll("password=[^&]*", "password=..."));
        out.flush();

        List<CrashParties.Reader> readers = new ArrayList<>();
        List<CrashParties.Writer> writers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            CrashParties.Reader reader = new CrashParties.Reader("reader" + (i + 1));
            reader.client(FailoverClient.register(addresses, i, reader.name, PASSWORD, reader));
            readers.add(reader);
            clients.add(reader.client());
        }
        for (int i = 0; i < NODES; i++) {
            // each writes to the reader on the next node: no direct message stays on one node
            CrashParties.Writer writer = new CrashParties.Writer("writer" + (i + 1),
                    "@" + readers.get((i + 1) % NODES).name, ROOM);
            writer.client(FailoverClient.register(addresses, i, writer.name, PASSWORD, writer));
            writers.add(writer);
            clients.add(writer.client());
        }
        for (FailoverClient client : clients) {
            client.request(id -> new ClientFrame.Join(id, ROOM));
        }
        // an account that stays on the killed node: how long until the others show it offline
        FailoverClient stranded = FailoverClient.register(addresses, 0, "stranded", PASSWORD, line -> { })
                .staysDown();
        clients.add(stranded);
        List<FailoverClient> watchers = new ArrayList<>();
        for (int i = 1; i < NODES; i++) {
            watchers.add(FailoverClient.register(addresses, i, "watcher" + (i + 1), PASSWORD, line -> { }));
        }
        clients.addAll(watchers);
        boolean presenceShown = awaitStatus(watchers, "stranded", "online", 5_000) >= 0;

        List<Thread> writing = new ArrayList<>();
        for (CrashParties.Writer writer : writers) {
            Thread thread = new Thread(() -> {
                try {
                    writer.write(writeMillis, ratePerWriter, window);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, writer.name);
            thread.start();
            writing.add(thread);
        }
        long start = System.nanoTime();
        sleepUntil(start, writeMillis / 4);
        cluster.node(0).kill();
        long killedAt = System.nanoTime();
        double[] offlineAfter = new double[watchers.size()];
        List<Thread> presence = new ArrayList<>();
        for (int i = 0; presenceShown && i < watchers.size(); i++) {
            FailoverClient watcher = watchers.get(i);
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    long seen = awaitStatus(List.of(watcher), "stranded", "offline", 30_000);
                    offlineAfter[index] = seen < 0 ? -1 : (seen - killedAt) / 1e9;
                } catch (IOException | InterruptedException e) {
                    offlineAfter[index] = -1;
                }
            });
            thread.start();
            presence.add(thread);
        }
        for (Thread thread : presence) {
            thread.join(); // before Redis restarts: a restart empties presence, which would blur the measure
        }
        sleepUntil(start, writeMillis * 2 / 3);
        redis.kill();
        long redisDownMillis = 1_000;
        TimeUnit.MILLISECONDS.sleep(redisDownMillis);
        redis.start();
        for (Thread thread : writing) {
            thread.join();
        }
        int unanswered = 0;
        for (CrashParties.Writer writer : writers) {
            unanswered += writer.settle(60_000);
        }
        awaitQuiet(readers);

        Tally direct = new Tally();
        Tally room = new Tally();
        Map<CrashParties.Reader, Map<String, List<String>>> roomSeen = new HashMap<>();
        for (CrashParties.Reader reader : readers) {
            roomSeen.put(reader, storedTexts(reader.client(), ROOM));
        }
        Map<String, List<String>> roomStored = roomSeen.get(readers.get(1));
        for (int i = 0; i < NODES; i++) {
            CrashParties.Writer writer = writers.get(i);
            CrashParties.Reader recipient = readers.get((i + 1) % NODES);
            Map<String, List<String>> directStored = storedTexts(recipient.client(), "@" + writer.name);
            for (Map.Entry<String, String> sent : writer.conversationOf.entrySet()) {
                String id = sent.getKey();
                if (sent.getValue().equals(ROOM)) {
                    room.count(writer, id, roomStored, readers, roomSeen);
                } else {
                    direct.count(writer, id, directStored, List.of(recipient), Map.of(recipient, directStored));
                }
            }
        }
        int changed = 0;
        int resent = 0;
        int reconnects = 0;
        Map<String, Integer> refusals = new HashMap<>();
        for (CrashParties.Writer writer : writers) {
            changed += writer.changedIds.get();
            resent += writer.resentAfterReconnect.get();
            writer.refusals.forEach((code, n) -> refusals.merge(code, n.get(), Integer::sum));
        }
        for (FailoverClient client : clients) {
            reconnects += client.reconnects();
        }
        report(out, direct, room, unanswered, changed, reconnects, resent, refusals, presenceShown, offlineAfter,
                redisDownMillis);
        boolean ok = direct.lost + room.lost == 0 && direct.duplicated + room.duplicated == 0 && unanswered == 0
                && changed == 0;
        out.println(ok ? "PASS: nothing acknowledged lost, nothing duplicated" : "FAIL");
        out.flush();
        return ok ? 0 : 1;
    }

    /** What happened to the messages of one kind (direct or room). */
    private static final class Tally {
        int sent;
        int acknowledged;
        int stored;
        int deliveries;
        int live;
        int caughtUp;
        int lost;
        int duplicated;

        void count(CrashParties.Writer writer, String id, Map<String, List<String>> stored,
                List<CrashParties.Reader> recipients,
                Map<CrashParties.Reader, Map<String, List<String>>> seenInHistory) {
            sent++;
            boolean acked = writer.acked.containsKey(id);
            if (acked) {
                acknowledged++;
            }
            List<String> copies = stored.getOrDefault(id, List.of());
            if (!copies.isEmpty()) {
                this.stored++;
            }
            duplicated += Math.max(0, copies.size() - 1);
            if (acked && !copies.isEmpty() && !copies.get(0).equals(writer.acked.get(id))) {
                duplicated++; // stored under another id than the one acknowledged: a second copy somewhere
            }
            if (copies.isEmpty()) {
                if (acked) {
                    lost++;
                }
                return;
            }
            for (CrashParties.Reader reader : recipients) {
                deliveries++;
                AtomicInteger times = reader.live.get(id);
                if (times != null) {
                    live++;
                    duplicated += times.get() - 1;
                } else if (seenInHistory.get(reader).containsKey(id)) {
                    caughtUp++;
                } else {
                    lost++;
                }
            }
        }
    }

    private static void report(PrintWriter out, Tally direct, Tally room, int unanswered, int changed,
            int reconnects, int resent, Map<String, Integer> refusals, boolean presenceShown, double[] offlineAfter,
            long redisDownMillis) {
        out.printf("node 1 killed (SIGKILL) a quarter of the way in; Redis killed and restarted empty (down %d ms)"
                + " at two thirds; %d clients failed over and resumed, resending %d unacknowledged messages; refusals %s;"
                + " unanswered at the end %d; acknowledged ids that changed %d%n",
                redisDownMillis, reconnects, resent, refusals, unanswered, changed);
        out.printf("%-8s %6s %13s %7s %11s %6s %13s %5s %11s%n", "", "sent", "acknowledged", "stored", "deliveries",
                "live", "via catch-up", "lost", "duplicated");
        for (Tally t : List.of(direct, room)) {
            out.printf("%-8s %6d %13d %7d %11d %6d %13d %5d %11d%n", t == direct ? "direct" : "room", t.sent, t.acknowledged, t.stored,
                    t.deliveries, t.live, t.caughtUp, t.lost, t.duplicated);
        }
        StringBuilder presence = new StringBuilder("presence: an account left on the killed node ");
        if (!presenceShown) {
            presence.append("not measured (whois on the other nodes did not show it online before the kill)");
        } else {
            presence.append("shows offline on ");
            for (int i = 0; i < offlineAfter.length; i++) {
                presence.append(String.format(Locale.ROOT, "%snode %d %s", i == 0 ? "" : ", ", i + 2,
                        offlineAfter[i] < 0 ? "never (30 s)" : String.format(Locale.ROOT, "%.1f s", offlineAfter[i])));
            }
        }
        out.println(presence);
        out.printf(Locale.ROOT, "RESULT {\"scenario\":\"cluster-crash\",\"direct_sent\":%d,\"direct_acked\":%d,"
                + "\"direct_stored\":%d,\"direct_live\":%d,\"direct_caught_up\":%d,\"room_sent\":%d,\"room_acked\":%d,"
                + "\"room_stored\":%d,\"room_live\":%d,\"room_caught_up\":%d,\"lost\":%d,\"duplicated\":%d,"
                + "\"unanswered\":%d,\"resent_after_failover\":%d,\"offline_after_s\":%s}%n", direct.sent,
                direct.acknowledged, direct.stored,
                direct.live, direct.caughtUp, room.sent, room.acknowledged, room.stored, room.live, room.caughtUp,
                direct.lost + room.lost, direct.duplicated + room.duplicated, unanswered, resent,
                java.util.Arrays.toString(offlineAfter));
    }

    /**
     * Asks each watcher for {@code name}'s state every 100 ms until it is {@code status}; returns System.nanoTime()
     * when the last one saw it, or -1 when one did not within {@code millis}.
     */
    private static long awaitStatus(List<FailoverClient> watchers, String name, String status, long millis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long seen = -1;
        for (FailoverClient watcher : watchers) {
            while (true) {
                String answer = watcher.request(id -> new ClientFrame.Whois(id, name));
                if (status.equals(Wire.field(answer, "status"))) {
                    seen = System.nanoTime();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return -1;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        return seen;
    }

    /** Waits until no reader has received anything for a second (at most 15 s). */
    private static void awaitQuiet(List<CrashParties.Reader> readers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int before = -1;
        while (System.nanoTime() < deadline) {
            int now = 0;
            for (CrashParties.Reader reader : readers) {
                now += reader.frames.get();
            }
            if (now == before) {
                return;
            }
            before = now;
            TimeUnit.SECONDS.sleep(1);
        }
    }

    /** Every stored message of {@code conv} seen from {@code client}: text to the stored ids carrying it. */
    private static Map<String, List<String>> storedTexts(FailoverClient client, String conv)
            throws IOException, InterruptedException, FrameException {
        Map<String, List<String>> texts = new HashMap<>();
        String before = null;
        while (true) {
            String last = before;
            ServerFrame.History page = (ServerFrame.History) FrameCodec.decodeServer(
                    client.request(id -> new ClientFrame.History(id, conv, last, 200)));
            for (ServerFrame.Message message : page.messages()) {
                texts.computeIfAbsent(message.text(), t -> new ArrayList<>()).add(message.id());
            }
            if (!Boolean.TRUE.equals(page.more()) || page.messages().isEmpty()) {
                return texts;
            }
            before = page.messages().get(0).id();
        }
    }

    private static void sleepUntil(long start, long millis) throws InterruptedException {
        long wait = start + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
