package io.vigil.runtime;

import io.vigil.config.TopicNames;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Vigil's topic configuration asks of a cluster that the cluster cannot give, in words that say what to
 * change: a replication factor above the broker count, a replication factor below {@code min.insync.replicas},
 * topics this client may not create, and access it lacks on existing topics. Pure functions of what the
 * cluster reported, so each message can be tested without a cluster that misbehaves that way.
 */
public final class ClusterFit {

    /** The operations a Vigil process may need on its topics: see them, read them, write them. */
    static final List<AclOperation> NEEDED = List.of(AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);

    private ClusterFit() {
    }

    /**
     * A problem when {@code topics}' replication factor exceeds the live brokers: no such topic can be created,
     * and Kafka Streams creates its changelog and repartition topics with the same factor.
     */
    public static Optional<String> replicationProblem(TopicNames topics, int brokers, String bootstrapServers) {
        if (topics.replicationFactor() <= brokers) {
            return Optional.empty();
        }
        return Optional.of("vigil.topic.replication.factor is " + topics.replicationFactor() + ", but the cluster at "
                + bootstrapServers + " has " + brokers + " live broker(s), so no topic with "
                + topics.replicationFactor() + " replicas can be created (Vigil's, or Kafka Streams' changelog "
                + "and repartition topics). Set vigil.topic.replication.factor=" + brokers
                + " (or VIGIL_TOPIC_REPLICATION_FACTOR=" + brokers + "), or start more brokers.");
    }

    /**
     * A problem when every write would be refused: acks=all writes (all of exactly-once's) need
     * {@code min.insync.replicas} copies in sync, and a topic with fewer replicas never has them.
     */
    public static Optional<String> minInsyncProblem(TopicNames topics, int minInsyncReplicas) {
        if (minInsyncReplicas <= topics.replicationFactor()) {
            return Optional.empty();
        }
        return Optional.of("The cluster's min.insync.replicas is " + minInsyncReplicas
                + " but vigil.topic.replication.factor is " + topics.replicationFactor()
                + ": every transactional write would fail with NOT_ENOUGH_REPLICAS. Set "
                + "vigil.topic.replication.factor to at least " + minInsyncReplicas + ".");
    }

    /** A warning when the cluster could keep more copies than configured: losing one broker then loses data. */
    public static Optional<String> underReplicationWarning(TopicNames topics, int brokers) {
        if (topics.replicationFactor() > 1 || brokers < 3) {
            return Optional.empty();
        }
        return Optional.of("Vigil's topics get a single replica on a " + brokers + "-broker cluster: losing one "
                + "broker loses their data, and exactly-once stops until it is back. Set "
                + "vigil.topic.replication.factor=3 for a production cluster.");
    }

    /**
     * The message when this client may not create {@code topics}: which ACL to grant, or the exact commands to
     * create them by hand.
     */
    public static String cannotCreate(List<NewTopic> topics, String bootstrapServers, String reason) {
        StringBuilder text = new StringBuilder("Not allowed to create topics ")
                .append(topics.stream().map(NewTopic::name).toList()).append(" (").append(reason)
                .append("). Grant this client CREATE on the cluster or on these topics, or have them created:");
        for (NewTopic topic : topics) {
            text.append("\n  kafka-topics.sh --bootstrap-server ").append(bootstrapServers)
                    .append(" --create --topic ").append(topic.name())
                    .append(" --partitions ").append(topic.numPartitions())
                    .append(" --replication-factor ").append(topic.replicationFactor());
            if (topic.configs() != null) {
                topic.configs().forEach((k, v) -> text.append(" --config ").append(k).append('=').append(v));
            }
        }
        return text.toString();
    }

    /**
     * Per topic, the needed operations its authorized operations lack; topics whose operations the cluster did
     * not report (no authorizer, or an old broker) are left out.
     */
    public static Map<String, List<AclOperation>> missingAccess(Map<String, Set<AclOperation>> authorized) {
        Map<String, List<AclOperation>> missing = new TreeMap<>();
        authorized.forEach((topic, ops) -> {
            if (ops == null || ops.contains(AclOperation.ALL)) {
                return;
            }
            List<AclOperation> lacking = new ArrayList<>();
            for (AclOperation op : NEEDED) {
                if (!ops.contains(op)) {
                    lacking.add(op);
                }
            }
            if (!lacking.isEmpty()) {
                missing.put(topic, lacking);
            }
        });
        return missing;
    }

    /** The warning naming missing access, with the {@code kafka-acls.sh} command that grants it. */
    public static String accessWarning(Map<String, List<AclOperation>> missing, String bootstrapServers) {
        StringBuilder text = new StringBuilder("This client lacks access to Vigil's topics (detect needs READ on the "
                + "input topics and WRITE on the output topics, generate WRITE on the input topics):");
        missing.forEach((topic, ops) -> {
            text.append("\n  ").append(topic).append(": no ").append(ops).append("; grant with kafka-acls.sh "
                    + "--bootstrap-server ").append(bootstrapServers).append(" --add --allow-principal User:<you>");
            ops.forEach(op -> text.append(" --operation ").append(op.name().charAt(0))
                    .append(op.name().substring(1).toLowerCase(java.util.Locale.ROOT)));
            text.append(" --topic ").append(topic);
        });
        return text.toString();
    }
}
