package io.vigil.app;

import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.EmbeddedKafkaCluster;
import io.vigil.embedded.KraftLayout;
import io.vigil.runtime.ActionableException;

import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code vigil broker}: runs the embedded Kafka broker, or a cluster of several KRaft nodes, in its
 * own process until it is stopped.
 *
 * <p>Why: the distributed shape (several {@code vigil detect} instances, a generator, the
 * subscribers, each in its own process) needs a broker they all reach. This gives one without
 * Docker or a Kafka download, and it is the same broker the embedded default uses in-process.
 * {@code --nodes 3} gives a replicated cluster (internal topics at replication factor 3,
 * {@code min.insync.replicas} 2); with {@code --node-id} the process runs only one node of such a
 * cluster, which is how {@code vigil chaos --brokers 3} gets nodes it can kill one at a time.
 *
 * <p>The shutdown hook is registered before the broker starts and waits for the start to finish,
 * so Ctrl-C during start-up still stops the broker cleanly and deletes its temporary directory.
 */
@Command(name = "broker",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a Kafka broker (KRaft, broker and controller in one) in this process until Ctrl-C or "
                        + "SIGTERM; with --nodes 3, a three-node cluster (static controller quorum, internal "
                        + "topics at replication factor 3 and min.insync.replicas 2) whose nodes listen on "
                        + "PORT, PORT+1 and PORT+2. Prints the bootstrap.servers list when ready.",
                "With --node-id, runs only that node of a --nodes cluster (start the others in other "
                        + "processes with the same --ports, --controller-ports and --cluster-id).",
                "Topics are not created automatically; Vigil commands create the ones they need."
        })
