package io.vigil.topology;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A failed write of an output or changelog record never stops an instance: the error is logged, the input that
 * caused it goes to the dead-letter topic with the error, and processing continues ({@code CONTINUE}). Retriable
 * errors (timeouts, a leader moving) are retried as Kafka Streams does by default.
 *
 * <p>Why not Kafka's own handlers: with {@code errors.dead.letter.queue.topic.name} set, Kafka 4.3's handlers build
 * the DLQ record with {@code ExceptionHandlerUtils.buildDeadLetterQueueRecord}, which passes
 * {@link ErrorHandlerContext#timestamp()} to the {@link ProducerRecord} constructor. For a changelog write that
 * timestamp is -1: {@code ProcessorContextImpl.logChange} hands {@code RecordCollectorImpl.send} a null context,
 * and {@code RecordCollectorImpl.errorHandlerContext} then builds a context with timestamp -1, no topic, offset -1
 * and no source bytes. The constructor throws {@code IllegalArgumentException: Invalid timestamp: -1},
 * {@code RecordCollectorImpl.recordSendError} reports it as "Fatal user code error in production error callback"
 * and the stream thread dies, whatever the handler meant to return. So a single changelog record over the topic's
 * size limit took every instance down in turn. This handler builds the DLQ record itself, with no timestamp
 * (the producer stamps it) when the context has none, and never throws.
 *
 * <p>The DLQ record carries the source record's key and value when Kafka Streams still has them, else the failed
 * record's key alone (never its value: that is what was too large); headers as Kafka's handlers write them, plus
 * {@value DeadLetterHeaders#REASON}={@value DeadLetterHeaders#PRODUCTION_ERROR} and {@value #FAILED_TOPIC}.
 */
public class VigilProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(VigilProductionExceptionHandler.class);

    /** The topic whose write failed (an output or a changelog topic). */
    public static final String FAILED_TOPIC = "vigil.dlq.failed.topic";
    /** Most bytes of key plus value copied into a DLQ record; a larger source value is left out. */
    static final int MAX_DLQ_PAYLOAD_BYTES = 512 * 1024;

    private String deadLetterTopic;
    private DeadLetterMetrics metrics = DeadLetterMetrics.from(Map.of(), "production");

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null ? null : String.valueOf(topic);
        metrics = DeadLetterMetrics.from(configs, "production");
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        log.error("Could not write a record to {}; the input goes to the DLQ and processing continues",
                record == null ? "?" : record.topic(), exception);
        return Response.resume(deadLetters(context, record == null ? null : record.topic(),
                record == null ? null : record.key(), exception));
    }

    @SuppressWarnings("rawtypes")
    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        log.error("Could not serialize the {} of a record for {}; the input goes to the DLQ and processing continues",
                origin, record == null ? "?" : record.topic(), exception);
        return Response.resume(deadLetters(context, record == null ? null : record.topic(), null, exception));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext context, String failedTopic,
                                                             byte[] failedKey, Exception exception) {
        if (deadLetterTopic == null) {
            return List.of();
        }
        try {
            return metrics.count(List.of(deadLetter(context, failedTopic, failedKey, exception)));
        } catch (RuntimeException unexpected) {
            // Never let the handler itself fail: Kafka Streams would treat that as fatal for the thread.
            log.error("Could not build the DLQ record for a failed write to {}", failedTopic, unexpected);
            return List.of();
        }
    }

    ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, String failedTopic, byte[] failedKey,
                                              Exception exception) {
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : failedKey;
        byte[] value = context.sourceRawValue();
        if (key != null && key.length > MAX_DLQ_PAYLOAD_BYTES) {
            key = null;
        }
        if (value != null && value.length + (key == null ? 0 : key.length) > MAX_DLQ_PAYLOAD_BYTES) {
            value = null;
        }
        // The workaround: a context without a record (changelog writes) has timestamp -1, which ProducerRecord refuses.
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(deadLetterTopic, null, timestamp, key, value);
        if (context.headers() != null) {
            for (Header header : context.headers()) {
                dead.headers().add(header);
            }
        }
        add(dead, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME, exception.getClass().getName());
        add(dead, ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME, String.valueOf(exception.getMessage()));
        add(dead, ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME, context.topic());
        add(dead, ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME, String.valueOf(context.partition()));
        add(dead, ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME, String.valueOf(context.offset()));
        add(dead, FAILED_TOPIC, failedTopic);
        add(dead, DeadLetterHeaders.REASON, DeadLetterHeaders.PRODUCTION_ERROR);
        return dead;
    }

    private static void add(ProducerRecord<byte[], byte[]> record, String name, String value) {
        if (value != null) {
            record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
