package io.vigil.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.util.Map;

/**
 * Kafka's log-and-continue handler for records that cannot be deserialized (it logs, builds the DLQ record with
 * the original bytes and error headers, and lets the instance go on), plus a count of the DLQ records it hands
 * back ({@value DeadLetterMetrics#DLQ_RECORDS}, {@code source=deserialization}).
 */
public class CountingDeserializationExceptionHandler extends LogAndContinueExceptionHandler {

    private DeadLetterMetrics metrics = DeadLetterMetrics.from(Map.of(), "deserialization");

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        metrics = DeadLetterMetrics.from(configs, "deserialization");
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        metrics.count(DeadLetterHeaders.withReason(response.deadLetterQueueRecords(), DeadLetterHeaders.UNREADABLE));
        return response;
    }
}
