package chat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * InspIRCd 3, when installed, with a configuration of our own written into the run's directory
 * ({@code inspircd.conf} beside this class): clients on loopback only, flood control and clone limits off (as
 * the comparison's chat-server runs with limits raised for the generator), no DNS or ident look-ups, a 1 MiB send
 * queue like chat-server's outbound limit, and with acks the IRCv3 echo-message module. The generator speaks IRC in
 * fixed pairs, one channel per pair.
 */
final class InspircdContender implements Contender {

    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String ECHO_MODULES = "<module name=\"cap\">\n<module name=\"ircv3_echomessage\">\n";

    private final Path executable;

    InspircdContender(Path executable) {
        this.executable = executable;
    }

    /** The inspircd program on this machine (on the PATH, or where Debian puts it), or null when none is. */
    static Path find() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "inspircd"));
            }
        }
        candidates.add(Path.of("/usr/sbin/inspircd"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "inspircd";
    }

    @Override
    public PairsProtocol protocol(boolean acks) {
        return new IrcPairs(acks);
    }

    /** The configuration for a server on {@code port}. */
    static String configuration(int port, boolean acks) throws IOException {
        try (InputStream template = InspircdContender.class.getResourceAsStream("inspircd.conf")) {
            if (template == null) {
                throw new IOException("inspircd.conf is missing from chat-bench's resources");
            }
            return new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${PORT}", Integer.toString(port))
                    .replace("${MODULES}", acks ? ECHO_MODULES : "");
        }
    }

    @Override
    public Running start(Path directory, boolean acks) throws IOException {
        int port = freePort();
        Path config = directory.resolve("inspircd.conf");
        Files.writeString(config, configuration(port, acks));
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--config", config.toString(),
                "--nofork", "--nopid"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--runasroot"); // it refuses root otherwise; in a container root is often all there is
        }
        Path log = directory.resolve("inspircd.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 1_000);
                return Contender.running(process, address);
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Contender.stop(process);
        throw new IOException("inspircd did not start (" + String.join(" ", command) + "):\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
