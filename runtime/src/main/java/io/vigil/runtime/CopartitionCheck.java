package io.vigil.runtime;

import io.vigil.config.TopicNames;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Refuses to start stream instances when the actions topic and the transactions topic have different partition
 * counts. The blocked-cards table is co-partitioned with the transactions: a card's BLOCK_CARD action must land in
 * the partition number its transactions use, which the default partitioner only guarantees for equal counts. Kafka
 * Streams does not check this for Processor API sources, so a mismatch would silently let blocked cards through.
 */
public final class CopartitionCheck {

    private CopartitionCheck() {
    }

    public static void verify(Map<String, Object> clientProperties, TopicNames topics) {
        try (Admin admin = Admin.create(new HashMap<>(clientProperties))) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topics.transactions(),
                    topics.actions())).allTopicNames().get(30, TimeUnit.SECONDS);
            int transactions = described.get(topics.transactions()).partitions().size();
            int actions = described.get(topics.actions()).partitions().size();
            if (transactions != actions) {
                throw new IllegalStateException("Topic " + topics.actions() + " has " + actions + " partitions and "
                        + topics.transactions() + " has " + transactions + ": the blocked-cards table needs them "
                        + "co-partitioned (equal counts, both keyed by card id); recreate or expand "
                        + topics.actions() + " to " + transactions + " partitions");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe " + topics.transactions() + " and " + topics.actions()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out describing " + topics.transactions() + " and "
                    + topics.actions() + "; is the Kafka cluster reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking partition counts", e);
        }
    }
}