final class BrokerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    /** Long enough for a slow start to finish before the hook closes what it started. */
    private static final long SHUTDOWN_WAIT_FOR_START_MS =
            EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT.toMillis() + 10_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Client port on 127.0.0.1 (of node 1; node i uses PORT+i-1); 0 picks free ports "
                    + "(default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Keep the data in DIR (DIR/node-i per node with --nodes) and reuse it on the next run "
                    + "(default: a temporary directory deleted at exit; required with --node-id).")
    private Path dir;

    @Option(names = "--nodes", defaultValue = "1", paramLabel = "N",
            description = "Nodes in the cluster, each broker and controller: 1, or 3 and more for a replicated "
                    + "cluster (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "Run only node ID (1..N) of the --nodes cluster in this process; needs --ports, "
                    + "--controller-ports, --cluster-id and --dir.")
    private Integer nodeId;

    @Option(names = "--ports", split = ",", paramLabel = "PORT",
            description = "With --node-id: every node's client port, in node id order.")
    private List<Integer> ports;

    @Option(names = "--controller-ports", split = ",", paramLabel = "PORT",
            description = "With --node-id: every node's controller port, in node id order.")
    private List<Integer> controllerPorts;

    @Option(names = "--cluster-id", paramLabel = "ID",
            description = "With --node-id: the KRaft cluster id all nodes are formatted with (any base64 UUID, "
                    + "e.g. from 'kafka-storage.sh random-uuid').")
    private String clusterId;

    @Option(names = "--partitions", defaultValue = "" + EmbeddedKafkaBroker.DEFAULT_PARTITIONS,
            paramLabel = "N",
            description = "Partitions of a topic created without a count (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        AtomicReference<AutoCloseable> running = new AtomicReference<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch startFinished = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            stop(running, startFinished, stopped);
        }, "vigil-broker-shutdown"));
        try {
            running.set(start());
        } catch (RuntimeException | Error e) {
            if (stopping.get()) {
                // Ctrl-C during start-up: Kafka cannot finish starting in a JVM that is shutting
                // down. The user asked for this, and the signal decides the exit status.
                LOG.debug("Start-up interrupted by shutdown", e);
                return 1;
            }
            throw e;
        } finally {
            startFinished.countDown();
        }
        printReady(running.get());
        stopped.await();
        return 0;
    }

    private void validate() {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value '" + port + "' for option '--port': must be 0..65535");
        }
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value '" + partitions + "' for option '--partitions': must be >= 1");
        }
        if (nodes < 1 || nodes == 2 || nodes > 9) {
            // Two nodes cannot lose one: the controller quorum needs a majority, and 1 of 2 is not.
            throw new ParameterException(spec.commandLine(),
                    "Invalid value '" + nodes + "' for option '--nodes': use 1, or 3 to 9");
        }
        if (nodeId == null) {
            if (ports != null || controllerPorts != null || clusterId != null) {
                throw new ParameterException(spec.commandLine(),
                        "--ports, --controller-ports and --cluster-id go with --node-id");
            }
            return;
        }
        if (nodeId < 1 || nodeId > nodes) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value '" + nodeId + "' for option '--node-id': must be 1.." + nodes);
        }
        if (ports == null || controllerPorts == null || ports.size() != nodes || controllerPorts.size() != nodes) {
            throw new ParameterException(spec.commandLine(),
                    "--node-id needs --ports and --controller-ports, " + nodes + " of each (one per node)");
        }
        if (clusterId == null || dir == null) {
            throw new ParameterException(spec.commandLine(), "--node-id needs --cluster-id and --dir");
        }
    }

    private AutoCloseable start() {
        try {
            if (nodeId != null) {
                return EmbeddedKafkaBroker.startNode(new KraftLayout(ports, controllerPorts), nodeId, dir, clusterId,
                        partitions, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
            }
            if (nodes > 1) {
                return EmbeddedKafkaCluster.start(nodes, port, dir, partitions,
                        EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
            }
            return EmbeddedKafkaBroker.start(port, dir, partitions, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            throw new ActionableException(e.getMessage()
                    + "; choose another with --port, or --port 0 for any free port", e);
        } catch (IllegalArgumentException e) {
            throw new ActionableException(e.getMessage(), e);
        }
    }

    /** The first line is what 'vigil chaos' waits for: keep "broker (KRaft) ready" in it. */
    private void printReady(AutoCloseable running) {
        PrintWriter out = spec.commandLine().getOut();
        if (running instanceof EmbeddedKafkaCluster cluster) {
            out.printf(Locale.ROOT, "Kafka %s cluster of %d nodes, broker (KRaft) ready in %.1f s%n",
                    AppInfoParser.getVersion(), cluster.layout().nodes(), cluster.startupTime().toMillis() / 1000.0);
            out.printf(Locale.ROOT, "  bootstrap.servers=%s%n", cluster.bootstrapServers());
            out.printf(Locale.ROOT, "  internal topics: replication factor %d, min.insync.replicas %d "
                            + "(also the default of new topics)%n", cluster.layout().replicationFactor(),
                    cluster.layout().minInsyncReplicas());
            out.printf(Locale.ROOT, "  data: %s%s%n", cluster.dataDir(), dir == null ? " (deleted at exit)" : "");
        } else {
            EmbeddedKafkaBroker broker = (EmbeddedKafkaBroker) running;
            out.printf(Locale.ROOT, "Kafka %s broker (KRaft) ready in %.1f s%s%n", AppInfoParser.getVersion(),
                    broker.startupTime().toMillis() / 1000.0, nodeId == null ? "" : ": node " + nodeId + " of " + nodes);
            out.printf(Locale.ROOT, "  bootstrap.servers=%s%n", nodeId == null ? broker.bootstrapServers()
                    : new KraftLayout(ports, controllerPorts).bootstrapServers());
            out.printf(Locale.ROOT, "  data: %s%s%n", broker.dataDir(), dir == null ? " (deleted at exit)" : "");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** Runs in the shutdown hook: waits for a start in progress, then closes what it started. */
    private static void stop(AtomicReference<AutoCloseable> running,
            CountDownLatch startFinished, CountDownLatch stopped) {
        try {
            if (!startFinished.await(SHUTDOWN_WAIT_FOR_START_MS, TimeUnit.MILLISECONDS)) {
                return;
            }
            AutoCloseable broker = running.get();
            if (broker != null) {
                broker.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Stopping the broker failed: {}", e.getMessage(), e);
        } finally {
            stopped.countDown();
        }
    }
}
