package chat.bench;

import chat.core.wire.ClientFrame;
import chat.core.wire.FrameCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain blocking JSON client for setting a scenario up (accounts, messages to page through) before anything is
 * measured: one request at a time, each answer awaited. Not for load.
 */
final class SetupClient implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;
    private int nextId;

    /** Connects from {@code source} (null: the system's choice). */
    SetupClient(InetSocketAddress server, InetAddress source) throws IOException {
        socket = new Socket();
        if (source != null) {
            socket.bind(new InetSocketAddress(source, 0));
        }
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code frame} under a fresh id and returns the first line that answers it, skipping everything else.
     *
     * @throws IOException when the answer is an error (its code and message) or the connection ends
     */
    String call(ClientFrame frame) throws IOException {
        String id = "setup" + nextId++;
        out.write((FrameCodec.encode(frame, id) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String re = "\"re\":\"" + id + "\"";
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection while answering " + FrameCodec.encode(frame));
            }
            if (line.contains(re)) {
                if (line.startsWith("{\"type\":\"error\"")) {
                    throw new IOException("the server refused " + FrameCodec.typeName(frame.getClass()) + ": "
                            + line);
                }
                return line;
            }
        }
    }

    /** Registers {@code name} and returns the login's session token, for {@code resume} on other connections. */
    String register(String name, String password) throws IOException {
        return Wire.field(call(new ClientFrame.Register(null, name, password)), "token");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
