package io.vigil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Three KRaft nodes in one JVM: what {@code vigil broker --nodes 3} and {@code vigil demo --brokers 3} run. */
class EmbeddedKafkaClusterTest {

    @Test
    void shouldReplicateTopicsOnEveryNodeWhenThreeNodesRun() throws Exception {
        // Given a three-node cluster on free ports
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(3, 0, null, 2, Duration.ofSeconds(120));
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            // When a topic is created without a replication factor
            admin.createTopics(List.of(new NewTopic("replicated", java.util.Optional.empty(),
                    java.util.Optional.empty()))).all().get(60, TimeUnit.SECONDS);
            TopicDescription topic = admin.describeTopics(List.of("replicated")).allTopicNames()
                    .get(60, TimeUnit.SECONDS).get("replicated");

            // Then all three nodes are brokers, and each partition has a replica on every one of them
            assertEquals(3, admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size());
            assertEquals(2, topic.partitions().size());
            topic.partitions().forEach(p -> assertEquals(3, p.replicas().size(), p::toString));
        }
    }
}
