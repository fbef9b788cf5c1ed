package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster for a scenario: a redis-server of its own (none: one node alone on PostgreSQL, for comparison) and
 * chat-server nodes from the jar, all on one PostgreSQL
 * database (given: scripts start PostgreSQL, as it wants a user of its own), each node a child process on a free
 * port with its files and log in the scenario's directory. Closing it stops the nodes, then Redis.
 */
final class BenchCluster implements AutoCloseable {

    private final RedisProcess redis;
    private final List<BenchServer> nodes = new ArrayList<>();

    /**
     * Starts Redis from {@code redisServer} and {@code count} nodes on {@code database} with {@code options} (the
     * Redis URL, the shared files directory and the bind address are added).
     */
    BenchCluster(Path serverJar, Path redisServer, String database, Path directory, int count, List<String> options)
            throws IOException, InterruptedException {
        this(serverJar, redisServer, database, directory, count, List.of("-Xmx128m"), options);
    }

    /** As above, the nodes' JVMs started with {@code jvmOptions}; without {@code redisServer}, nodes alone. */
    BenchCluster(Path serverJar, Path redisServer, String database, Path directory, int count,
            List<String> jvmOptions, List<String> options) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        redis = redisServer == null ? null : RedisProcess.start(redisServer, directory.resolve("redis.log"));
        try {
            List<String> all = new ArrayList<>(List.of("--files", directory.resolve("files").toString()));
            if (redis != null) {
                all.addAll(List.of("--redis", redis.url()));
            }
            all.addAll(options);
            for (int i = 1; i <= count; i++) {
                nodes.add(BenchServer.start(serverJar, directory.resolve("node-" + i), "node.log",
                        jvmOptions, database, all));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Its Redis, or null for nodes alone. */
    RedisProcess redis() {
        return redis;
    }

    /** Node {@code index}, from 0. */
    BenchServer node(int index) {
        return nodes.get(index);
    }

    int size() {
        return nodes.size();
    }

    /** Every node's address, in order. */
    List<InetSocketAddress> addresses() {
        return nodes.stream().map(BenchServer::address).toList();
    }

    /** CPU time used so far by every node together, in nanoseconds. */
    long nodesCpuNanos() {
        long total = 0;
        for (BenchServer node : nodes) {
            total += Math.max(0, node.process().cpuNanos());
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        for (BenchServer node : nodes) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
