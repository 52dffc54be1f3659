package io.vigil.lab.chaos;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether every replica is back in sync: what an operator waits for between two broker restarts of a rolling
 * upgrade, because restarting the next broker while a partition still misses a replica can take that partition's
 * in-sync replicas below {@code min.insync.replicas} (writes refused) or to zero (partition offline).
 */
final class ReplicaSync {

    private ReplicaSync() {
    }

    /**
     * Partitions whose in-sync replicas are fewer than their replicas, or that have no leader, sorted by name.
     */
    static List<TopicPartition> underReplicated(Collection<TopicDescription> topics) {
        List<TopicPartition> behind = new ArrayList<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo p : topic.partitions()) {
                boolean noLeader = p.leader() == null || p.leader().isEmpty() || p.leader().id() < 0;
                if (noLeader || !p.isr().stream().map(Node::id).toList().containsAll(
                        p.replicas().stream().map(Node::id).toList())) {
                    behind.add(new TopicPartition(topic.name(), p.partition()));
                }
            }
        }
        behind.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return behind;
    }

    /**
     * Polls {@code condition} every {@code interval} until it holds or {@code timeout} passes; returns whether it
     * held.
     */
    static boolean await(BooleanSupplier condition, Duration timeout, Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
