package io.vigil.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Map;

/**
 * Counts the records Vigil's exception handlers hand to Kafka Streams for the dead-letter topic.
 *
 * <p>Kafka Streams instantiates exception handlers by class name, so the handlers cannot be given a meter
 * registry in a constructor; {@link StreamsProperties} puts the registry into the Streams properties under
 * {@link #REGISTRY_CONFIG}, and Kafka Streams passes every property to the handler's {@code configure}. Without
 * a registry there (a test driver, or properties built without one) the handlers still route to the DLQ and
 * only the counting is skipped.
 */
public final class DeadLetterMetrics {

    /** The Streams property that carries the {@link MeterRegistry} to the handlers (an object, not text). */
    static final String REGISTRY_CONFIG = "vigil.dlq.meter.registry";
    public static final String DLQ_RECORDS = "vigil.dlq.records";

    private final Counter counter;

    private DeadLetterMetrics(Counter counter) {
        this.counter = counter;
    }

    /** The counter for records from {@code source} (deserialization or processing), or a no-op without a registry. */
    static DeadLetterMetrics from(Map<String, ?> configs, String source) {
        Object registry = configs.get(REGISTRY_CONFIG);
        if (!(registry instanceof MeterRegistry meters)) {
            return new DeadLetterMetrics(null);
        }
        return new DeadLetterMetrics(Counter.builder(DLQ_RECORDS)
                .description("Records sent to the dead-letter topic, by the step that failed on them")
                .tag("source", source)
                .register(meters));
    }

    /** Counts what the handler's response will write and returns the records unchanged. */
    List<ProducerRecord<byte[], byte[]>> count(List<ProducerRecord<byte[], byte[]>> records) {
        if (counter != null && !records.isEmpty()) {
            counter.increment(records.size());
        }
        return records;
    }
}
