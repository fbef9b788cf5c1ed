package chat.bench;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What someone who is not attacking notices during a flood. Alice (logged in, from 127.0.0.1) sends a {@code ping}
 * and a direct message to bob every 20 ms; with {@link #logins}, someone also logs in afresh every second on a new
 * connection: one of {@value #LOGIN_ACCOUNTS} accounts in turn, each from an address of its own (127.0.1.N), as
 * different people would, so that the login throttle never sees one person's logins pile up while they wait behind a
 * flood (an attempt counts as a failure until it succeeds). Each request is due at a fixed time and carries it in its id; latency runs from the due time to the
 * answer ({@code pong}, the message's {@code ok}, bob's copy of it, {@code logged_in}), so a server that stalls
 * cannot hide it by slowing the bystander down (no coordinated omission). Answers are sorted into two windows by due
 * time: the baseline, before the flood, and the flood. Runs on a thread of its own with its own {@link Fleet}, so
 * that the attack's traffic on the generator's side is not in its way.
 */
final class Bystander implements Fleet.Listener, AutoCloseable {

    /** The two windows measured. */
    enum Phase { BASELINE, FLOOD }

    /** What is measured. */
    enum Measure {
        PING("ping"), DM_OK("dm ok"), DM_DELIVERED("dm delivered"), LOGIN("login");

        final String label;

        Measure(String label) {
            this.label = label;
        }
    }

    /** One measure in one window: how many were due in it, and the latencies of those answered. */
    record Figure(Measure measure, long sent, Histogram latency) {
        long lost() {
            return sent - latency.count();
        }
    }

    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LOGIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long answers are waited for after the flood; logins queue behind the flood's password hashes. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long LOGIN_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long SETUP_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final InetAddress HOME = InetAddress.getLoopbackAddress();
    static final int LOGIN_ACCOUNTS = 16;

    private final InetSocketAddress server;
    private final String room;
    private final boolean logins;
    private final Fleet fleet = new Fleet();
    private final Histogram[][] latency = new Histogram[Phase.values().length][Measure.values().length];
    private final long[][] sent = new long[Phase.values().length][Measure.values().length];
    private final Refusals refusals = new Refusals();
    /** Request ids carry due times as nanoseconds since this (System.nanoTime() itself may be negative). */
    private final long origin = System.nanoTime();
    private Fleet.Member alice;
    private Fleet.Member bob;
    private int loggedIn;
    private int loginsStarted;
    private boolean joined;
    private volatile long baselineFrom = Long.MAX_VALUE;
    private volatile long baselineUntil = Long.MAX_VALUE;
    private volatile long floodFrom = Long.MAX_VALUE;
    private volatile long floodUntil = Long.MAX_VALUE;
    private volatile long stopAt = Long.MAX_VALUE;
    private volatile boolean closed;
    private Thread thread;
    private volatile Throwable failure;

    /**
     * @param room a room alice joins besides (the typing flood's), or null
     * @param logins whether someone logs in every second
     */
    Bystander(InetSocketAddress server, String room, boolean logins) throws IOException {
        this.server = server;
        this.room = room;
        this.logins = logins;
        for (Phase phase : Phase.values()) {
            for (Measure measure : Measure.values()) {
                latency[phase.ordinal()][measure.ordinal()] = new Histogram();
            }
        }
    }

    /** Registers alice, bob (and those who log in), logs alice and bob in on the fleet, puts alice in the room. */
    void prepare() throws IOException {
        String aliceToken;
        String bobToken;
        try (SetupClient forAlice = new SetupClient(server, HOME); SetupClient forBob = new SetupClient(server, HOME)) {
            aliceToken = forAlice.register("alice", FloodAttacks.PASSWORD);
            bobToken = forBob.register("bob", FloodAttacks.PASSWORD);
        }
        for (int i = 0; logins && i < LOGIN_ACCOUNTS; i++) {
            try (SetupClient someone = new SetupClient(server, loginAddress(i))) {
                someone.register(loginAccount(i), FloodAttacks.PASSWORD);
            }
        }
        fleet.listen(this);
        alice = fleet.connect(server, HOME);
        bob = fleet.connect(server, HOME);
        alice.send(FrameCodec.encode(new ClientFrame.Resume("r", aliceToken)));
        bob.send(FrameCodec.encode(new ClientFrame.Resume("r", bobToken)));
        await(() -> loggedIn == 2, "alice and bob to log in");
        if (room != null) {
            alice.send(FrameCodec.encode(new ClientFrame.Join("j", room)));
            await(() -> joined, "alice to join " + room);
        }
    }

    private void await(java.util.function.BooleanSupplier done, String what) throws IOException {
        long deadline = System.nanoTime() + SETUP_NANOS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for " + what + "; the server refused: "
                        + refusals.describe(5));
            }
            fleet.poll(10);
        }
    }

    /** Starts sending at {@code start} on a thread of its own; the baseline window is {@code [from, until)}. */
    void start(long start, long from, long until) {
        baselineFrom = from;
        baselineUntil = until;
        thread = new Thread(() -> {
            try {
                run(start);
            } catch (Throwable e) {
                failure = e;
            }
        }, "bystander");
        thread.start();
    }

    /** Sets the flood window. */
    void flood(long from, long until) {
        floodFrom = from;
        floodUntil = until;
    }

    /** Stops sending, waits for the answers still due, and returns; then the figures may be read. */
    void finish() throws IOException, InterruptedException {
        stopAt = System.nanoTime();
        thread.join();
        if (failure != null) {
            throw new IOException("the bystander failed", failure);
        }
    }

    Figure figure(Phase phase, Measure measure) {
        return new Figure(measure, sent[phase.ordinal()][measure.ordinal()],
                latency[phase.ordinal()][measure.ordinal()]);
    }

    /** How long the bystander waits after the flood for answers still due. */
    long drainNanos() {
        return logins ? LOGIN_DRAIN_NANOS : DRAIN_NANOS;
    }

    boolean logins() {
        return logins;
    }

    /** What the server refused the bystander (nothing, if all is well). */
    Refusals refusals() {
        return refusals;
    }

    private void run(long start) throws IOException {
        long next = start;
        long nextLogin = start;
        while (!closed) {
            long now = System.nanoTime();
            if (now >= stopAt) {
                break;
            }
            while (next <= now) {
                sent(next, Measure.PING);
                alice.send("{\"type\":\"ping\",\"id\":\"p" + (next - origin) + "\"}");
                sent(next, Measure.DM_OK);
                sent(next, Measure.DM_DELIVERED);
                alice.send(FrameCodec.encode(new ClientFrame.Say("d" + (next - origin), "@bob",
                        PacedLoad.text(next, 0))));
                next += INTERVAL_NANOS;
            }
            while (logins && nextLogin <= now) {
                login(nextLogin);
                nextLogin += LOGIN_INTERVAL_NANOS;
            }
            fleet.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(next, logins ? nextLogin : next)
                    - System.nanoTime())));
        }
        long drainUntil = System.nanoTime() + drainNanos();
        while (!closed && !allAnswered() && System.nanoTime() < drainUntil) {
            fleet.poll(10);
        }
    }

    private void login(long intended) {
        int account = loginsStarted++ % LOGIN_ACCOUNTS;
        try {
            Fleet.Member someone = fleet.connect(server, loginAddress(account));
            someone.state = intended;
            sent(intended, Measure.LOGIN);
            someone.send(FrameCodec.encode(new ClientFrame.Login(null, loginAccount(account),
                    FloodAttacks.PASSWORD)));
        } catch (IOException e) {
            refusals.add("connect_failed");
        }
    }

    private static String loginAccount(int account) {
        return "carol" + account;
    }

    private static InetAddress loginAddress(int account) throws IOException {
        return InetAddress.getByName("127.0.1." + (1 + account));
    }

    private void sent(long intended, Measure measure) {
        Phase phase = phaseOf(intended);
        if (phase != null) {
            sent[phase.ordinal()][measure.ordinal()]++;
        }
    }

    /** The due time an answered id carries, or Long.MIN_VALUE when the line answered none of the bystander's. */
    private long dueTime(long sinceOrigin) {
        return sinceOrigin < 0 ? Long.MIN_VALUE : origin + sinceOrigin;
    }

    private void answered(long intended, Measure measure) {
        Phase phase = phaseOf(intended);
        if (phase != null) {
            latency[phase.ordinal()][measure.ordinal()].record(
                    TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended));
        }
    }

    private Phase phaseOf(long intended) {
        if (intended >= baselineFrom && intended < baselineUntil) {
            return Phase.BASELINE;
        }
        if (intended >= floodFrom && intended < floodUntil) {
            return Phase.FLOOD;
        }
        return null;
    }

    private boolean allAnswered() {
        for (Phase phase : Phase.values()) {
            for (Measure measure : Measure.values()) {
                if (figure(phase, measure).lost() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void line(Fleet.Member member, String line) {
        if (member == alice) {
            if (Wire.is(line, "pong")) {
                answered(dueTime(Wire.answered(line, 'p')), Measure.PING);
            } else if (Wire.is(line, "ok")) {
                answered(dueTime(Wire.answered(line, 'd')), Measure.DM_OK);
            } else if (Wire.is(line, "logged_in")) {
                loggedIn++;
            } else if (Wire.is(line, "room")) {
                joined = true;
            } else {
                refusals.count(line);
            }
        } else if (member == bob) {
            if (Wire.is(line, "message")) {
                answered(PacedLoad.intendedIn(line), Measure.DM_DELIVERED);
            } else if (Wire.is(line, "logged_in")) {
                loggedIn++;
            } else {
                refusals.count(line);
            }
        } else if (member.state instanceof Long intended) {
            if (Wire.is(line, "logged_in")) {
                answered(intended, Measure.LOGIN);
                member.close();
            } else if (refusals.count(line)) {
                member.close();
            }
        }
    }

    @Override
    public void closed(Fleet.Member member) {
        refusals.add(Refusals.CUT);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (thread != null) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(drainNanos()) + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fleet.close();
    }
}
