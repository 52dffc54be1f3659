package io.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.TopicNames;
import io.vigil.embedded.EmbeddedKafkaBroker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Topic creation against one real broker shared by the class. Each test uses its own topic
 * prefix so the tests do not see each other's topics.
 */
class TopicBootstrapTest {

    /** Differs from the broker's default (6) so the tests prove the configured count is used. */
    private static final int PARTITIONS = 3;

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(0, null);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldCreateEveryTopicWithConfiguredPartitionsWhenNoneExist() throws Exception {
        // Given configured topics including a late-events topic
        TopicNames topics = topicNames("fresh", Optional.of("fresh.late"));

        // When they are ensured on an empty cluster
        Set<String> created = TopicBootstrap.ensure(admin, topics);

        // Then all ten exist (one late topic per record type) with the configured partitions,
        // and only the rules and labels topics are compacted
        Set<String> expected = Set.of("fresh.transactions", "fresh.telemetry", "fresh.rules",
                "fresh.alerts", "fresh.incidents", "fresh.actions", "fresh.dlq", "fresh.labels",
                "fresh.late.transactions", "fresh.late.telemetry");
        assertEquals(new TreeSet<>(expected), created);
        assertEquals(partitionCounts(expected, PARTITIONS), partitionCounts(describe(expected)));
        Map<String, String> policies = new TreeMap<>(cleanupPolicies(expected));
        Map<String, String> expectedPolicies = new TreeMap<>();
        expected.forEach(name -> expectedPolicies.put(name, "delete"));
        expectedPolicies.put("fresh.rules", "compact");
        expectedPolicies.put("fresh.labels", "compact");
        assertEquals(expectedPolicies, policies);
    }

    @Test
    void shouldCreateNothingWhenCalledAgain() throws Exception {
        // Given topics that were ensured once
        TopicNames topics = topicNames("again", Optional.empty());
        TopicBootstrap.ensure(admin, topics);
        Map<String, Integer> before = partitionCounts(describe(topics.all()));

        // When they are ensured a second time
        Set<String> created = TopicBootstrap.ensure(admin, topics);

        // Then nothing is created and nothing changes
        assertEquals(Set.of(), created);
        assertEquals(before, partitionCounts(describe(topics.all())));
    }

    @Test
    void shouldCreateOnlyMissingTopicsAndLeaveExistingOnesWhenSomeExist() throws Exception {
        // Given an alerts topic that already exists with a different partition count
        admin.createTopics(List.of(new NewTopic("partial.alerts", 1, (short) 1))).all().get();
        TopicNames topics = topicNames("partial", Optional.empty());

        // When the topics are ensured
        Set<String> created = TopicBootstrap.ensure(admin, topics);

        // Then the seven others are created and the existing one is left as it was
        assertEquals(new TreeSet<>(Set.of("partial.transactions", "partial.telemetry",
                "partial.rules", "partial.incidents", "partial.actions", "partial.dlq", "partial.labels")),
                created);
        assertEquals(1, describe(List.of("partial.alerts")).get("partial.alerts").partitions().size());
    }

    @Test
    void shouldPlanEightTopicsWhenNoLateEventsTopicIsConfigured() {
        // When topics without a late-events topic are planned
        List<NewTopic> plan = TopicBootstrap.plan(topicNames("plan", Optional.empty()));

        // Then every role gets a topic, in the order of TopicNames.all(), and only rules and labels are compacted
        assertEquals(List.of("plan.transactions", "plan.telemetry", "plan.rules", "plan.alerts",
                "plan.incidents", "plan.actions", "plan.dlq", "plan.labels"),
                plan.stream().map(NewTopic::name).toList());
        assertEquals(Map.of("plan.rules", Map.of("cleanup.policy", "compact"),
                        "plan.labels", Map.of("cleanup.policy", "compact")),
                plan.stream().filter(t -> !t.configs().isEmpty())
                        .collect(Collectors.toMap(NewTopic::name, NewTopic::configs)));
    }

    @Test
    void shouldNameTheSettingToChangeWhenTheReplicationFactorExceedsTheBrokers() throws Exception {
        // Given replication factor 3 configured against this one-broker cluster
        String prefix = "toofew";
        TopicNames topics = new TopicNames(prefix + ".transactions", prefix + ".telemetry", prefix + ".rules",
                prefix + ".alerts", prefix + ".incidents", prefix + ".actions", prefix + ".dlq",
                Optional.empty(), PARTITIONS, (short) 3);

        // When the topics are ensured
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TopicBootstrap.ensure(admin, topics));

        // Then the message says what is wrong and which setting fixes it, and no topic was half-created
        assertTrue(failure.getMessage().contains("vigil.topic.replication.factor is 3"), failure::getMessage);
        assertTrue(failure.getMessage().contains("1 live broker(s)"), failure::getMessage);
        assertTrue(failure.getMessage().contains("vigil.topic.replication.factor=1"), failure::getMessage);
        assertFalse(admin.listTopics().names().get().stream().anyMatch(name -> name.startsWith(prefix)));
    }

    private static TopicNames topicNames(String prefix, Optional<String> lateEvents) {
        return new TopicNames(prefix + ".transactions", prefix + ".telemetry", prefix + ".rules",
                prefix + ".alerts", prefix + ".incidents", prefix + ".actions", prefix + ".dlq",
                lateEvents, PARTITIONS, (short) 1, prefix + ".labels");
    }

    private static Map<String, TopicDescription> describe(Collection<String> names) throws Exception {
        return admin.describeTopics(names).allTopicNames().get();
    }

    private static Map<String, Integer> partitionCounts(Map<String, TopicDescription> descriptions) {
        return new TreeMap<>(descriptions.values().stream()
                .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size())));
    }

    private static Map<String, Integer> partitionCounts(Collection<String> names, int partitions) {
        return new TreeMap<>(names.stream().collect(Collectors.toMap(name -> name, name -> partitions)));
    }

    private static Map<String, String> cleanupPolicies(Collection<String> names) throws Exception {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        return configs.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().name(), e -> e.getValue().get("cleanup.policy").value()));
    }
}
