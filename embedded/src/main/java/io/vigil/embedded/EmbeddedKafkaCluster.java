package io.vigil.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kafka cluster of several KRaft nodes (each broker and controller, a static quorum of all of
 * them) running inside this JVM, for {@code vigil broker --nodes 3} and {@code vigil demo --brokers
 * 3}: internal topics get three replicas with two in sync, so the cluster behaves as a production
 * one does when a node goes away.
 *
 * <p>The nodes start in parallel because each one's start-up waits for a controller quorum, a
 * majority of the nodes; they are closed in parallel for the same reason, so that every broker's
 * controlled shutdown still finds a quorum to hand its leaderships to.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final List<EmbeddedKafkaBroker> nodes;
    private final KraftLayout layout;
    private final Path root;
    private final boolean temporary;
    private final Duration startupTime;

    private EmbeddedKafkaCluster(List<EmbeddedKafkaBroker> nodes, KraftLayout layout, Path root, boolean temporary,
            Duration startupTime) {
        this.nodes = List.copyOf(nodes);
        this.layout = layout;
        this.root = root;
        this.temporary = temporary;
        this.startupTime = startupTime;
    }

    /**
     * Starts {@code nodeCount} nodes and waits until every one is a live broker of the cluster.
     *
     * @param firstPort client port of node 1, node i takes {@code firstPort + i - 1}; 0 for free
     *                  ports
     * @param dir       where the nodes keep their data ({@code dir/node-1}...), kept at close and
     *                  reused; null for a temporary directory that {@link #close()} deletes
     * @throws EmbeddedKafkaBroker.PortInUseException if a requested client port is taken
     */
    public static EmbeddedKafkaCluster start(int nodeCount, int firstPort, Path dir, int numPartitions,
            Duration readyTimeout) {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("nodeCount must be >= 1, was " + nodeCount);
        }
        if (firstPort < 0 || firstPort + nodeCount - 1 > 65_535) {
            throw new IllegalArgumentException("ports " + firstPort + ".." + (firstPort + nodeCount - 1)
                    + " are out of range");
        }
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        long startNanos = System.nanoTime();
        KraftLayout layout = layout(nodeCount, firstPort);
        boolean temporary = dir == null;
        Path root = temporary ? KraftStorage.createTempDir("vigil-kafka-cluster-") : KraftStorage.createDirs(dir);
        String clusterId = KraftStorage.newClusterId();
        List<EmbeddedKafkaBroker> started = new ArrayList<>();
        boolean done = false;
        ExecutorService starters = Executors.newFixedThreadPool(nodeCount, r -> {
            Thread t = new Thread(r, "vigil-kafka-node-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<EmbeddedKafkaBroker>> futures = new ArrayList<>();
            for (int id : layout.nodeIds()) {
                futures.add(starters.submit(() -> EmbeddedKafkaBroker.startNode(layout, id,
                        nodeDir(root, id), clusterId, numPartitions, readyTimeout)));
            }
            RuntimeException failure = null;
            for (Future<EmbeddedKafkaBroker> future : futures) {
                try {
                    started.add(future.get(readyTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    failure = chain(failure, e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("Kafka node failed to start", e.getCause()));
                } catch (TimeoutException e) {
                    failure = chain(failure, new IllegalStateException("Kafka node not ready within "
                            + readyTimeout, e));
                }
            }
            if (failure != null) {
                throw failure;
            }
            awaitBrokers(layout, readyTimeout);
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(started, layout, root, temporary,
                    Duration.ofNanos(System.nanoTime() - startNanos));
            done = true;
            return cluster;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the Kafka cluster", e);
        } finally {
            starters.shutdownNow();
            if (!done) {
                closeAll(started);
                if (temporary) {
                    KraftStorage.deleteRecursively(root);
                }
            }
        }
    }

    /** Where node {@code nodeId} of a cluster rooted at {@code root} keeps its data. */
    public static Path nodeDir(Path root, int nodeId) {
        return root.resolve("node-" + nodeId);
    }

    /** Every node's client address, comma-separated. */
    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    public KraftLayout layout() {
        return layout;
    }

    public List<EmbeddedKafkaBroker> nodes() {
        return nodes;
    }

    /** The directory holding every node's data. */
    public Path dataDir() {
        return root;
    }

    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        closeAll(nodes);
        if (temporary) {
            KraftStorage.deleteRecursively(root);
        }
    }

    private static KraftLayout layout(int nodeCount, int firstPort) {
        List<Integer> client = new ArrayList<>();
        List<Integer> controller = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            int port = firstPort == 0 ? LoopbackPorts.freePort() : firstPort + i;
            if (firstPort != 0 && !LoopbackPorts.isFree(port)) {
                throw new EmbeddedKafkaBroker.PortInUseException(port);
            }
            client.add(port);
        }
        while (controller.size() < nodeCount) {
            int port = LoopbackPorts.freePort();
            if (!client.contains(port) && !controller.contains(port)) {
                controller.add(port);
            }
        }
        if (client.stream().distinct().count() < nodeCount) {
            // Two probes returned the same free port: rare, and a retry is simplest.
            return layout(nodeCount, firstPort);
        }
        return new KraftLayout(client, controller);
    }

    /** Every node's own readiness says nothing of the others: wait until all are registered brokers. */
    private static void awaitBrokers(KraftLayout layout, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "vigil-embedded-cluster-readiness"))) {
            int seen = 0;
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen >= layout.nodes()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Not all there yet; ask again.
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Only " + seen + " of " + layout.nodes()
                    + " Kafka nodes joined the cluster within " + timeout);
        }
    }

    /** One thread per node: a parallel stream would close only as many at once as there are cores. */
    private static void closeAll(List<EmbeddedKafkaBroker> nodes) {
        List<Thread> closers = nodes.stream()
                .map(node -> new Thread(node::close, "vigil-kafka-node-" + node.nodeId() + "-close"))
                .toList();
        closers.forEach(Thread::start);
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
