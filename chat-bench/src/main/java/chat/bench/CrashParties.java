package chat.bench;

import chat.core.wire.ClientFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The people of the cluster crash test: writers that resend what was not acknowledged, readers that count. */
final class CrashParties {

    private CrashParties() {
    }

    /**
     * Sends direct messages to one reader and room messages to a room, alternately, at a steady rate with at most
     * {@code window} unacknowledged; after a reconnect it resends every unacknowledged one under its own id, as
     * chat-tui does. A message's text is its id, so readers and history can be matched against what was sent.
     */
    static final class Writer implements FailoverClient.Listener {
        final String name;
        final String directTo;
        final String room;
        /** Request id to its frame, in sending order, until acknowledged. */
        private final Map<String, ClientFrame.Say> unacked = new LinkedHashMap<>();
        /** Request id to the stored message's id. */
        final Map<String, String> acked = new ConcurrentHashMap<>();
        final Map<String, String> conversationOf = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        final AtomicInteger changedIds = new AtomicInteger();
        /** Messages sent again after a reconnect (unacknowledged when the connection ended). */
        final AtomicInteger resentAfterReconnect = new AtomicInteger();
        private FailoverClient client;
        private int next;

        Writer(String name, String directTo, String room) {
            this.name = name;
            this.directTo = directTo;
            this.room = room;
        }

        void client(FailoverClient client) {
            this.client = client;
        }

        FailoverClient client() {
            return client;
        }

        /** Sends for {@code millis} at {@code perSecond}, never more than {@code window} unacknowledged. */
        void write(long millis, double perSecond, int window) throws InterruptedException {
            long start = System.nanoTime();
            long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
            long interval = (long) (1e9 / perSecond);
            long due = start;
            while (due < end) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                ClientFrame.Say say;
                synchronized (this) {
                    while (unacked.size() >= window) {
                        wait(100);
                    }
                    boolean direct = next % 2 == 0;
                    String id = name + (direct ? "-d" : "-r") + next++;
                    say = new ClientFrame.Say(id, direct ? directTo : room, id);
                    unacked.put(id, say);
                    conversationOf.put(id, say.conv());
                }
                client.send(say);
                due += interval;
            }
        }

        /** Resends what is unacknowledged until nothing is, or {@code millis} pass; returns how many stay. */
        int settle(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline) {
                if (unackedCount() == 0) {
                    return 0;
                }
                resend();
                TimeUnit.MILLISECONDS.sleep(1_000);
            }
            return unackedCount();
        }

        synchronized int unackedCount() {
            return unacked.size();
        }

        int sent() {
            return conversationOf.size();
        }

        private int resend() {
            List<ClientFrame.Say> again;
            synchronized (this) {
                again = new ArrayList<>(unacked.values());
            }
            for (ClientFrame.Say say : again) {
                client.send(say);
            }
            return again.size();
        }

        @Override
        public void line(String line) {
            String re = Wire.field(line, "re");
            if (re == null || !re.startsWith(name + "-")) {
                return;
            }
            if (Wire.is(line, "ok")) {
                String stored = Wire.field(line, "id");
                String before = acked.putIfAbsent(re, stored);
                if (before != null && !before.equals(stored)) {
                    changedIds.incrementAndGet();
                }
                synchronized (this) {
                    unacked.remove(re);
                    notifyAll();
                }
            } else if (Wire.is(line, "error")) {
                // kept unacknowledged: resent after a reconnect or when the stream ends
                refusals.computeIfAbsent(Wire.field(line, "code"), code -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public void reconnected(int node) {
            resentAfterReconnect.addAndGet(resend());
        }
    }

    /** Counts every message it receives live, by text (a writer's request id) and conversation. */
    static final class Reader implements FailoverClient.Listener {
        final String name;
        /** Text to how many times it arrived live. */
        final Map<String, AtomicInteger> live = new ConcurrentHashMap<>();
        final AtomicInteger frames = new AtomicInteger();
        private FailoverClient client;

        Reader(String name) {
            this.name = name;
        }

        void client(FailoverClient client) {
            this.client = client;
        }

        FailoverClient client() {
            return client;
        }

        @Override
        public void line(String line) {
            if (Wire.is(line, "message") && Wire.field(line, "re") == null) {
                String text = Wire.field(line, "text");
                if (text != null) {
                    live.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
                    frames.incrementAndGet();
                }
            }
        }
    }
}
