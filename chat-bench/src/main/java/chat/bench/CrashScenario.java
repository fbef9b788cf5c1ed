package chat.bench;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import chat.core.wire.FrameException;
import chat.core.wire.ServerFrame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The crash test: a writer sends direct messages as fast as acknowledgements come back, the server is killed with
 * SIGKILL in the middle, restarted on the same database, and the writer resends what was not acknowledged under the
 * same request ids. Then every acknowledged message must be stored exactly once, and so must every resent one.
 */
final class CrashScenario {

    private final Path serverJar;
    private final Path directory;
    private final long writeMillis;
    private final int window;

    CrashScenario(Path serverJar, Path directory, long writeMillis, int window) {
        this.serverJar = serverJar;
        this.directory = directory;
        this.writeMillis = writeMillis;
        this.window = window;
    }

    /** Runs it; returns 0 when nothing acknowledged was lost and nothing was stored twice. */
    int run(PrintWriter out) throws Exception {
        BenchServer server = start("first.log");
        int port = server.port();
        Map<String, String> acked = new ConcurrentHashMap<>();
        Set<String> sent = new LinkedHashSet<>();
        try (Client reader = new Client(port); Client writer = new Client(port)) {
            reader.call(new ClientFrame.Register("r", "reader", "reader password"));
            writer.call(new ClientFrame.Register("w", "writer", "writer password"));
            writer.startAcks(acked);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(writeMillis);
            int next = 0;
            while (System.nanoTime() < until) {
                while (sent.size() - acked.size() < window) {
                    String id = "m" + next++;
                    sent.add(id);
                    writer.send(new ClientFrame.Say(id, "@reader", "message " + id));
                }
                Thread.onSpinWait();
            }
            server.kill(); // SIGKILL, in the middle of the stream
        }
        int ackedBeforeKill = acked.size();
        Map<String, String> ackedBefore = new HashMap<>(acked);

        BenchServer again = start("second.log");
        port = again.port();
        try (Client writer = new Client(port); Client reader = new Client(port)) {
            writer.call(new ClientFrame.Login("l", "writer", "writer password"));
            Map<String, String> resent = new ConcurrentHashMap<>();
            writer.startAcks(resent);
            for (String id : sent) {
                writer.send(new ClientFrame.Say(id, "@reader", "message " + id)); // everything, acked or not
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (resent.size() < sent.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int changedIds = 0;
            for (Map.Entry<String, String> before : ackedBefore.entrySet()) {
                if (!before.getValue().equals(resent.get(before.getKey()))) {
                    changedIds++;
                }
            }
            reader.call(new ClientFrame.Login("l", "reader", "reader password"));
            List<String> stored = reader.history("@writer");
            Set<String> unique = new LinkedHashSet<>(stored);
            int duplicates = stored.size() - unique.size();
            int missing = 0;
            for (String id : sent) {
                if (!unique.contains("message " + id)) {
                    missing++;
                }
            }
            out.printf("crash test: %d sent, %d acknowledged before SIGKILL; after restart %d resent and %d answered;"
                    + " stored %d, missing %d, duplicates %d, acknowledged ids that changed %d%n", sent.size(),
                    ackedBeforeKill, sent.size(), resent.size(), stored.size(), missing, duplicates, changedIds);
            out.printf("RESULT {\"scenario\":\"crash\",\"sent\":%d,\"acked_before_kill\":%d,\"stored\":%d,"
                    + "\"missing\":%d,\"duplicates\":%d,\"changed_ids\":%d}%n", sent.size(), ackedBeforeKill,
                    stored.size(), missing, duplicates, changedIds);
            out.flush();
            return missing == 0 && duplicates == 0 && changedIds == 0 && resent.size() == sent.size() ? 0 : 1;
        } finally {
            again.close();
        }
    }

    private BenchServer start(String log) throws IOException, InterruptedException {
        return BenchServer.start(serverJar, directory, log, List.of(),
                List.of("--bcrypt-cost", "4", "--limit", "all=off"));
    }

    /** A plain blocking JSON client. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;
        private Thread acks;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        synchronized void send(ClientFrame frame) throws IOException {
            out.write((FrameCodec.encode(frame) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        /** Sends and waits for the answer to {@code frame} (skipping everything else). */
        ServerFrame call(ClientFrame frame) throws IOException, FrameException {
            send(frame);
            out.flush();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("closed");
                }
                if (!line.startsWith("{")) {
                    continue;
                }
                ServerFrame reply = FrameCodec.decodeServer(line);
                if (reply instanceof ServerFrame.Error error && frame.id().equals(error.re())) {
                    throw new IOException(error.message());
                }
                if (reply instanceof ServerFrame.LoggedIn || reply instanceof ServerFrame.History) {
                    return reply;
                }
            }
        }

        /** Reads acknowledgements on a thread of its own: request id to the stored message's id. */
        void startAcks(Map<String, String> acked) {
            acks = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("{\"type\":\"ok\"")) {
                            ServerFrame.Ok ok = (ServerFrame.Ok) FrameCodec.decodeServer(line);
                            if (ok.re() != null && ok.id() != null) {
                                acked.put(ok.re(), ok.id());
                            }
                        }
                    }
                } catch (IOException | FrameException e) {
                    // the connection ended (the server was killed): what was acknowledged is in the map
                }
            });
            acks.setDaemon(true);
            acks.start();
        }

        /** Every stored message of a conversation, oldest first, paging backwards. */
        List<String> history(String conv) throws IOException, FrameException {
            List<String> texts = new ArrayList<>();
            String before = null;
            while (true) {
                ServerFrame.History page = (ServerFrame.History) call(new ClientFrame.History("h", conv, before,
                        200));
                List<String> pageTexts = new ArrayList<>();
                for (ServerFrame.Message message : page.messages()) {
                    pageTexts.add(message.text());
                }
                texts.addAll(0, pageTexts);
                if (!Boolean.TRUE.equals(page.more()) || page.messages().isEmpty()) {
                    return texts;
                }
                before = page.messages().get(0).id();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
