package io.vigil.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM.
 *
 * <p>Why in-process: the embedded default ({@code vigil demo} with no {@code bootstrap.servers})
 * and the integration tests must run against the same broker code as production, with
 * transactions and the KIP-848 consumer group protocol, without asking the user to install or
 * start anything. This class formats a storage directory exactly as {@code kafka-storage.sh
 * format} would and starts {@link KafkaRaftServer}, the class behind {@code kafka-server-start.sh},
 * so clients see a normal broker on a loopback port.
 *
 * <p>The settings favour a small shared machine (2 cores): few network and I/O threads, a small
 * log-cleaner buffer and modest segments. Internal topics (consumer offsets, transaction state,
 * share-group state) are replicated once with a minimum ISR of one, which is what makes
 * exactly-once work on a single node. Automatic topic creation is off, so a misspelt topic fails
 * loudly instead of silently appearing; Vigil creates its topics with {@link TopicBootstrap}.
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
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /**
     * Free ports are found by binding and releasing them, so another process can take one before
     * the broker binds it; a start that loses this race is retried with new ports.
     */
    private static final int MAX_PORT_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String clusterId;
    private final Duration startupTime;
    private final Object closeLock = new Object();
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir,
            boolean deleteDataDirOnClose, String clusterId, Duration startupTime) {
        this.server = server;
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
        if (port != 0 && !isFree(port)) {
            throw new PortInUseException(port);
        }
        boolean temporary = dir == null;
        Path dataDir = temporary ? createTempDir() : createDirs(dir);
        if (!temporary) {
            checkUsable(dataDir);
        }
        boolean started = false;
        try {
            for (int attempt = 1; ; attempt++) {
                int brokerPort = port == 0 ? freePort() : port;
                int controllerPort = freePort();
                try {
                    EmbeddedKafkaBroker broker = launch(brokerPort, controllerPort, dataDir,
                            temporary, numPartitions, readyTimeout, startNanos);
                    started = true;
                    return broker;
                } catch (LostPortRace e) {
                    if (port != 0 && !isFree(port)) {
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
                deleteRecursively(dataDir);
            }
        }
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
                    deleteRecursively(dataDir);
                }
            }
            LOG.debug("Kafka broker {} stopped in {} ms", bootstrapServers,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }

    private static EmbeddedKafkaBroker launch(int brokerPort, int controllerPort, Path dataDir,
            boolean temporary, int numPartitions, Duration readyTimeout, long startNanos) {
        Map<String, String> props = brokerProperties(brokerPort, controllerPort, dataDir, numPartitions);
        KafkaConfig config = new KafkaConfig(props);
        String clusterId = format(dataDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrapServers = HOST + ":" + brokerPort;
        try {
            server.startup();
            awaitReady(bootstrapServers, readyTimeout);
        } catch (RuntimeException | Error e) {
            stopQuietly(server, e);
            if (isBindFailure(e)) {
                throw new LostPortRace(brokerPort + " or " + controllerPort, e);
            }
            throw e;
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.debug("Kafka broker ready at {} in {} ms (data in {})", bootstrapServers,
                startupTime.toMillis(), dataDir);
        return new EmbeddedKafkaBroker(server, bootstrapServers, dataDir, temporary, clusterId,
                startupTime);
    }

    /**
     * The broker configuration. Values differing from Kafka's defaults say why in a comment; see
     * the class Javadoc for the overall intent.
     */
    static Map<String, String> brokerProperties(int brokerPort, int controllerPort, Path dataDir,
            int numPartitions) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());

        // One node: every internal topic has one replica, or transactions and groups never start.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each (the default) spread load over many brokers; here they only cost
        // start-up time and open files.
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.num.partitions", "10");

        p.put("num.partitions", Integer.toString(numPartitions));
        p.put("default.replication.factor", "1");
        p.put("auto.create.topics.enable", "false");
        // Tests and the demo start their groups immediately; waiting 3 s for more members would
        // only delay the first assignment. The second is the same delay for Kafka Streams groups
        // on the KIP-1071 "streams" rebalance protocol.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.streams.initial.rebalance.delay.ms", "0");

        // Sized for a 2-core machine shared with the stream instances and the load generator.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        // The cleaner allocates this buffer up front (128 MiB by default); 32 MiB still
        // deduplicates about a million keys per pass.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        // Index files are memory-mapped at their maximum size for every active segment; 1 MiB
        // indexes a 64 MiB segment many times over.
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        p.put("metadata.log.segment.bytes", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    /**
     * Formats the storage as {@code kafka-storage.sh format} does, with every production feature
     * at the latest production level (transaction.version 2, group.version 1: exactly-once v2 and
     * the KIP-848 consumer group protocol). An already formatted directory is left as it is so
     * {@code --dir} can be reused across runs.
     *
     * @return the cluster id the storage was formatted with, or the existing one
     */
    private static String format(Path dataDir) {
        String clusterId = existingClusterId(dataDir);
        if (clusterId != null) {
            return clusterId;
        }
        clusterId = Uuid.randomUuid().toString();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false,
                        StandardCharsets.UTF_8))
                .setClusterId(clusterId)
                .setNodeId(NODE_ID)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(dataDir.toString())
                .addDirectory(dataDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + dataDir + ": "
                    + e.getMessage(), e);
        }
        return clusterId;
    }

    /**
     * Refuses a directory that holds other files but no Kafka storage: formatting it would
     * scatter Kafka's files among the user's (think {@code --dir .}).
     */
    private static void checkUsable(Path dataDir) {
        if (Files.isRegularFile(dataDir.resolve("meta.properties"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("Directory " + dataDir + " is not empty and holds"
                        + " no Kafka storage (no meta.properties); use a new or empty directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Kafka data directory " + dataDir, e);
        }
    }

    private static String existingClusterId(Path dataDir) {
        Path metaProperties = dataDir.resolve("meta.properties");
        if (!Files.isRegularFile(metaProperties)) {
            return null;
        }
        Properties meta = new Properties();
        try (var reader = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
            meta.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + metaProperties, e);
        }
        String clusterId = meta.getProperty("cluster.id");
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalStateException(metaProperties + " has no cluster.id; delete "
                    + dataDir + " or choose another directory");
        }
        return clusterId;
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

    /** Binds like Kafka's socket server does (SO_REUSEADDR), so TIME_WAIT does not count as taken. */
    private static boolean isFree(int port) {
        try {
            bind(port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port), 1);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("vigil-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for Kafka", e);
        }
    }

    private static Path createDirs(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + dir, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", dir, e.getMessage());
        }
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
            super("Port " + port + " on " + HOST + " is already in use");
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
