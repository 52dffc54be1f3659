package io.vigil.runtime;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits until freshly created topics can be written, not merely described.
 *
 * <p>Why: a KRaft broker answers metadata requests for a new topic before its partitions have become leaders, and
 * an idempotent producer that writes in that gap gets NOT_LEADER_OR_FOLLOWER for its first batch while later
 * in-flight batches succeed; the retried first batch is then rejected as out of sequence until the delivery
 * timeout fails it. Seen on the embedded broker under load. A ListOffsets request is answered by the partition
 * leader itself, so once it succeeds for every partition, produce requests will too.
 */
public final class WritableTopics {

    private static final long RETRY_MILLIS = 50;

    private WritableTopics() {
    }

    public static void await(Admin admin, Collection<String> topics, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                        d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                last = e;
            }
            Thread.sleep(RETRY_MILLIS);
        }
        throw new TimeoutException("Topics " + topics + " were not writable within " + timeout
                + (last == null ? "" : ": " + last.getCause()));
    }
}
