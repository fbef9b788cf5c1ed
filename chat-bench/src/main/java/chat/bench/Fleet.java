package chat.bench;

import chat.core.wire.LineDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Many client connections driven by one selector on the caller's thread, the way the server drives its own: the
 * generator must not be the bottleneck it measures. Source addresses cycle through 127.0.0.1..127.0.0.N so that more
 * connections fit than one address has ephemeral ports.
 */
public final class Fleet implements AutoCloseable {

    /** What a scenario hears from its connections. */
    public interface Listener {
        void line(Member member, String line);

        /** The connection ended from the server's side (closed or reset), not by {@link Member#close}. */
        default void closed(Member member) {
        }
    }

    /** One connection of the fleet. */
    public final class Member {
        final int index;
        final SocketChannel channel;
        final LineDecoder decoder = new LineDecoder(1 << 20);
        final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        /** TLS: the engine and the encrypted bytes in each direction (both in write mode); null for plain text. */
        SSLEngine engine;
        ByteBuffer netIn;
        ByteBuffer netOut;
        /** TLS: whether the server's first TLS record has begun (before it, a plain greeting line is dropped). */
        boolean tlsAnswered;
        SelectionKey key;
        boolean reading = true;
        /** Scenario state. */
        public Object state;

        Member(int index, SocketChannel channel) {
            this.index = index;
            this.channel = channel;
        }

        public int index() {
            return index;
        }

        /** Queues a line (a newline is added) and writes what the socket takes now. */
        public void send(String line) {
            pending.add(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            flush(this);
        }

        /** Queues bytes as they are (no newline: an unfinished line, say) and writes what the socket takes now. */
        public void sendRaw(ByteBuffer bytes) {
            pending.add(bytes.duplicate());
            flush(this);
        }

        /** Whether bytes are still waiting for the socket to take them (the server is not reading fast enough). */
        public boolean backlogged() {
            return !pending.isEmpty();
        }

        public boolean isOpen() {
            return channel.isOpen();
        }

        /** Closes the connection from this side; the listener is not told. */
        public void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed anyway
            }
        }

        /** Reads again after {@link #stopReading}. */
        public void resumeReading() {
            reading = true;
            if (key.isValid()) {
                key.interestOps(key.interestOps() | SelectionKey.OP_READ);
            }
        }

