package io.vigil.lab.bench;

import io.vigil.config.Directories;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.StreamsSettings;
import io.vigil.config.TopicNames;
import io.vigil.config.VigilConfig;
import io.vigil.runtime.WritableTopics;
import io.vigil.topology.StreamsProperties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one bench run creates on the cluster and on disk, and how it goes away again: every topic and consumer
 * group is named {@code vigil-bench-<run id>...} and deleted at the end, every stage gets a fresh
 * {@code application.id} and a temporary state directory that is deleted after the stage.
 */
final class BenchCluster {

    private static final Logger log = LoggerFactory.getLogger(BenchCluster.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GROUP_DELETE_RETRY = Duration.ofSeconds(15);

    private final Admin admin;
    private final VigilConfig base;
    private final String prefix;

    BenchCluster(Admin admin, VigilConfig base) {
        this.admin = admin;
        this.base = base;
        this.prefix = "vigil-bench-" + Long.toString(System.currentTimeMillis(), 36);
    }

    Admin admin() {
        return admin;
    }

    /** A topic name of this run: {@code vigil-bench-<run id>.<suffix>}. */
    String topic(String suffix) {
        return prefix + "." + suffix;
    }

    String rulesTopic() {
        return topic("rules");
    }

    String actionsTopic() {
        return topic("actions");
    }

    String dlq() {
        return topic("dlq");
    }

    /**
     * The configuration of one stage: {@code config} (the user's, or a variant's), with a fresh application id and
     * state directory, this run's topics, the stage's processing guarantee and {@code threads}.
     */
    VigilConfig stageConfig(VigilConfig config, String stage, int rep, String transactions, String telemetry,
                            String alerts, ProcessingGuarantee guarantee, int threads) throws IOException {
        TopicNames t = config.topics();
        TopicNames topics = new TopicNames(transactions, telemetry, rulesTopic(), alerts, topic(stage + "-" + rep
                + ".incidents"), actionsTopic(), dlq(), Optional.empty(), t.partitions(), t.replicationFactor());
        StreamsSettings s = config.streams();
        Path stateDir = Files.createTempDirectory("vigil-bench-state-");
        StreamsSettings streams = new StreamsSettings(prefix + "-" + stage + "-" + rep, guarantee, threads,
                s.commitInterval(), stateDir, s.storeType(), s.cacheMaxBytes(), s.grace());
        return new VigilConfig(config.kafka(), topics, streams, config.rules(), config.escalation(), config.input(),
                config.expiry()).withRocksDb(config.rocksDb());
    }

    static Properties streamsProperties(VigilConfig config) {
        return StreamsProperties.forInstance(config, "bench");
    }

    void createTopics(List<String> names) throws Exception {
        List<NewTopic> topics = names.stream()
                .map(n -> new NewTopic(n, base.topics().partitions(), base.topics().replicationFactor()))
                .toList();
        admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        WritableTopics.await(admin, names, ADMIN_TIMEOUT);
    }

    void deleteTopics(List<String> names) {
        try {
            admin.deleteTopics(names).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not delete bench topics {}: {}", names, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes every topic and consumer group this run created (internal changelog topics included). */
    void cleanUp() {
        try {
            List<String> topics = admin.listTopics().names().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix)).toList();
            if (!topics.isEmpty()) {
                deleteTopics(topics);
            }
            List<String> groups = admin.listGroups().all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).filter(g -> g.startsWith(prefix)).toList();
            deleteGroups(groups);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not remove everything this bench run created (names start with {}): {}", prefix,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes the stages' consumer groups. A closed application's members leave the group asynchronously, so a
     * group can still be "not empty" for a moment after its last stage closed: retried for a few seconds.
     */
    private void deleteGroups(List<String> groups) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + GROUP_DELETE_RETRY.toNanos();
        while (!groups.isEmpty()) {
            try {
                admin.deleteConsumerGroups(groups).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
                List<String> pending = groups;
                groups = admin.listGroups().all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                        .map(g -> g.groupId()).filter(pending::contains).toList();
            }
        }
    }

    Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ends.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** End offsets minus the committed offsets of {@code groupId}, summed over {@code ends}' partitions. */
    long lag(String groupId, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += Math.max(0, end.getValue() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    static void deleteStateDir(Properties props) {
        Path dir = Path.of(props.getProperty("state.dir")).getParent();
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            log.warn("Could not delete bench state directory {}: {}", dir, e.toString());
        }
    }
}
