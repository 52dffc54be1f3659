package io.vigil.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vigil.config.TopicNames;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics Vigil reads and writes, with the configured names, partition count and
 * replication factor.
 *
 * <p>Why it exists: brokers Vigil runs against (the embedded one included) have automatic topic
 * creation off, and an automatically created topic would get the broker's defaults anyway, which
 * is wrong for the rules topic: rules are versioned data keyed by rule id, so that topic is
 * compacted and keeps the latest version of every rule forever. The input topics also need the
 * configured partition count up front, because Kafka Streams' parallelism is bounded by it.
 *
 * <p>{@link #ensure} is idempotent and safe to run from several instances at once: topics that
 * already exist, or that another instance creates first, are left as they are. It never changes
 * an existing topic; it logs a warning when one differs from the configuration (partition count,
 * or a rules topic that is not compacted), because silently repartitioning or re-configuring a
 * topic that holds data is not a start-up side effect anyone expects.
 */
public final class TopicBootstrap {

    /** How long {@link #ensure(Admin, TopicNames)} waits for the cluster in total. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
    private static final Duration METADATA_RETRY_BACKOFF = Duration.ofMillis(50);

    /**
     * Rules are versioned data keyed by rule id, labels an analyst's latest verdict keyed by alert id: keep the
     * latest record of each key, forever.
     */
    private static final Map<String, String> COMPACTED =
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

    private TopicBootstrap() {
    }

    /**
     * The topics Vigil needs, in the order of {@link TopicNames#all()}: each with the configured
     * partition count and replication factor, the rules and labels topics compacted. {@link TopicNames}
     * already guarantees that no two roles share a name.
     */
    public static List<NewTopic> plan(TopicNames topics) {
        Objects.requireNonNull(topics, "topics");
        return topics.all().stream()
                .map(name -> new NewTopic(name, topics.partitions(), topics.replicationFactor())
                        .configs(name.equals(topics.rules()) || name.equals(topics.labels()) ? COMPACTED : Map.of()))
                .toList();
    }

    /** {@link #ensure(Admin, TopicNames, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static Set<String> ensure(Admin admin, TopicNames topics) {
        return ensure(admin, topics, DEFAULT_TIMEOUT);
    }

    /**
     * Creates every topic of {@link #plan(TopicNames)} that does not exist yet, then waits until
     * all of them are visible in the cluster's metadata.
     *
     * <p>The wait matters: a KRaft controller acknowledges a new topic before the brokers have
     * applied it, and a Kafka Streams instance that starts in that gap fails with a missing
     * source topic instead of retrying.
     *
     * @return the names of the topics this call created; empty when all existed already
     * @throws IllegalStateException if the cluster does not answer in time or refuses a topic
     */
    public static Set<String> ensure(Admin admin, TopicNames topics, Duration timeout) {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(timeout, "timeout");
        List<NewTopic> planned = plan(topics);
        long deadline = System.nanoTime() + timeout.toNanos();

        Set<String> existing = await(admin.listTopics().names(), deadline, "list topics");
        List<NewTopic> missing = planned.stream().filter(t -> !existing.contains(t.name())).toList();
        Set<String> created = new TreeSet<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            for (NewTopic topic : missing) {
                if (create(results.get(topic.name()), topic, deadline)) {
                    created.add(topic.name());
                }
            }
        }
        if (!created.isEmpty()) {
            LOG.info("Created topics {} ({} partitions, replication factor {})", created,
                    topics.partitions(), topics.replicationFactor());
        }

        Map<String, TopicDescription> descriptions = awaitVisible(admin,
                planned.stream().map(NewTopic::name).toList(), deadline);
        List<NewTopic> preexisting = planned.stream().filter(t -> !created.contains(t.name())).toList();
        warnAboutDifferences(admin, preexisting, descriptions, topics.rules(), deadline);
        return created;
    }

    /** @return true if this call created the topic, false if it existed (another instance won). */
    private static boolean create(KafkaFuture<Void> result, NewTopic topic, long deadline) {
        try {
            result.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("Cannot create topic " + topic.name() + " ("
                    + topic.numPartitions() + " partitions, replication factor "
                    + topic.replicationFactor() + "): " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw timedOut("create topic " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic.name(), e);
        }
    }

    private static Map<String, TopicDescription> awaitVisible(Admin admin, List<String> names,
            long deadline) {
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() >= deadline) {
                    throw new IllegalStateException("Cannot describe topics " + names + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw timedOut("describe topics " + names, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while describing topics " + names, e);
            }
            pause(METADATA_RETRY_BACKOFF);
        }
    }

    private static void warnAboutDifferences(Admin admin, List<NewTopic> preexisting,
            Map<String, TopicDescription> descriptions, String rulesTopic, long deadline) {
        for (NewTopic wanted : preexisting) {
            TopicDescription actual = descriptions.get(wanted.name());
            int partitions = actual.partitions().size();
            if (partitions != wanted.numPartitions()) {
                LOG.warn("Topic {} exists with {} partitions, configured {}; keeping {}",
                        wanted.name(), partitions, wanted.numPartitions(), partitions);
            }
        }
        if (preexisting.stream().anyMatch(t -> t.name().equals(rulesTopic))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, rulesTopic);
            Map<ConfigResource, Config> configs =
                    await(admin.describeConfigs(List.of(resource)).all(), deadline, "describe " + rulesTopic);
            ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String value = policy == null ? "" : policy.value();
            if (!isCompacted(value)) {
                LOG.warn("Rules topic {} exists with cleanup.policy={}; rules may be deleted by "
                        + "retention. Set cleanup.policy=compact on it.", rulesTopic, value);
            }
        }
    }

    private static boolean isCompacted(String cleanupPolicy) {
        Collection<String> policies = List.of(cleanupPolicy.replace(" ", "").split(","));
        return policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    private static <T> T await(KafkaFuture<T> future, long deadline, String what) {
        try {
            return future.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw timedOut(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for topic metadata", e);
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static IllegalStateException timedOut(String what, TimeoutException cause) {
        return new IllegalStateException("Timed out trying to " + what
                + "; is the Kafka cluster reachable?", cause);
    }
}
