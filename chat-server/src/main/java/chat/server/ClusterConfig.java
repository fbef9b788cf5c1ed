package chat.server;

/**
 * Where a node of a cluster keeps what lasts and hears what moves. Both null: one process on its own, its store the
 * SQLite file of {@link ServerConfig#database}, every delivery a direct call.
 *
 * @param postgresUrl {@code postgresql://HOST:PORT/NAME?user=...}: the store is that PostgreSQL database instead of
 *     the SQLite file (null: SQLite)
 * @param redisUrl {@code redis://HOST:PORT}: the node joins the cluster of every node given the same Redis (null:
 *     alone)
 */
public record ClusterConfig(String postgresUrl, String redisUrl) {

    /** One process on its own, with its SQLite file. */
    public static final ClusterConfig NONE = new ClusterConfig(null, null);

    /** Whether other nodes may be serving the same chat. */
    public boolean clustered() {
        return redisUrl != null;
    }
}