        /** Stops reading from this connection (a slow consumer). */
        public void stopReading() {
            reading = false;
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final Selector selector;
    /** Speaks TLS to the server when set (trusting any certificate: this measures, it does not protect). */
    private final SSLContext tls;
    private final ByteBuffer plaintext = ByteBuffer.allocate(64 * 1024);
    private final List<Member> members = new ArrayList<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private Listener listener = (member, line) -> { };
    private int smallReceiveBuffers;

    public Fleet() throws IOException {
        this(false);
    }

    /** A fleet whose connections speak TLS when {@code tls}. */
    public Fleet(boolean tls) throws IOException {
        this.selector = Selector.open();
        this.tls = tls ? trustingEverything() : null;
    }

    private static SSLContext trustingEverything() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("no TLS in this Java", e);
        }
    }

    /**
     * Gives the first {@code count} connections a 4 KiB receive buffer, so that when they stop reading the server's
     * own queue for them fills after a megabyte or so instead of after the kernel's several megabytes.
     */
    public void smallReceiveBuffers(int count) {
        this.smallReceiveBuffers = count;
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    public List<Member> members() {
        return members;
    }

    /**
     * Opens {@code count} connections to {@code server}, {@code perSecond} at a time at most, using source addresses
     * 127.0.0.1 to 127.0.0.{@code sources}.
     */
    public void connect(InetSocketAddress server, int count, int sources, int perSecond) throws IOException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            connect(server, sources > 1 ? InetAddress.getByName("127.0.0." + (1 + i % sources)) : null);
            long due = start + (long) (i * 1e9 / perSecond);
            while (System.nanoTime() < due) {
                poll(1);
            }
            if (i % 256 == 0) {
                poll(0);
            }
        }
    }

    /**
     * Opens one connection to {@code server} from {@code source} (null: the system's choice) and adds it to the
     * fleet. The connect itself blocks, which on loopback takes microseconds.
     */
    public Member connect(InetSocketAddress server, InetAddress source) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (members.size() < smallReceiveBuffers) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        }
        try {
            if (source != null) {
                channel.bind(new InetSocketAddress(source, 0));
            }
            channel.connect(server);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        Member member = new Member(members.size(), channel);
        member.key = channel.register(selector, SelectionKey.OP_READ, member);
        members.add(member);
        if (tls != null) {
            member.engine = tls.createSSLEngine(server.getHostString(), server.getPort());
            member.engine.setUseClientMode(true);
            int packet = member.engine.getSession().getPacketBufferSize();
            member.netIn = ByteBuffer.allocate(packet);
            member.netOut = ByteBuffer.allocate(packet);
            member.engine.beginHandshake();
            pumpTls(member);
        }
        return member;
    }

    /** Runs the selector once, waiting at most {@code millis} (0: not at all). */
    public void poll(long millis) throws IOException {
        int ready = millis <= 0 ? selector.selectNow() : selector.select(millis);
        if (ready == 0) {
            return;
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Member member = (Member) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            if (key.isWritable()) {
                flush(member);
            }
            if (key.isValid() && key.isReadable()) {
                read(member);
            }
        }
    }

    private void read(Member member) throws IOException {
        ByteBuffer buffer = member.engine != null ? member.netIn : readBuffer;
        if (member.engine == null) {
            buffer.clear();
        }
        int count;
        try {
            count = member.channel.read(buffer);
        } catch (IOException e) {
            count = -1;
        }
        if (count < 0) {
            lost(member);
            return;
        }
        if (member.engine != null) {
            if (dropPlainGreeting(member)) {
                pumpTls(member);
            }
            return;
        }
        buffer.flip();
        deliver(member, buffer);
    }

    /**
     * Before the server's first TLS record, drops a plain greeting line: the server greets a connection whose
     * ClientHello came after its detection window in plain text, then goes on in TLS. Under load the generator's
     * handshakes can be that late.
     *
     * @return whether TLS bytes may be waiting (false: the rest of the greeting line is still to come)
     */
    private static boolean dropPlainGreeting(Member member) {
        ByteBuffer in = member.netIn;
        while (!member.tlsAnswered && in.position() > 0) {
            if (in.get(0) == 0x16) {
                member.tlsAnswered = true;
                break;
            }
            int end = -1;
            for (int i = 0; i < in.position(); i++) {
                if (in.get(i) == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            in.flip();
            in.position(end + 1);
            in.compact();
        }
        return true;
    }

    private void deliver(Member member, ByteBuffer bytes) {
        member.decoder.decode(bytes, new LineDecoder.Sink() {
            @Override
            public void line(String line) {
                listener.line(member, line);
            }

            @Override
            public void error(LineDecoder.LineError error) {
            }
        });
    }

    /**
     * Does what the member's TLS engine asks until nothing moves: handshake steps, then decrypting what arrived and
     * encrypting what is queued. Handshake tasks run inline: the generator's own cost, visible in its CPU figure.
     */
    private void pumpTls(Member member) {
        SSLEngine engine = member.engine;
        try {
            while (true) {
                if (member.netOut.position() > 0) {
                    member.netOut.flip();
                    member.channel.write(member.netOut);
                    member.netOut.compact();
                    if (member.netOut.position() > 0) {
                        member.key.interestOps(member.key.interestOps() | SelectionKey.OP_WRITE);
                        return;
                    }
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                        continue;
                    }
                    case NEED_WRAP -> {
                        engine.wrap(NOTHING, member.netOut);
                        continue;
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap(member)) {
                            return;
                        }
                        continue;
                    }
                    default -> {
                        // application data both ways
                    }
                }
                boolean moved = member.netIn.position() > 0 && unwrap(member);
                if (!member.pending.isEmpty()) {
                    ByteBuffer head = member.pending.peek();
                    engine.wrap(head, member.netOut);
                    if (!head.hasRemaining()) {
                        member.pending.poll();
                    }
                    moved = true;
                }
                if (!moved) {
                    if (member.key.isValid()) {
                        member.key.interestOps(member.key.interestOps() & ~SelectionKey.OP_WRITE);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            lost(member);
        }
    }

    /** @return whether a record was decrypted (false: the rest of one is still to come) */
    private boolean unwrap(Member member) throws IOException {
        member.netIn.flip();
        plaintext.clear();
        SSLEngineResult result = member.engine.unwrap(member.netIn, plaintext);
        member.netIn.compact();
        if (plaintext.position() > 0) {
            plaintext.flip();
            deliver(member, plaintext);
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new IOException("the server closed TLS");
        }
        return result.getStatus() == SSLEngineResult.Status.OK
                && (result.bytesConsumed() > 0 || result.bytesProduced() > 0);
    }

    private void flush(Member member) {
        if (member.engine != null) {
            pumpTls(member);
            return;
        }
        try {
            while (!member.pending.isEmpty()) {
                ByteBuffer head = member.pending.peek();
                member.channel.write(head);
                if (head.hasRemaining()) {
                    member.key.interestOps(member.key.interestOps() | SelectionKey.OP_WRITE);
                    return;
                }
                member.pending.poll();
            }
            if (member.key.isValid()) {
                member.key.interestOps(member.key.interestOps() & ~SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            lost(member); // the server closed it (a reset): the connection is gone
        }
    }

    /** The server ended the connection: closes this side and tells the listener, once. */
    private void lost(Member member) {
        if (!member.channel.isOpen()) {
            return;
        }
        member.close();
        listener.closed(member);
    }

    /** How many connections are still open. */
    public int open() {
        int open = 0;
        for (Member member : members) {
            if (member.channel.isOpen()) {
                open++;
            }
        }
        return open;
    }

    @Override
    public void close() throws IOException {
        for (Member member : members) {
            member.channel.close();
        }
        selector.close();
    }
}
