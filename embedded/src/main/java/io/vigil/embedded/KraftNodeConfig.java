package io.vigil.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of one node (broker and controller) of a local KRaft cluster. Values differing
 * from Kafka's defaults say why in a comment.
 *
 * <p>The settings favour a small shared machine (2 cores): few network and I/O threads, a small
 * log-cleaner buffer and modest segments. Internal topics (consumer offsets, transaction state,
 * share-group state) get {@link KraftLayout#replicationFactor()} copies and
 * {@link KraftLayout#minInsyncReplicas()}: one copy on a single node, which is what makes
 * exactly-once work there at all, and three copies with two in sync on three nodes, which is what
 * lets transactions survive the loss of any one node. Automatic topic creation is off, so a
 * misspelt topic fails loudly instead of silently appearing.
 */
final class KraftNodeConfig {

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KraftNodeConfig() {
    }

    static Map<String, String> properties(KraftLayout layout, int nodeId, Path dataDir, int numPartitions) {
        int brokerPort = layout.clientPorts().get(layout.index(nodeId));
        int controllerPort = layout.controllerPorts().get(layout.index(nodeId));
        String host = KraftLayout.HOST;
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", layout.quorumVoters());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        p.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());

        String replicas = Integer.toString(layout.replicationFactor());
        String minIsr = Integer.toString(layout.minInsyncReplicas());
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replicas);
        // For every topic: an acks=all write (every transactional one) is on this many copies.
        p.put("min.insync.replicas", minIsr);
        // 50 partitions each (the default) spread load over many brokers; here they only cost
        // start-up time and open files.
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.num.partitions", "10");

        p.put("num.partitions", Integer.toString(numPartitions));
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
        p.put("num.replica.fetchers", "1");
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
}
