package io.vigil.lab.chaos;

import io.vigil.embedded.KraftLayout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One Kafka node as a {@code vigil broker} child process with fixed ports and data directory, so it can be
 * killed with SIGKILL and started again on the same log, the way a broker machine loses power and comes back.
 * Either the single broker of a one-node run, or node N of a {@code --nodes 3} cluster
 * ({@code vigil broker --node-id N}).
 */
final class BrokerProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final VigilLauncher launcher;
    private final int nodeId;
    private final List<String> args;
    private final String address;
    private final Path logFile;
    private ChildProcess process;

    private BrokerProcess(VigilLauncher launcher, int nodeId, List<String> args, String address, Path logFile) {
        this.launcher = launcher;
        this.nodeId = nodeId;
        this.args = List.copyOf(args);
        this.address = address;
        this.logFile = logFile;
    }

    /** The only broker of a one-node run, on {@code port}. */
    static BrokerProcess single(VigilLauncher launcher, int port, Path dataDir, Path logFile, int partitions) {
        return new BrokerProcess(launcher, 1, List.of("broker", "--port", Integer.toString(port), "--dir",
                dataDir.toString(), "--partitions", Integer.toString(partitions)), "127.0.0.1:" + port, logFile);
    }

    /** Node {@code nodeId} of the cluster {@code layout}, formatted with {@code clusterId}. */
    static BrokerProcess node(VigilLauncher launcher, KraftLayout layout, int nodeId, String clusterId, Path dataDir,
                              Path logFile, int partitions) {
        return new BrokerProcess(launcher, nodeId, List.of("broker",
                "--nodes", Integer.toString(layout.nodes()),
                "--node-id", Integer.toString(nodeId),
                "--ports", join(layout.clientPorts()),
                "--controller-ports", join(layout.controllerPorts()),
                "--cluster-id", clusterId,
                "--dir", dataDir.toString(),
                "--partitions", Integer.toString(partitions)), layout.address(nodeId), logFile);
    }

    int nodeId() {
        return nodeId;
    }

    /** This node's own client address. */
    String address() {
        return address;
    }

    /** Starts the process without waiting; {@link #awaitReady()} waits. */
    void launch() {
        process = launcher.start("broker-" + nodeId, args, Map.of(), logFile, line -> { });
    }

    /**
     * Waits until the node says it is ready. A node of a cluster gets there only once a majority of the
     * controllers is up, which is why a cluster launches all its nodes before waiting for any.
     */
    void awaitReady() throws InterruptedException {
        if (!process.awaitLine(0, line -> line.contains("broker (KRaft) ready"), READY_TIMEOUT)) {
            List<String> tail = process.tail(20);
            process.kill();
            throw new IllegalStateException("Kafka node " + nodeId + " did not become ready within " + READY_TIMEOUT
                    + " (log " + logFile + "); last output: " + String.join(" | ", tail));
        }
    }

    /** Whether the node has said it is ready, without waiting; throws if it exited first. */
    boolean ready() throws InterruptedException {
        if (process.awaitLine(0, line -> line.contains("broker (KRaft) ready"), Duration.ZERO)) {
            return true;
        }
        if (!process.alive()) {
            throw new IllegalStateException("Kafka node " + nodeId + " exited while starting (log " + logFile
                    + "); last output: " + String.join(" | ", process.tail(20)));
        }
        return false;
    }

    /** Starts the broker and waits until it accepts clients. */
    void start() throws InterruptedException {
        launch();
        awaitReady();
    }

    void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    /**
     * SIGTERM, waiting for a clean (controlled) shutdown, which hands this node's leaderships to the others;
     * SIGKILL if it takes longer than {@code grace}. Returns whether it exited by itself.
     */
    boolean stop(Duration grace) throws InterruptedException {
        return process == null || process.terminate(grace);
    }

    boolean alive() {
        return process != null && process.alive();
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
