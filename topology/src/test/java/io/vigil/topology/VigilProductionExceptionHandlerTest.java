package io.vigil.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Issue 12, part 8: a changelog record over the topic's limit made Kafka's production handler throw while building
 * its DLQ record, which killed the stream thread. The context below is exactly what {@code RecordCollectorImpl}
 * builds for a changelog write: no record, timestamp -1, no source bytes.
 */
class VigilProductionExceptionHandlerTest {

    private static final Map<String, Object> CONFIG =
            Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "vigil.dlq");

    private final ErrorHandlerContext changelogContext = new DefaultErrorHandlerContext(null, null, -1, -1,
            new RecordHeaders(), null, new TaskId(0, 3), -1L, null, null);
    private final ProducerRecord<byte[], byte[]> tooLarge = new ProducerRecord<>("vigil-card-state-changelog", 3,
            1_700_000_000_000L, "card-1".getBytes(StandardCharsets.UTF_8), new byte[1_200_000]);
    private final RecordTooLargeException error = new RecordTooLargeException("The message is 1200090 bytes");

    @Test
    void shouldShowTheUpstreamFailureWhenKafkasHandlerBuildsADeadLetterForAChangelogWrite() {
        // Given Kafka's default handler with a DLQ topic, as every Vigil instance had
        DefaultProductionExceptionHandler kafkas = new DefaultProductionExceptionHandler();
        kafkas.configure(CONFIG);

        // When a changelog write fails, Then the handler itself throws: the thread dies (upstream bug)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kafkas.handleError(changelogContext, tooLarge, error));
        assertEquals("Invalid timestamp: -1. Timestamp should always be non-negative or null.", e.getMessage());
    }

    @Test
    void shouldContinueWithADeadLetterWhenAChangelogWriteIsTooLarge() {
        // Given
        VigilProductionExceptionHandler handler = new VigilProductionExceptionHandler();
        handler.configure(CONFIG);

        // When
        ProductionExceptionHandler.Response response = handler.handleError(changelogContext, tooLarge, error);

        // Then processing resumes, and the DLQ record names the error without the oversized value
        assertEquals(ProductionExceptionHandler.Result.RESUME, response.result());
        List<ProducerRecord<byte[], byte[]>> dead = response.deadLetterQueueRecords();
        assertEquals(1, dead.size());
        ProducerRecord<byte[], byte[]> record = dead.get(0);
        assertEquals("vigil.dlq", record.topic());
        assertNull(record.timestamp(), "no timestamp: the producer stamps it");
        assertArrayEquals("card-1".getBytes(StandardCharsets.UTF_8), record.key());
        assertNull(record.value());
        assertEquals(Map.of(
                "__streams.errors.exception", RecordTooLargeException.class.getName(),
                "__streams.errors.message", "The message is 1200090 bytes",
                "__streams.errors.partition", "-1",
                "__streams.errors.offset", "-1",
                VigilProductionExceptionHandler.FAILED_TOPIC, "vigil-card-state-changelog",
                DeadLetterHeaders.REASON, DeadLetterHeaders.PRODUCTION_ERROR), headers(record));
    }

    @Test
    void shouldCarryTheSourceRecordWhenKafkaStreamsStillHasIt() {
        // Given an output write failing while its input record is known
        ErrorHandlerContext withSource = new DefaultErrorHandlerContext(null, "vigil.transactions", 2, 41,
                new RecordHeaders(), "card-detector", new TaskId(0, 2), 1_700_000_000_000L,
                "card-1".getBytes(StandardCharsets.UTF_8), "raw".getBytes(StandardCharsets.UTF_8));
        VigilProductionExceptionHandler handler = new VigilProductionExceptionHandler();
        handler.configure(CONFIG);

        // When
        ProducerRecord<byte[], byte[]> record = handler.handleError(withSource,
                new ProducerRecord<>("vigil.alerts", new byte[0], new byte[0]), error).deadLetterQueueRecords().get(0);

        // Then
        assertEquals(1_700_000_000_000L, record.timestamp());
        assertArrayEquals("raw".getBytes(StandardCharsets.UTF_8), record.value());
        assertEquals("vigil.transactions", headers(record).get("__streams.errors.topic"));
    }

    @Test
    void shouldRetryWhenTheErrorIsRetriable() {
        VigilProductionExceptionHandler handler = new VigilProductionExceptionHandler();
        handler.configure(CONFIG);

        assertEquals(ProductionExceptionHandler.Result.RETRY,
                handler.handleError(changelogContext, tooLarge, new TimeoutException("slow")).result());
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new java.util.TreeMap<>();
        record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}
