package io.vigil.app;

import io.vigil.config.ConfigException;
import io.vigil.config.KafkaSettings;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;
import io.vigil.runtime.ActionableException;
import io.vigil.runtime.InstanceHealth;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.runtime.ops.OpsServer;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.VigilTopology;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * {@code vigil detect}: one Vigil stream instance as its own process, running the whole detection topology
 * against a Kafka cluster until it is stopped.
 *
 * <p>Why a process per instance: that is how Vigil is deployed (several identical instances sharing one
 * {@code application.id} split the partitions between them), and only separate processes can be killed,
 * paused and restarted one at a time, which is what {@code vigil chaos} does to prove exactly-once.
 *
 * <p>Output is one line per state change, prefixed with the instance id, plus one line per store partition
 * restored from its changelog, so a supervisor (or a person) can see when the instance is RUNNING and how much
 * state it had to rebuild. On SIGTERM or Ctrl-C the shutdown hook closes Kafka Streams (committing what it
 * processed) and leaves the consumer group, so the other instances take its partitions over at once instead of
 * after the session timeout; the price is one extra rebalance when the same instance comes back. If the
 * instance dies (an error escaped the exception handlers), the process exits 1.
 */
@Command(name = "detect",
        mixinStandardHelpOptions = true,
        description = {
                "Runs one stream instance of Vigil's detection topology against a Kafka cluster until Ctrl-C or "
                        + "SIGTERM. Start several, each with its own --instance-id, to share the work.",
                "Creates Vigil's topics if they are missing. Prints a line at every state change "
                        + "(e.g. '[instance-1] REBALANCING -> RUNNING') and for every store restored from its "
                        + "changelog. Exits 1 with the cause if the instance fails (reaches ERROR); /health and "
                        + "/ready then answer 503 with it."
        })
