package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chat-server, started by a command (scripts/chat-server, so with the launcher's JVM options, or {@code java -cp ...}
 * in tests) with a throwaway database, on a free loopback port. The generator speaks its JSON protocol in random
 * pairs.
 */
final class ChatServerContender implements Contender {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final List<String> command;

    /** @param command the program and its options; {@code --bind}, {@code --port} and {@code --db} are added */
    ChatServerContender(List<String> command) {
        this.command = List.copyOf(command);
    }

    @Override
    public String name() {
        return "chat-server";
    }

    @Override
    public PairsProtocol protocol(boolean acks) {
        return new JsonPairs(acks);
    }

    @Override
    public Running start(Path directory, boolean acks) throws IOException {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("--bind", "127.0.0.1", "--port", "0", "--db", directory.resolve("chat.db").toString()));
        Path log = directory.resolve("chat-server.log");
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        try {
            while (System.nanoTime() < deadline) {
                Matcher listening = LISTENING.matcher(Files.readString(log));
                if (listening.find()) {
                    InetSocketAddress address = new InetSocketAddress("127.0.0.1",
                            Integer.parseInt(listening.group(1)));
                    return Contender.running(process, address);
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Contender.stop(process);
        throw new IOException("chat-server did not start (" + String.join(" ", full) + "):\n"
                + Files.readString(log));
    }
}
