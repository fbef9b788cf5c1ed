package chat.bench;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON client of a cluster that behaves as chat-tui does when its node goes: it knows every node's address, and
 * when its connection ends it connects to the next node that answers and resumes its login with its token. Its own
 * thread reads the lines and hands each to a {@link Listener}; {@link #request} awaits the answer to one request.
 */
final class FailoverClient implements AutoCloseable {

    private static final long RECONNECT_MILLIS = 30_000;

    /** What the client's reader thread reports. Called on that thread. */
    interface Listener {
        /** A line from the server (answers included). */
        void line(String line);

        /** The client is logged in again, on {@code node}, after its connection ended: time to resend. */
        default void reconnected(int node) {
        }
    }

    private final List<InetSocketAddress> nodes;
    private final String name;
    private final Listener listener;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final Thread reader;
    private volatile int node;
    private volatile String token;
    private volatile boolean closed;
    private volatile int reconnects;
    private volatile boolean staysDown;
    private Socket socket;
    private OutputStream out;
    private BufferedReader in;

    private FailoverClient(List<InetSocketAddress> nodes, int home, String name, Listener listener) {
        this.nodes = nodes;
        this.node = home;
        this.name = name;
        this.listener = listener;
        this.reader = new Thread(this::readForever, "client-" + name);
        reader.setDaemon(true);
    }

    /** Connects to node {@code home} and registers {@code name}; reconnects to the others when it goes. */
    static FailoverClient register(List<InetSocketAddress> nodes, int home, String name, String password,
            Listener listener) throws IOException {
        FailoverClient client = new FailoverClient(nodes, home, name, listener);
        client.open(home, new ClientFrame.Register(null, name, password));
        client.reader.start();
        return client;
    }

    /** From now on, when its node goes it does not connect to another (a user who does not come back). */
    FailoverClient staysDown() {
        staysDown = true;
        return this;
    }

    /** Which node it is connected to now (an index into the list it was given). */
    int node() {
        return node;
    }

    /** How many times it has logged in again after losing its connection. */
    int reconnects() {
        return reconnects;
    }

    /** Sends a line; when the connection is down the line is dropped (the caller resends on reconnect). */
    synchronized void send(ClientFrame frame) {
        if (out == null) {
            return;
        }
        try {
            out.write((FrameCodec.encode(frame) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the reader thread sees the end too, and reconnects
        }
    }

    /**
     * Sends {@code frame} under a fresh id and waits for the line that answers it.
     *
     * @throws IOException when none comes within 10 s (the connection may have changed meanwhile: ask again)
     */
    String request(java.util.function.Function<String, ClientFrame> frame) throws IOException, InterruptedException {
        String id = "q" + nextId.incrementAndGet();
        CompletableFuture<String> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            send(frame.apply(id));
            return answer.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IOException(name + ": no answer to " + id);
        } finally {
            pending.remove(id);
        }
    }

    /** Connects to node {@code index} and sends {@code auth}; returns once it is logged in. */
    private void open(int index, ClientFrame auth) throws IOException {
        Socket next = new Socket();
        try {
            next.connect(nodes.get(index), 2_000);
            next.setSoTimeout(10_000);
            OutputStream nextOut = next.getOutputStream();
            BufferedReader nextIn = new BufferedReader(new InputStreamReader(next.getInputStream(),
                    StandardCharsets.UTF_8));
            String id = "auth" + nextId.incrementAndGet();
            nextOut.write((FrameCodec.encode(auth, id) + "\n").getBytes(StandardCharsets.UTF_8));
            nextOut.flush();
            String re = "\"re\":\"" + id + "\"";
            while (true) {
                String line = nextIn.readLine();
                if (line == null) {
                    throw new IOException("closed while logging in");
                }
                if (line.contains(re)) {
                    if (!Wire.is(line, "logged_in")) {
                        throw new IOException(name + " could not log in: " + line);
                    }
                    String fresh = Wire.field(line, "token");
                    if (fresh != null) {
                        token = fresh;
                    }
                    break;
                }
                if (line.startsWith("{")) {
                    listener.line(line);
                }
            }
            next.setSoTimeout(0);
            synchronized (this) {
                socket = next;
                out = nextOut;
                in = nextIn;
                node = index;
            }
        } catch (IOException e) {
            next.close();
            throw e;
        }
    }

    private void readForever() {
        while (!closed) {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.startsWith("{")) {
                        continue;
                    }
                    String re = Wire.field(line, "re");
                    CompletableFuture<String> answer = re == null ? null : pending.get(re);
                    if (answer != null) {
                        answer.complete(line);
                    }
                    listener.line(line);
                }
            } catch (IOException e) {
                // the node went (or the connection was reset): fail over below
            }
            if (closed || staysDown || !failOver()) {
                return;
            }
            reconnects++;
            listener.reconnected(node);
        }
    }

    /** Tries the nodes after the current one in turn until one resumes the login. */
    private boolean failOver() {
        synchronized (this) {
            out = null;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_MILLIS);
        int index = node;
        while (!closed && System.nanoTime() < deadline) {
            index = (index + 1) % nodes.size();
            try {
                open(index, new ClientFrame.Resume(null, token));
                return true;
            } catch (IOException e) {
                if (index == node) {
                    try {
                        Thread.sleep(200); // every node refused: wait before the next round
                    } catch (InterruptedException interrupted) {
                        return false;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (this) {
            if (socket != null) {
                socket.close();
            }
        }
    }
}
