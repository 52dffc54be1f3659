package io.vigil.embedded;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where the nodes of a local KRaft cluster listen: node {@code i} (from 1) takes client port
 * {@code clientPorts[i-1]} and controller port {@code controllerPorts[i-1]}, all on 127.0.0.1.
 *
 * <p>Every node is broker and controller at once, and the controllers form a static quorum
 * ({@code controller.quorum.voters}) of all nodes: a node needs the other nodes' controller ports
 * before it starts, which is why the whole layout is fixed up front, and why a node restarted on
 * its own (the chaos harness's kill -9 and restart) must come back on the same ports.
 *
 * @param clientPorts     the PLAINTEXT listener of each node, in node id order
 * @param controllerPorts the CONTROLLER listener of each node, in node id order
 */
public record KraftLayout(List<Integer> clientPorts, List<Integer> controllerPorts) {

    static final String HOST = "127.0.0.1";

    public KraftLayout {
        clientPorts = List.copyOf(clientPorts);
        controllerPorts = List.copyOf(controllerPorts);
        if (clientPorts.isEmpty() || clientPorts.size() != controllerPorts.size()) {
            throw new IllegalArgumentException("one client and one controller port per node are needed, got "
                    + clientPorts + " and " + controllerPorts);
        }
        for (int port : clientPorts) {
            checkPort(port);
        }
        for (int port : controllerPorts) {
            checkPort(port);
        }
        if (IntStream.concat(clientPorts.stream().mapToInt(Integer::intValue),
                controllerPorts.stream().mapToInt(Integer::intValue)).distinct().count() != 2L * clientPorts.size()) {
            throw new IllegalArgumentException("ports must all differ, got " + clientPorts + " and " + controllerPorts);
        }
    }

    /** A one-node cluster. */
    public static KraftLayout single(int clientPort, int controllerPort) {
        return new KraftLayout(List.of(clientPort), List.of(controllerPort));
    }

    public int nodes() {
        return clientPorts.size();
    }

    /** Node ids are 1..{@link #nodes()}. */
    public List<Integer> nodeIds() {
        return IntStream.rangeClosed(1, nodes()).boxed().toList();
    }

    /** The client address of node {@code nodeId}. */
    public String address(int nodeId) {
        return HOST + ":" + clientPorts.get(index(nodeId));
    }

    /** {@code bootstrap.servers} naming every node, so a client still connects when one is down. */
    public String bootstrapServers() {
        return nodeIds().stream().map(this::address).collect(Collectors.joining(","));
    }

    /** The static quorum: {@code 1@127.0.0.1:C1,2@127.0.0.1:C2,...}. */
    public String quorumVoters() {
        return nodeIds().stream().map(id -> id + "@" + HOST + ":" + controllerPorts.get(index(id)))
                .collect(Collectors.joining(","));
    }

    /**
     * Replication factor of the internal topics (consumer offsets, transaction state) and of topics
     * created without one: three copies once there are three nodes, so one node can be lost.
     */
    public int replicationFactor() {
        return Math.min(3, nodes());
    }

    /**
     * {@code min.insync.replicas}: with three copies an acknowledged write is on at least two, so
     * losing any one node loses no committed data and still lets writes go on; a smaller cluster
     * cannot demand more than one.
     */
    public int minInsyncReplicas() {
        return replicationFactor() >= 3 ? 2 : 1;
    }

    int index(int nodeId) {
        if (nodeId < 1 || nodeId > nodes()) {
            throw new IllegalArgumentException("node id must be 1.." + nodes() + ", was " + nodeId);
        }
        return nodeId - 1;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }
}