final class DetectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectCommand.class);
    private static final String STATE_DIR_KEY = "vigil.state.dir";
    private static final String GUARANTEE_KEY = "vigil.processing.guarantee";
    private static final String COMMIT_INTERVAL_KEY = "vigil.commit.interval";
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** Long enough for a commit and the group leave; a close that takes longer is reported, not waited on. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file: vigil.* settings and any Kafka client or Streams property. "
                    + "Environment variables VIGIL_* and KAFKA_* override it; the options below override both.")
    private Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka cluster (required here, or as KAFKA_BOOTSTRAP_SERVERS or in the config file).")
    private String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema Registry, Confluent REST API (required here, or as KAFKA_SCHEMA_REGISTRY_URL "
                    + "or in the config file).")
    private String schemaRegistryUrl;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Root of the local state stores; this instance uses DIR/INSTANCE_ID "
                    + "(default: vigil.state.dir).")
    private Path stateDir;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the live console at / (open it in a browser), /metrics (Prometheus), /health, /ready "
                    + "and the interactive queries /cards/ID and /devices/ID on this port (default: no HTTP server).")
    private Integer httpPort;

    @Option(names = "--http-host", defaultValue = "0.0.0.0", paramLabel = "HOST",
            description = "Address the HTTP server binds to (default: ${DEFAULT-VALUE}).")
    private String httpHost;

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "Name of this instance: its Kafka client id and its state directory. Keep it stable "
                    + "across restarts so the instance finds its state again (default: the host name).")
    private String instanceId;

    @Option(names = "--processing-guarantee", paramLabel = "GUARANTEE",
            description = "exactly_once_v2 or at_least_once (default: vigil.processing.guarantee, "
                    + "exactly_once_v2).")
    private ProcessingGuarantee processingGuarantee;

    @Option(names = "--commit-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often state and offsets are committed, e.g. 100ms, 3s "
                    + "(default: vigil.commit.interval).")
    private Duration commitInterval;

    @Override
    public Integer call() throws InterruptedException {
        String id = instanceId();
        VigilConfig config = loadConfig();
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> clientProperties = new HashMap<>(config.kafka().properties());
        ensureTopics(config, clientProperties);

        // With --http-port the server binds first: Kafka Streams needs its address (application.server) at start.
        PrometheusMeterRegistry meters = OpsServer.newRegistry();
        OpsServer ops = httpPort == null ? null : OpsServer.start(httpHost, httpPort, meters);
        Topology topology = VigilTopology.build(config, clientProperties, meters);
        StreamInstance instance = new StreamInstance(id, topology, ops == null
                ? StreamsProperties.forInstance(config, id)
                : StreamsProperties.forInstance(config, id, meters, Optional.of(ops.applicationServer())));
        if (ops != null) {
            ops.attach(instance, config);
            print(out, "[%s] console on %s; metrics, health and queries on %s (application.server %s)", id,
                    ops.consoleUrl(), ops.url(), ops.applicationServer());
        }
        CountDownLatch ended = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<InstanceHealth> ending = new AtomicReference<>();
        instance.addStateListener((newState, oldState) -> {
            print(out, "[%s] %s -> %s%s", id, oldState, newState,
                    newState == KafkaStreams.State.RUNNING ? " " + tasks(instance) : "");
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                // Taken here, before the close below moves the state on from ERROR.
                ending.compareAndSet(null, InstanceHealth.of(instance));
                ended.countDown();
            }
        });
        instance.streams().setGlobalStateRestoreListener(new RestoreReporter(out, id));
        Thread hook = new Thread(() -> {
            stopping.set(true);
            ended.countDown();
            close(instance, id);
            closed.countDown();
        }, "vigil-detect-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        print(out, "[%s] starting: application.id %s, %s, commit interval %d ms, state %s, Kafka %s", id,
                config.streams().applicationId(), config.streams().processingGuarantee().kafkaValue(),
                config.streams().commitInterval().toMillis(), StreamsProperties.stateDir(config, id),
                config.kafka().bootstrapServers().orElseThrow());
        instance.start();
        try {
            ended.await();
            if (stopping.get()) {
                // The hook closes the instance; returning lets the JVM finish its shutdown.
                closed.await(CLOSE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                return 0;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            close(instance, id);
        } finally {
            if (ops != null) {
                ops.close();
            }
        }
        InstanceHealth end = ending.get();
        throw new ActionableException(failureMessage(end != null ? end : InstanceHealth.of(instance)));
    }

    /**
     * What {@code vigil detect} says (on stderr, exiting 1) when its instance ended by itself: the instance, the
     * state it reached and the exception chain that stopped it, e.g. {@code stream instance instance-1 failed (state
     * ERROR): StreamsException: ...; caused by IllegalStateException: ...}. An instance that stopped without an
     * error (NOT_RUNNING, which only a close causes) is reported as having stopped unexpectedly.
     */
    static String failureMessage(InstanceHealth health) {
        return health.failed() ? health.describe()
                : "stream instance " + health.instanceId() + " stopped unexpectedly (state " + health.state() + ")";
    }

    private String instanceId() {
        String id = instanceId != null ? instanceId : hostName();
        if (!INSTANCE_ID.matcher(id).matches()) {
            throw new ParameterException(spec.commandLine(), "Invalid value '" + id + "' for option '--instance-id': "
                    + "use 1 to 100 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private VigilConfig loadConfig() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (stateDir != null) {
            overrides.put(STATE_DIR_KEY, stateDir.toAbsolutePath().toString());
        }
        if (processingGuarantee != null) {
            overrides.put(GUARANTEE_KEY, processingGuarantee.kafkaValue());
        }
        if (commitInterval != null) {
            overrides.put(COMMIT_INTERVAL_KEY, commitInterval.toMillis() + "ms");
        }
        VigilConfig config = ConfigOptions.load(configFile, bootstrapServers, schemaRegistryUrl, overrides);
        if (config.kafka().bootstrapServers().isEmpty()) {
            throw new ConfigException(KafkaSettings.BOOTSTRAP_SERVERS, "",
                    "a Kafka cluster: --bootstrap-servers, KAFKA_BOOTSTRAP_SERVERS or the config file "
                            + "(vigil detect starts no embedded broker; 'vigil broker' runs one)");
        }
        if (config.kafka().schemaRegistryUrl().isEmpty()) {
            throw new ConfigException(KafkaSettings.SCHEMA_REGISTRY_URL, "",
                    "a Schema Registry URL: --schema-registry-url, KAFKA_SCHEMA_REGISTRY_URL or the config file");
        }
        return config;
    }

    private static void ensureTopics(VigilConfig config, Map<String, Object> clientProperties) {
        try (Admin admin = Admin.create(clientProperties)) {
            TopicBootstrap.ensure(admin, config.topics());
        } catch (IllegalStateException e) {
            throw new ActionableException("Cannot prepare Vigil's topics on "
                    + config.kafka().bootstrapServers().orElseThrow() + ": " + e.getMessage(), e);
        }
    }

    private static void close(StreamInstance instance, String id) {
        boolean closed = instance.streams().close(CloseOptions
                .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        if (!closed) {
            LOG.warn("Stream instance {} did not close within {}", id, CLOSE_TIMEOUT);
        }
    }

    private static String tasks(StreamInstance instance) {
        TreeSet<String> active = new TreeSet<>();
        try {
            instance.streams().metadataForLocalThreads().forEach(thread ->
                    thread.activeTasks().forEach(task -> active.add(task.taskId().toString())));
        } catch (RuntimeException e) {
            LOG.debug("Could not list tasks", e);
        }
        return "(active tasks " + String.join(",", active) + ")";
    }

    private static void print(PrintWriter out, String format, Object... args) {
        synchronized (out) {
            out.printf(Locale.ROOT, format + "%n", args);
            out.flush();
        }
    }

    /** Prints one line per store partition that had something to restore, when its restoration ends. */
    private static final class RestoreReporter implements StateRestoreListener {
        private final PrintWriter out;
        private final String id;
        private final Map<TopicPartition, Long> startNanos = new ConcurrentHashMap<>();

        RestoreReporter(PrintWriter out, String id) {
            this.out = out;
            this.id = id;
        }

        @Override
        public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
            startNanos.put(partition, System.nanoTime());
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
            // Only the total is reported.
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
            Long start = startNanos.remove(partition);
            if (totalRestored > 0) {
                double seconds = start == null ? 0 : (System.nanoTime() - start) / 1e9;
                print(out, "[%s] restored %d records of store %s partition %d in %.1f s", id, totalRestored,
                        storeName, partition.partition(), seconds);
            }
        }

        @Override
        public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
            startNanos.remove(partition);
        }
    }
}
