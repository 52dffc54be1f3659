package io.vigil.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Apache Kafka node (KRaft, combined broker and controller) running inside this JVM: a
 * single-node broker ({@link #start}), or one node of a multi-node cluster ({@link #startNode},
 * used by {@link EmbeddedKafkaCluster} and by {@code vigil broker --nodes 3 --node-id N}, which
 * runs one node per process so a chaos run can kill it).
 *
 * <p>Why in-process: the embedded default ({@code vigil demo} with no {@code bootstrap.servers})
 * and the integration tests must run against the same broker code as production, with
 * transactions and the KIP-848 consumer group protocol, without asking the user to install or
 * start anything. This class formats a storage directory exactly as {@code kafka-storage.sh
 * format} would ({@link KraftStorage}) and starts {@link KafkaRaftServer}, the class behind
 * {@code kafka-server-start.sh}, so clients see a normal broker on a loopback port. The node's
 * settings, and why they differ from Kafka's defaults, are in {@link KraftNodeConfig}.
 *
 * <p>Thread safety: {@link #close()} may be called from any thread, including a shutdown hook,
 * and more than once.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Partitions of a topic created without an explicit count; matches Vigil's topic default. */
    public static final int DEFAULT_PARTITIONS = 6;

    /** How long {@link #start} waits for the broker to answer an Admin request. */
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    /**
     * Free ports are found by binding and releasing them, so another process can take one before
     * the broker binds it; a start that loses this race is retried with new ports.
     */
    private static final int MAX_PORT_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int nodeId;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String clusterId;
    private final Duration startupTime;
    private final Object closeLock = new Object();
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int nodeId, String bootstrapServers, Path dataDir,
            boolean deleteDataDirOnClose, String clusterId, Duration startupTime) {
        this.server = server;
        this.nodeId = nodeId;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.clusterId = clusterId;
        this.startupTime = startupTime;
    }

    /**
     * Starts a broker with {@value #DEFAULT_PARTITIONS} default partitions and waits until it is
     * ready.
     *
     * @param port the client port on 127.0.0.1, or 0 for a free one
     * @param dir  where to keep the data (kept at close, reused if already formatted), or
     *             {@code null} for a temporary directory that {@link #close()} deletes
     */
    public static EmbeddedKafkaBroker start(int port, Path dir) {
        return start(port, dir, DEFAULT_PARTITIONS, DEFAULT_READY_TIMEOUT);
    }

    /**
     * Starts a broker and waits until an Admin client can describe the cluster.
     *
     * @param port          the client port on 127.0.0.1, or 0 for a free one
     * @param dir           where to keep the data (kept at close, reused if already formatted),
     *                      or {@code null} for a temporary directory that {@link #close()} deletes
     * @param numPartitions {@code num.partitions}: partitions of topics created without a count
     * @param readyTimeout  how long to wait for the broker to become ready
     * @throws IllegalArgumentException if an argument is out of range, or {@code dir} holds
     *                                  other files but no Kafka storage
     * @throws PortInUseException       if {@code port} is not 0 and another process holds it
     * @throws IllegalStateException    if the broker does not start or is not ready in time
     */
    public static EmbeddedKafkaBroker start(int port, Path dir, int numPartitions,
            Duration readyTimeout) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be >= 1, was " + numPartitions);
        }
        Objects.requireNonNull(readyTimeout, "readyTimeout");

        long startNanos = System.nanoTime();
        if (port != 0 && !LoopbackPorts.isFree(port)) {
            throw new PortInUseException(port);
        }
        boolean temporary = dir == null;
        Path dataDir = temporary ? KraftStorage.createTempDir("vigil-kafka-") : KraftStorage.createDirs(dir);
        if (!temporary) {
            KraftStorage.checkUsable(dataDir);
        }
        boolean started = false;
        try {
            for (int attempt = 1; ; attempt++) {
                int brokerPort = port == 0 ? LoopbackPorts.freePort() : port;
                int controllerPort = LoopbackPorts.freePort();
                try {
                    EmbeddedKafkaBroker broker = launch(KraftLayout.single(brokerPort, controllerPort),
                            NODE_ID, dataDir, temporary, null, numPartitions, readyTimeout, startNanos);
                    started = true;
                    return broker;
                } catch (LostPortRace e) {
                    if (port != 0 && !LoopbackPorts.isFree(port)) {
                        throw new PortInUseException(port);
                    }
                    if (attempt >= MAX_PORT_ATTEMPTS) {
                        throw new IllegalStateException("Cannot start the Kafka broker: ports "
                                + e.getMessage() + " were taken by another process while it"
                                + " started, " + attempt + " times", e.getCause());
                    }
                    LOG.info("Port {} was taken before the broker could bind it; retrying",
                            e.getMessage());
                }
            }
        } finally {
            // Also on errors: a JVM shutting down mid-start fails Kafka's class initialisation.
            if (!started && temporary) {
                KraftStorage.deleteRecursively(dataDir);
            }
        }
    }

    /** The KRaft node id: 1 for a single broker, 1..N in a cluster. */
    public int nodeId() {
        return nodeId;
    }

    /** The {@code bootstrap.servers} value clients use, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** The KRaft cluster id the storage was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /** Wall-clock time from {@link #start} being called until the broker answered an Admin request. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Shuts the broker down, waits for it to stop and deletes its data directory if it was a
     * temporary one. Safe to call more than once.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
            long startNanos = System.nanoTime();
            try {
                server.shutdown();
                server.awaitShutdown();
            } finally {
                if (deleteDataDirOnClose) {
                    KraftStorage.deleteRecursively(dataDir);
                }
            }
            LOG.debug("Kafka broker {} stopped in {} ms", bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    /**
     * Starts node {@code nodeId} of the multi-node cluster {@code layout} and waits until it
     * answers an Admin request. The other nodes may start before or after it, in this process or
     * others: the node's start-up waits for a controller quorum (a majority of the nodes).
     *
     * @param dir       where to keep the node's data (kept at close, reused if already formatted)
     * @param clusterId the id every node of the cluster is formatted with
     * @throws IllegalArgumentException if {@code dir} holds other files, or another cluster's
     * @throws IllegalStateException    if the node does not start or is not ready in time
     */
    public static EmbeddedKafkaBroker startNode(KraftLayout layout, int nodeId, Path dir, String clusterId,
            int numPartitions, Duration readyTimeout) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clusterId, "clusterId");
        if (numPartitions < 1) {
            throw new IllegalArgumentException("numPartitions must be >= 1, was " + numPartitions);
        }
        long startNanos = System.nanoTime();
        Path dataDir = KraftStorage.createDirs(dir);
        KraftStorage.checkUsable(dataDir);
        try {
            return launch(layout, nodeId, dataDir, false, clusterId, numPartitions, readyTimeout, startNanos);
        } catch (LostPortRace e) {
            throw new IllegalStateException("Cannot start Kafka node " + nodeId + ": port " + e.getMessage()
                    + " is taken by another process", e.getCause());
        }
    }

    private static EmbeddedKafkaBroker launch(KraftLayout layout, int nodeId, Path dataDir, boolean temporary,
            String wantedClusterId, int numPartitions, Duration readyTimeout, long startNanos) {
        KafkaConfig config = new KafkaConfig(KraftNodeConfig.properties(layout, nodeId, dataDir, numPartitions));
        String clusterId = KraftStorage.format(dataDir, nodeId, wantedClusterId);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrapServers = layout.address(nodeId);
        try {
            server.startup();
            awaitReady(bootstrapServers, readyTimeout);
        } catch (RuntimeException | Error e) {
            stopQuietly(server, e);
            if (isBindFailure(e)) {
                throw new LostPortRace(layout.clientPorts().get(nodeId - 1) + " or "
                        + layout.controllerPorts().get(nodeId - 1), e);
            }
            throw e;
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.debug("Kafka node {} ready at {} in {} ms (data in {})", nodeId, bootstrapServers,
                startupTime.toMillis(), dataDir);
        return new EmbeddedKafkaBroker(server, nodeId, bootstrapServers, dataDir, temporary, clusterId,
                startupTime);
    }

    private static void awaitReady(String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "vigil-embedded-broker-readiness");
        try (Admin admin = Admin.create(adminConfig)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    if (!admin.describeCluster().nodes().get(remainingMs, TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
                }
                sleep(Duration.ofMillis(100));
            }
            throw new IllegalStateException("Kafka broker at " + bootstrapServers
                    + " was not ready within " + timeout.toMillis() + " ms", last);
        }
    }

    private static void stopQuietly(KafkaRaftServer server, Throwable cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    /**
     * The requested client port is taken. A separate type so a command line can tell the user
     * to pick another port instead of showing a stack trace.
     */
    public static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int port;

        PortInUseException(int port) {
            super("Port " + port + " on " + KraftLayout.HOST + " is already in use");
            this.port = port;
        }

        /** The port that was asked for. */
        public int port() {
            return port;
        }
    }

    /** A start attempt lost the race for a port; the message names the ports tried. */
    private static final class LostPortRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostPortRace(String ports, Throwable cause) {
            super(ports, cause);
        }
    }
}
