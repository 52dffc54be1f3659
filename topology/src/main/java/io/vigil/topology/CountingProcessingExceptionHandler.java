package io.vigil.topology;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;

/**
 * Kafka's log-and-continue handler for records whose processing throws (it logs, builds the DLQ record with
 * the source record's original bytes and error headers, and lets the instance go on), plus a count of the DLQ
 * records it hands back ({@value DeadLetterMetrics#DLQ_RECORDS}, {@code source=processing}) and the reason header
 * ({@value DeadLetterHeaders#REASON}: the {@link RejectedInputException}'s code, else {@code processing-error}).
 */
public class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    private DeadLetterMetrics metrics = DeadLetterMetrics.from(Map.of(), "processing");

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        metrics = DeadLetterMetrics.from(configs, "processing");
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        metrics.count(DeadLetterHeaders.withReason(response.deadLetterQueueRecords(),
                DeadLetterHeaders.reason(exception, DeadLetterHeaders.PROCESSING_ERROR)));
        return response;
    }
}
