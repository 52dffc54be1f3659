package io.vigil.lab.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the cluster says about transactions and groups, asked through the Admin API: the checks of a chaos run
 * that no consumer can make.
 */
final class ClusterState {

    /** States in which a transaction still holds back {@code read_committed} readers. */
    static final Set<TransactionState> OPEN = Set.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    ClusterState(Admin admin) {
        this.admin = admin;
    }

    /** Transactions open right now whose transactional id starts with {@code prefix}. */
    List<TransactionListing> openTransactions(String prefix) {
        return new ArrayList<>(get(admin.listTransactions(new ListTransactionsOptions()
                .filterStates(OPEN)
                .filterOnTransactionalIdPattern(Pattern.quote(prefix) + ".*")).all()));
    }

    /** Every transaction open right now. */
    List<TransactionListing> openTransactions() {
        return new ArrayList<>(get(admin.listTransactions(new ListTransactionsOptions().filterStates(OPEN)).all()));
    }

    /**
     * Partitions of the application's topics (every topic but the broker's own {@code __} ones) whose last stable
     * offset is behind their end offset: a transaction there is still open, and {@code read_committed} readers
     * cannot get past it. Maps each to how many offsets are held back.
     */
    Map<TopicPartition, Long> partitionsBehindLastStableOffset() {
        Set<String> topics = get(admin.listTopics().names());
        List<String> ours = topics.stream().filter(t -> !t.startsWith("__")).sorted().toList();
        Map<String, TopicDescription> descriptions = get(admin.describeTopics(ours).allTopicNames());
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.forEach((name, d) -> d.partitions().forEach(p ->
                request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResultInfo> stable =
                get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all());
        Map<TopicPartition, ListOffsetsResultInfo> end =
                get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all());
        Map<TopicPartition, Long> behind = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        end.forEach((tp, info) -> {
            long gap = info.offset() - stable.get(tp).offset();
            if (gap > 0) {
                behind.put(tp, gap);
            }
        });
        return behind;
    }

    /** The sum over {@code topic}'s partitions of the last stable offset: grows as transactions commit. */
    long lastStableOffsets(String topic) {
        TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
                .values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /** The sum of the offsets group {@code groupId} has committed: grows with every committed transaction. */
    long committedOffsets(String groupId) {
        return get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()).values().stream()
                .filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
    }

    /** Ids of the brokers the cluster has registered and not fenced. */
    Set<Integer> liveBrokers() {
        return get(admin.describeCluster().nodes()).stream().map(Node::id).collect(Collectors.toSet());
    }

    /** Per broker id, how many partitions of {@code topics} it leads. */
    Map<Integer, Integer> leaderships(Collection<String> topics) {
        Map<Integer, Integer> counts = new HashMap<>();
        get(admin.describeTopics(topics).allTopicNames()).values().forEach(d -> d.partitions().forEach(p -> {
            if (p.leader() != null && !p.leader().isEmpty()) {
                counts.merge(p.leader().id(), 1, Integer::sum);
            }
        }));
        return counts;
    }

    /**
     * Per broker id, how many of the transactional ids starting with {@code prefix} (any state) it coordinates.
     */
    Map<Integer, Integer> transactionCoordinators(String prefix) {
        List<String> ids = get(admin.listTransactions(new ListTransactionsOptions()
                .filterOnTransactionalIdPattern(Pattern.quote(prefix) + ".*")).all()).stream()
                .map(TransactionListing::transactionalId).toList();
        Map<Integer, Integer> counts = new HashMap<>();
        if (!ids.isEmpty()) {
            get(admin.describeTransactions(ids).all()).values()
                    .forEach(t -> counts.merge(t.coordinatorId(), 1, Integer::sum));
        }
        return counts;
    }

    /** Partitions of every topic, the broker's own included, missing an in-sync replica or a leader. */
    List<TopicPartition> underReplicatedPartitions() {
        Set<String> topics = get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
        return ReplicaSync.underReplicated(get(admin.describeTopics(topics).allTopicNames()).values());
    }

    /** The group as the cluster lists it (type and state), or empty if it does not exist. */
    Optional<GroupListing> group(String groupId) {
        Collection<GroupListing> groups = get(admin.listGroups().all());
        return groups.stream().filter(g -> g.groupId().equals(groupId)).findFirst();
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Admin request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Admin request timed out after " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during an Admin request", e);
        }
    }
}
