package io.vigil.lab.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What a rolling restart waits for between two brokers: every replica back in sync. */
class ReplicaSyncTest {

    private static final Node B1 = new Node(1, "127.0.0.1", 9092);
    private static final Node B2 = new Node(2, "127.0.0.1", 9093);
    private static final Node B3 = new Node(3, "127.0.0.1", 9094);
    private static final List<Node> ALL = List.of(B1, B2, B3);

    @Test
    void shouldReportNothingWhenEveryReplicaIsInSync() {
        // Given two partitions with all three replicas in sync
        TopicDescription topic = topic("vigil.transactions", new TopicPartitionInfo(0, B1, ALL, ALL),
                new TopicPartitionInfo(1, B2, ALL, List.of(B3, B2, B1)));

        // When checked, then nothing is under-replicated (ISR order does not matter)
        assertTrue(ReplicaSync.underReplicated(List.of(topic)).isEmpty());
    }

    @Test
    void shouldReportAPartitionWhenItsRestartedReplicaHasNotCaughtUp() {
        // Given partition 1 whose replica on broker 3 is not yet back in the ISR
        TopicDescription topic = topic("vigil.transactions", new TopicPartitionInfo(0, B1, ALL, ALL),
                new TopicPartitionInfo(1, B1, ALL, List.of(B1, B2)));

        // When checked, then exactly that partition is reported
        assertEquals(List.of(new TopicPartition("vigil.transactions", 1)),
                ReplicaSync.underReplicated(List.of(topic)));
    }

    @Test
    void shouldReportAPartitionWhenItHasNoLeader() {
        // Given a partition whose only in-sync replica is gone (leader none)
        TopicDescription topic = topic("__transaction_state", new TopicPartitionInfo(3, null, ALL, List.of()));

        // When checked, then it is reported
        assertEquals(List.of(new TopicPartition("__transaction_state", 3)),
                ReplicaSync.underReplicated(List.of(topic)));
    }

    @Test
    void shouldStopWaitingWhenTheConditionHolds() throws InterruptedException {
        // Given a condition that holds at the third check
        AtomicInteger checks = new AtomicInteger();

        // When awaited with a generous timeout
        boolean held = ReplicaSync.await(() -> checks.incrementAndGet() >= 3, Duration.ofMinutes(1),
                Duration.ofMillis(1));

        // Then it returns as soon as it holds
        assertTrue(held);
        assertEquals(3, checks.get());
    }

    @Test
    void shouldGiveUpWhenTheConditionNeverHolds() throws InterruptedException {
        assertFalse(ReplicaSync.await(() -> false, Duration.ofMillis(20), Duration.ofMillis(5)));
    }

    private static TopicDescription topic(String name, TopicPartitionInfo... partitions) {
        return new TopicDescription(name, name.startsWith("__"), List.of(partitions));
    }
}
