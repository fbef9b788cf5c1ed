package chat.server;

import chat.server.chat.RandomChat;
import chat.server.net.EventLoop;
import chat.server.session.SessionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A running server: the event loop on its own thread, the chat domain it drives, and the worker pool for blocking
 * work. {@link ServerMain} runs one from the command line; tests start one in-process on a free port.
 */
public final class ChatServer implements AutoCloseable {

    private final ServerConfig config;
    private final EventLoop loop;
    private final WorkerPool workers;

    private ChatServer(ServerConfig config) throws IOException {
        this.config = config;
        RandomChat randomChat = new RandomChat(this::schedule, config.rematchCooldownMillis(),
                System::currentTimeMillis);
        SessionHandler handler = new SessionHandler(new SessionHandler.Settings("chat-server " + version(),
                config.maxLineBytes(), config.maxMessageChars(), ZoneId.systemDefault()), randomChat);
        this.loop = new EventLoop(config.bind(), new EventLoop.Limits(config.maxLineBytes(),
                config.maxOutboundBytes(), config.maxConnections()), handler);
        this.workers = new WorkerPool(config.workerThreads(), config.workerQueue(), loop);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (the port is in use, say)
     */
    public static ChatServer start(ServerConfig config) throws IOException {
        ChatServer server = new ChatServer(config);
        server.loop.start("chat-loop");
        return server;
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
        loop.shutdown(config.shutdownGraceMillis());
    }

    /** Waits for the shutdown to finish. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        boolean done = loop.awaitTermination(timeout, unit);
        if (done) {
            workers.close();
        }
        return done;
    }

    /** Shuts down and waits for it. */
    @Override
    public void close() throws InterruptedException {
        shutdown();
        awaitTermination(config.shutdownGraceMillis() + 5_000, TimeUnit.MILLISECONDS);
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

    private chat.server.chat.Scheduler.Cancellable schedule(long delayMillis, Runnable task) {
        return loop.schedule(delayMillis, task)::cancel;
    }
}
