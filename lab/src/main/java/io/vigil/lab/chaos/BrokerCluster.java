package io.vigil.lab.chaos;

import io.vigil.embedded.KraftLayout;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Kafka nodes of a chaos run, each a {@link BrokerProcess}: one broker, or a three-node KRaft cluster whose
 * nodes can be killed, stopped and restarted one at a time on their own ports and logs.
 */
final class BrokerCluster {

    /** A stopped node gets this long for its controlled shutdown before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final List<BrokerProcess> nodes;
    private final String bootstrapServers;

    private BrokerCluster(List<BrokerProcess> nodes, String bootstrapServers) {
        this.nodes = List.copyOf(nodes);
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Plans {@code count} nodes on free ports, with data under {@code dataRoot} ({@code node-i} each) and logs
     * {@code broker-i}; nothing starts before {@link #start()}.
     */
    static BrokerCluster plan(VigilLauncher launcher, int count, Path dataRoot, WorkDir work, int partitions) {
        List<Integer> ports = freePorts(2 * count);
        if (count == 1) {
            BrokerProcess broker = BrokerProcess.single(launcher, ports.get(0), dataRoot, work.log("broker"),
                    partitions);
            return new BrokerCluster(List.of(broker), broker.address());
        }
        KraftLayout layout = new KraftLayout(ports.subList(0, count), ports.subList(count, 2 * count));
        String clusterId = Uuid.randomUuid().toString();
        List<BrokerProcess> nodes = new ArrayList<>();
        for (int id : layout.nodeIds()) {
            nodes.add(BrokerProcess.node(launcher, layout, id, clusterId, dataRoot.resolve("node-" + id),
                    work.log("broker-" + id), partitions));
        }
        return new BrokerCluster(nodes, layout.bootstrapServers());
    }

    /** Launches every node, then waits for each: a cluster node is ready only once a quorum of them runs. */
    void start() throws InterruptedException {
        nodes.forEach(BrokerProcess::launch);
        for (BrokerProcess node : nodes) {
            node.awaitReady();
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    int size() {
        return nodes.size();
    }

    List<BrokerProcess> nodes() {
        return nodes;
    }

    BrokerProcess node(int nodeId) {
        return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Kafka node " + nodeId));
    }

    /** SIGKILL every node at once: a power cut of the whole cluster. */
    void killAll() throws InterruptedException {
        for (BrokerProcess node : nodes) {
            node.kill();
        }
    }

    /** Restarts every node at once (after {@link #killAll()}) and waits until all are ready. */
    void restartAll() throws InterruptedException {
        start();
    }

    /**
     * SIGTERM every node at once and waits: together, so that each one's controlled shutdown still finds a
     * controller quorum. Returns the nodes that had to be killed.
     */
    List<Integer> stopAll() throws InterruptedException {
        Set<Integer> killed = java.util.Collections.synchronizedSet(new HashSet<>());
        List<Thread> stoppers = new ArrayList<>();
        for (BrokerProcess node : nodes) {
            Thread t = new Thread(() -> {
                try {
                    if (!node.stop(STOP_GRACE)) {
                        killed.add(node.nodeId());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "chaos-stop-broker-" + node.nodeId());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            t.join();
        }
        return killed.stream().sorted().collect(Collectors.toList());
    }

    private static List<Integer> freePorts(int count) {
        // Held open together, so that no two come out the same.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("No free ports for the brokers", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a listening socket that was never used: nothing to do.
                }
            }
        }
    }
}
