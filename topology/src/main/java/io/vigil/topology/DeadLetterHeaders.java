package io.vigil.topology;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Vigil's header on every dead-letter record, next to Kafka's {@code __streams.errors.*} headers: why the record is
 * there, as a short stable code a consumer of the DLQ can route on ({@code clock-skew}, {@code field-too-long},
 * {@code unreadable}, {@code production-error}, ...).
 */
public final class DeadLetterHeaders {

    /** The reason code of a dead-letter record. */
    public static final String REASON = "vigil.dlq.reason";
    /** Reason of a record that could not be deserialized. */
    public static final String UNREADABLE = "unreadable";
    /** Reason of a record whose processing threw anything other than a rejection. */
    public static final String PROCESSING_ERROR = "processing-error";
    /** Reason of a record whose output or changelog write failed. */
    public static final String PRODUCTION_ERROR = "production-error";

    private DeadLetterHeaders() {
    }

    /** The reason code for {@code exception}: the rejection's code if one is in its cause chain, else {@code fallback}. */
    static String reason(Throwable exception, String fallback) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedInputException rejected) {
                return rejected.rejection().reason().code();
            }
        }
        return fallback;
    }

    /** Adds the reason header to each record; returns them for chaining. */
    static List<ProducerRecord<byte[], byte[]>> withReason(List<ProducerRecord<byte[], byte[]>> records, String reason) {
        for (ProducerRecord<byte[], byte[]> record : records) {
            record.headers().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }
}
