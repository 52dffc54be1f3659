package io.vigil.runtime.console;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notifications delivered, for the console's chain panel: the notifier records every delivery on its group's
 * delivered-id log, {@code <group>.delivered} (see the subscribers' {@code Notifier}), one record each, so the
 * end offsets of every such topic add up to the deliveries of every notifier group on the cluster. Compaction
 * removes old records but never lowers an end offset, so the count only grows.
 *
 * <p>Read with the admin client every few seconds rather than by consuming: the console needs the number, not
 * the keys. -1 until the first answer.
 */
final class DeliveredCount implements AutoCloseable {

    static final String SUFFIX = ".delivered";
    private static final long TIMEOUT_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(DeliveredCount.class);

    private final Admin admin;
    private volatile long delivered = -1;

    DeliveredCount(Map<String, ?> clientProperties) {
        this.admin = Admin.create(new HashMap<>(clientProperties));
    }

    long delivered() {
        return delivered;
    }

    void refresh() {
        try {
            List<String> logs = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(SUFFIX)).toList();
            if (logs.isEmpty()) {
                delivered = 0;
                return;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(logs).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            delivered = admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Could not count notifications: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
