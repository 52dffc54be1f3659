package io.vigil.runtime;

import io.vigil.config.TopicNames;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        checkFit(admin, topics, deadline);
        List<NewTopic> missing = planned.stream().filter(t -> !existing.contains(t.name())).toList();
        Set<String> created = new TreeSet<>();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
            List<NewTopic> refused = new ArrayList<>();
            Throwable refusal = null;
            for (NewTopic topic : missing) {
                try {
                    if (create(results.get(topic.name()), topic, deadline)) {
                        created.add(topic.name());
                    }
                } catch (NotAuthorized e) {
                    refused.add(topic);
                    refusal = e.getCause();
                }
            }
            if (!refused.isEmpty()) {
                throw new IllegalStateException(ClusterFit.cannotCreate(refused, bootstrap(admin),
                        refusal.getMessage()), refusal);
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
        warnAboutAccess(admin, planned.stream().map(NewTopic::name).toList(), deadline);
        return created;
    }

    /**
     * Fails when the cluster cannot hold the configured replication factor (too few brokers) or would refuse
     * every write (its {@code min.insync.replicas} above it); warns when it could hold more copies than
     * configured. Checked even when every topic exists, because Kafka Streams creates its own topics with the
     * same factor.
     */
    private static void checkFit(Admin admin, TopicNames topics, long deadline) {
        Collection<Node> brokers = await(admin.describeCluster().nodes(), deadline, "describe the cluster");
        Optional<String> problem = ClusterFit.replicationProblem(topics, brokers.size(), bootstrap(admin));
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        ClusterFit.underReplicationWarning(topics, brokers.size()).ifPresent(LOG::warn);
        minInsyncReplicas(admin, brokers, deadline)
                .flatMap(minIsr -> ClusterFit.minInsyncProblem(topics, minIsr))
                .ifPresent(text -> {
                    throw new IllegalStateException(text);
                });
    }

    /** The cluster's default min.insync.replicas, or empty if this client may not read broker configs. */
    private static Optional<Integer> minInsyncReplicas(Admin admin, Collection<Node> brokers, long deadline) {
        if (brokers.isEmpty()) {
            return Optional.empty();
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                Integer.toString(brokers.iterator().next().id()));
        try {
            ConfigEntry entry = admin.describeConfigs(List.of(broker)).all()
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(broker)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Integer.parseInt(entry.value()));
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            // Reading broker configs needs DESCRIBE_CONFIGS on the cluster, which a client often lacks.
            LOG.debug("Cannot read min.insync.replicas of the cluster: {}", e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing the cluster", e);
        }
    }

    /** Logs which of DESCRIBE, READ and WRITE this client lacks on Vigil's topics, with the commands to grant it. */
    private static void warnAboutAccess(Admin admin, List<String> names, long deadline) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(names,
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).allTopicNames()
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            Map<String, Set<AclOperation>> authorized = new HashMap<>();
            described.forEach((name, d) -> authorized.put(name, d.authorizedOperations()));
            Map<String, List<AclOperation>> missing = ClusterFit.missingAccess(authorized);
            if (!missing.isEmpty()) {
                LOG.warn(ClusterFit.accessWarning(missing, bootstrap(admin)));
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Cannot read the authorized operations on Vigil's topics: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }

    private static String bootstrap(Admin admin) {
        // The Admin does not expose its configuration; its cluster's brokers are what a command needs.
        try {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                    .map(n -> n.host() + ":" + n.port()).sorted().reduce((a, b) -> a + "," + b).orElse("<bootstrap>");
        } catch (ExecutionException | TimeoutException e) {
            return "<bootstrap>";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "<bootstrap>";
        }
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
            if (e.getCause() instanceof TopicAuthorizationException
                    || e.getCause() instanceof ClusterAuthorizationException) {
                throw new NotAuthorized(e.getCause());
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
                if (e.getCause() instanceof TopicAuthorizationException) {
                    throw new IllegalStateException("Not allowed to DESCRIBE topics " + names + " ("
                            + e.getCause().getMessage() + "). Grant this client DESCRIBE, READ and WRITE on them "
                            + "(kafka-acls.sh --add --allow-principal User:<you> --operation Describe --operation "
                            + "Read --operation Write --topic <topic>).", e.getCause());
                }
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

    /** A topic creation refused for lack of an ACL; collected so one message names every such topic. */
    private static final class NotAuthorized extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAuthorized(Throwable cause) {
            super(cause);
        }
    }

    private static IllegalStateException timedOut(String what, TimeoutException cause) {
        return new IllegalStateException("Timed out trying to " + what
                + "; is the Kafka cluster reachable?", cause);
    }
}
