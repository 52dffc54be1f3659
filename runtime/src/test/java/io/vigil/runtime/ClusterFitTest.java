package io.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.TopicNames;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The preflight's messages for a cluster nobody configured for Vigil. */
class ClusterFitTest {

    @Test
    void shouldAcceptAReplicationFactorWhenTheClusterHasEnoughBrokers() {
        assertEquals(Optional.empty(), ClusterFit.replicationProblem(topics(3), 3, "b:9092"));
    }

    @Test
    void shouldRefuseAMinInsyncReplicasWhenTopicsCouldNeverMeetIt() {
        // Given replication factor 1 on a cluster whose min.insync.replicas is 2
        Optional<String> problem = ClusterFit.minInsyncProblem(topics(1), 2);

        // Then the message says writes would fail and what to set
        assertTrue(problem.orElseThrow().contains("NOT_ENOUGH_REPLICAS"), problem::get);
        assertTrue(problem.get().contains("at least 2"), problem::get);
        assertEquals(Optional.empty(), ClusterFit.minInsyncProblem(topics(3), 2));
    }

    @Test
    void shouldWarnWhenASingleReplicaIsConfiguredOnAReplicatedCluster() {
        assertTrue(ClusterFit.underReplicationWarning(topics(1), 3).isPresent());
        assertEquals(Optional.empty(), ClusterFit.underReplicationWarning(topics(1), 1));
        assertEquals(Optional.empty(), ClusterFit.underReplicationWarning(topics(3), 3));
    }

    @Test
    void shouldGiveTheCreateCommandsWhenTopicsCannotBeCreated() {
        // Given two topics this client may not create, one of them compacted
        List<NewTopic> refused = List.of(new NewTopic("vigil.rules", 6, (short) 3)
                .configs(Map.of("cleanup.policy", "compact")), new NewTopic("vigil.alerts", 6, (short) 3));

        // When the message is written
        String text = ClusterFit.cannotCreate(refused, "b1:9092,b2:9092", "Authorization failed.");

        // Then it names both and gives a command per topic that recreates them exactly
        assertTrue(text.startsWith("Not allowed to create topics [vigil.rules, vigil.alerts]"), text);
        assertTrue(text.contains("kafka-topics.sh --bootstrap-server b1:9092,b2:9092 --create --topic vigil.rules "
                + "--partitions 6 --replication-factor 3 --config cleanup.policy=compact"), text);
        assertTrue(text.contains("--topic vigil.alerts --partitions 6 --replication-factor 3"), text);
    }

    @Test
    void shouldListMissingOperationsWhenTheAuthorizerGrantsOnlySome() {
        // Given read-only access to one topic, full access to another, and a broker without an authorizer
        Map<String, Set<AclOperation>> authorized = new java.util.HashMap<>();
        authorized.put("vigil.alerts", Set.of(AclOperation.DESCRIBE, AclOperation.READ));
        authorized.put("vigil.transactions", Set.of(AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE));
        authorized.put("vigil.rules", null);

        // When the missing access is computed
        Map<String, List<AclOperation>> missing = ClusterFit.missingAccess(authorized);

        // Then only the missing WRITE is named, with the command granting it
        assertEquals(Map.of("vigil.alerts", List.of(AclOperation.WRITE)), missing);
        assertTrue(ClusterFit.accessWarning(missing, "b:9092").contains("--operation Write --topic vigil.alerts"));
    }

    private static TopicNames topics(int replicationFactor) {
        return new TopicNames("t", "m", "r", "a", "i", "x", "d", Optional.empty(), 6, (short) replicationFactor);
    }
}
