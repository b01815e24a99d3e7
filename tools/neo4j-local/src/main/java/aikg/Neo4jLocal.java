package aikg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * A real Neo4j 5.26 DBMS (community kernel, Cypher runtime and Bolt server) without Docker.
 *
 * Usage: java -Xmx1g -jar neo4j-local.jar PORT DATA_DIR, with NEO4J_PASSWORD in the environment.
 * Bolt listens on 127.0.0.1:PORT only, authentication is on (user neo4j), the store lives in
 * DATA_DIR. SIGTERM (or Ctrl-C) shuts the DBMS down cleanly through a shutdown hook.
 */
public final class Neo4jLocal {
    private Neo4jLocal() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: java -jar neo4j-local.jar PORT DATA_DIR  (password in NEO4J_PASSWORD)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("neo4j-local: set NEO4J_PASSWORD (at least 8 characters, Neo4j's minimum)");
            System.exit(2);
        }
        String pagecache = System.getenv().getOrDefault("NEO4J_PAGECACHE_MB", "256");

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(Long.parseLong(pagecache)))
                // Timeouts are enforced by a monitor thread, every 2 s by default: check often enough
                // that a saved query's timeout (AIKG_QUERY_TIMEOUT_MS) ends it close to its limit.
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        // The default user starts with password "neo4j" and must change it; the embedded API runs
        // administration commands with full rights, so set the chosen password here.
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException e) {
            // A restart on the same folder: the password is already this one, which Neo4j refuses to "change".
            if (!e.getMessage().contains("Old password and new password cannot be the same")) {
                System.err.println("neo4j-local: cannot set the password of user neo4j: " + e.getMessage());
                System.exit(1);  // the shutdown hook closes the store
            }
        }

        System.out.println("neo4j-local: Neo4j ready on bolt://127.0.0.1:" + port + " (data in " + home + ")");
        stopped.await();
    }
}
