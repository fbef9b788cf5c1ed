package chat.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A flood: attacker connections, each set up (logged in, in a room, paired...) before the flood and then sending one
 * kind of abuse as fast as the server takes it. Every request carries an id ({@code a1}, {@code a2}, ...) so that
 * every request is answered, refusals included; an attacker keeps up to {@link #window} requests unanswered and stops
 * writing while the socket does not take its bytes (a server that stops reading holds it back). What the server
 * refuses is counted per code. An attacker the server cuts off reconnects after a moment and sets itself up again,
 * at most {@link #MAX_RECONNECTS} times. Subclasses say how an attacker is set up and what it sends. Everything runs
 * on the thread that drives the attack's {@link Fleet}.
 */
abstract class FloodAttack implements Fleet.Listener {

    /** Reconnects allowed to each attacker after the server cut it off. */
    static final int MAX_RECONNECTS = 5;
    private static final long RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SETUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);
    /** Requests one attacker sends in one {@link #pump} at most. */
    private static final int BATCH = 16;

    /** One attacker: a client that keeps a connection up, reconnecting if it is cut. */
    static final class Attacker {
        final int number;
        final InetAddress source;
        Fleet.Member member;
        boolean ready;
        long sent;
        long answered;
        int reconnects;
        long reconnectAt;
        /** The attack's own state for this attacker. */
        Object state;

        Attacker(int number, InetAddress source) {
            this.number = number;
            this.source = source;
        }

        /** Requests sent and not answered yet. */
        long unanswered() {
            return sent - answered;
        }
    }

    private final int count;
    private final int window;
    private final List<Attacker> attackers = new ArrayList<>();
    /** What the server refused once the flood started, and before it (while setting up). */
    private final Refusals refusals = new Refusals();
    private final Refusals setupRefusals = new Refusals();
    private Fleet fleet;
    private InetSocketAddress server;
    private boolean flooding;
    private long requests;
    private long answers;
    private int reconnects;

    /**
     * @param count attacker connections
     * @param window requests each keeps unanswered at most
     */
    FloodAttack(int count, int window) {
        this.count = count;
        this.window = window;
    }

    /** Before any attacker connects: accounts and the like, over {@link SetupClient}s. */
    void setUp(InetSocketAddress server, InetAddress source) throws IOException {
    }

    /** The attacker's connection was greeted: set it up, and call {@link #ready} when it may flood. */
    abstract void greeted(Attacker attacker);

    /** A line that is neither a refusal nor the greeting, for an attacker's setup or its flood's state. */
    void heard(Attacker attacker, String line) {
    }

    /** A refusal (already counted), for an attack whose state depends on what was refused. */
    void refused(Attacker attacker, String line) {
    }

    /** The flood starts for a ready attacker (or an attacker becomes ready during the flood). */
    void begin(Attacker attacker) {
    }

    /**
     * Sends one request of the flood, with {@link #nextId}. @return false when the attacker has nothing to send now
     * (waiting for an answer it needs first)
     */
    abstract boolean flood(Attacker attacker);

    /** Whether the flood is at full strength, so that measuring may start (for floods that take time to build). */
    boolean full() {
        return true;
    }

    /** Connects every attacker from {@code sources} in turn and waits until all are set up. */
    final void prepare(Fleet attackFleet, InetSocketAddress address, List<InetAddress> sources) throws IOException {
        this.fleet = attackFleet;
        this.server = address;
        setUp(address, sources.get(0));
        fleet.listen(this);
        for (int i = 0; i < count; i++) {
            Attacker attacker = new Attacker(i, sources.get(i % sources.size()));
            attackers.add(attacker);
            connect(attacker);
            if (i % 64 == 63) {
                fleet.poll(0);
            }
        }
        long deadline = System.nanoTime() + SETUP_TIMEOUT_NANOS;
        while (readyCount() < count && System.nanoTime() < deadline) {
            fleet.poll(10);
            pump(System.nanoTime());
        }
        if (readyCount() < count) {
            throw new IOException("only " + readyCount() + " of " + count + " attackers could be set up; the server"
                    + " refused: " + setupRefusals.describe(5));
        }
    }

    /** Starts the flood. */
    final void start() {
        flooding = true;
        for (Attacker attacker : attackers) {
            if (attacker.ready) {
                begin(attacker);
            }
        }
    }

    /** Stops sending; what is in flight stays in flight. */
    final void stop() {
        flooding = false;
    }

    /**
     * Reconnects attackers whose time has come, and tops up every ready attacker's requests, a few at a time each
     * so that one call stays short (answers are read between calls).
     *
     * @return whether some attacker could send more right away (the caller should not wait before calling again)
     */
    final boolean pump(long now) {
        boolean more = false;
        for (Attacker attacker : attackers) {
            Fleet.Member member = attacker.member;
            if (member == null || !member.isOpen()) {
                if (attacker.reconnectAt != 0 && now >= attacker.reconnectAt) {
                    attacker.reconnectAt = 0;
                    attacker.reconnects++;
                    reconnects++;
                    connect(attacker);
                }
                continue;
            }
            if (!flooding || !attacker.ready) {
                continue;
            }
            int batch = 0;
            while (attacker.unanswered() < window && !member.backlogged() && member.isOpen()) {
                if (batch++ == BATCH) {
                    more = true;
                    break;
                }
                if (!flood(attacker)) {
                    break;
                }
                requests++;
            }
        }
        return more;
    }

    /** The id of the attacker's next flood request. */
    static String nextId(Attacker attacker) {
        return "a" + ++attacker.sent;
    }

    /** The attacker may flood (its setup is done). */
    final void ready(Attacker attacker) {
        if (attacker.ready) {
            return;
        }
        attacker.ready = true;
        if (flooding) {
            begin(attacker);
        }
    }

    private void connect(Attacker attacker) {
        attacker.ready = false;
        attacker.sent = 0;
        attacker.answered = 0;
        try {
            attacker.member = fleet.connect(server, attacker.source);
            attacker.member.state = attacker;
        } catch (IOException e) {
            attacker.member = null;
            (flooding ? refusals : setupRefusals).add("connect_failed");
            scheduleReconnect(attacker);
        }
    }

    private void scheduleReconnect(Attacker attacker) {
        if (attacker.reconnects < MAX_RECONNECTS) {
            attacker.reconnectAt = System.nanoTime() + RECONNECT_DELAY_NANOS;
        }
    }

    @Override
    public final void line(Fleet.Member member, String line) {
        if (!(member.state instanceof Attacker attacker) || attacker.member != member) {
            return;
        }
        if (line.startsWith("* Welcome")) {
            greeted(attacker);
            return;
        }
        long answered = Wire.answered(line, 'a');
        if (answered > attacker.answered) {
            answers += answered - attacker.answered;
            attacker.answered = answered;
        }
        if ((flooding ? refusals : setupRefusals).count(line)) {
            refused(attacker, line);
        } else {
            heard(attacker, line);
        }
    }

    @Override
    public final void closed(Fleet.Member member) {
        if (member.state instanceof Attacker attacker && attacker.member == member) {
            attacker.ready = false;
            (flooding ? refusals : setupRefusals).add(Refusals.CUT);
            scheduleReconnect(attacker);
        }
    }

    int count() {
        return count;
    }

    List<Attacker> attackers() {
        return attackers;
    }

    Refusals refusals() {
        return refusals;
    }

    long requests() {
        return requests;
    }

    long answers() {
        return answers;
    }

    int reconnects() {
        return reconnects;
    }

    private int readyCount() {
        int ready = 0;
        for (Attacker attacker : attackers) {
            ready += attacker.ready ? 1 : 0;
        }
        return ready;
    }
}
