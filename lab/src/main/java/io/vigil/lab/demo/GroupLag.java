package io.vigil.lab.demo;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How far a consumer group (the stream application) is behind the end of its input topics: the sum over
 * partitions of end offset minus committed offset. Under exactly-once the committed offset moves with each
 * transaction, so zero lag means every input event's effects have been committed.
 */
public final class GroupLag {

    private final Admin admin;
    private final String groupId;
    private final Collection<String> topics;

    public GroupLag(Admin admin, String groupId, Collection<String> topics) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = topics;
    }

    public long total() throws InterruptedException, ExecutionException, TimeoutException {
        return behind(endOffsets());
    }

    /** The current end offset of every partition of the input topics: a mark to wait for with {@link #behind}. */
    public Map<TopicPartition, Long> endOffsets() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ends.forEach((partition, end) -> offsets.put(partition, end.offset()));
        return offsets;
    }

    /**
     * How many records before {@code marks} (end offsets taken earlier) the group has not committed yet: zero once
     * everything written before the marks was processed, however much was written since.
     */
    public long behind(Map<TopicPartition, Long> marks) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> mark : marks.entrySet()) {
            OffsetAndMetadata done = committed.get(mark.getKey());
            lag += Math.max(0, mark.getValue() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }
}
