package io.vigil.topology;

import io.vigil.config.InputSettings;
import io.vigil.config.ReferenceClock;
import io.vigil.detectors.InputBounds;
import io.vigil.detectors.Rejection;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Optional;

/**
 * The gate in front of detection: an event outside the {@link InputBounds}, or stamped further ahead of the
 * reference clock than {@code vigil.max.clock.skew}, is refused before its entity's state is read, so it changes
 * nothing (above all, it never becomes the entity's lateness watermark). A refusal is counted by reason and thrown
 * as a {@link RejectedInputException}, which the processing exception handler writes to the dead-letter topic.
 *
 * <p>The reference clock is the wall clock live ({@link ProcessorContext#currentSystemTimeMs()}, which
 * TopologyTestDriver mocks), and the input record's Kafka timestamp in replays ({@link ReferenceClock#RECORD}):
 * on a topic with {@code LogAppendTime} that is when the broker appended the record, the recording's own clock.
 */
final class InputGuard {

    private final InputSettings settings;
    private final DetectionMetrics metrics;

    InputGuard(InputSettings settings, DetectionMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Refuses {@code record} by throwing when it is out of bounds; returns normally when it may be processed. */
    void checkTransaction(Record<String, Transaction> record, ProcessorContext<?, ?> context) {
        Transaction tx = record.value();
        Optional<Rejection> rejection = InputBounds.check(record.key(), tx);
        if (rejection.isEmpty()) {
            rejection = InputBounds.checkSkew("Transaction " + tx.getEventId() + " on card " + tx.getCardId(),
                    tx.getTimestamp().toEpochMilli(), referenceMillis(record, context), settings.maxClockSkew());
        }
        rejection.ifPresent(this::refuse);
    }

    /** Refuses {@code record} by throwing when it is out of bounds; returns normally when it may be processed. */
    void checkReading(Record<String, Telemetry> record, ProcessorContext<?, ?> context) {
        Telemetry reading = record.value();
        Optional<Rejection> rejection = InputBounds.check(record.key(), reading);
        if (rejection.isEmpty()) {
            rejection = InputBounds.checkSkew("Reading " + reading.getEventId() + " on device "
                    + reading.getDeviceId(), reading.getTimestamp().toEpochMilli(), referenceMillis(record, context),
                    settings.maxClockSkew());
        }
        rejection.ifPresent(this::refuse);
    }

    /** "Now" on the reference clock, for the event in {@code record}. */
    long referenceMillis(Record<?, ?> record, ProcessorContext<?, ?> context) {
        return settings.referenceClock() == ReferenceClock.RECORD ? record.timestamp() : context.currentSystemTimeMs();
    }

    private void refuse(Rejection rejection) {
        metrics.rejected(rejection.reason().code());
        throw new RejectedInputException(rejection);
    }
}
