package io.vigil.topology;

import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one per-card processor: one state read, every fraud detector, at most one state write per transaction.
 *
 * <p>Input is keyed by card id and partitioned by it, so all of a card's events meet its state here without a
 * repartition. Alerts go to the alerts sink; events later than the grace period go to the late-events sink
 * when one is configured (and are counted either way), so nothing vanishes silently.
 */
final class CardDetectionProcessor implements Processor<String, Transaction, String, SpecificRecord> {

    private final CardDetection detection;
    private final DetectionMetrics metrics;
    private final boolean forwardLate;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CardState> store;

    CardDetectionProcessor(CardDetection detection, DetectionMetrics metrics, boolean forwardLate) {
        this.detection = detection;
        this.metrics = metrics;
        this.forwardLate = forwardLate;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(TransactionTopology.CARD_STATE_STORE);
    }

    @Override
    public void process(Record<String, Transaction> record) {
        Transaction tx = record.value();
        if (record.key() == null || tx == null) {
            // Thrown, not skipped: the processing exception handler sends it to the DLQ with this message.
            throw new IllegalArgumentException("Transaction record without " + (tx == null ? "value" : "key (cardId)"));
        }
        CardState state = store.get(record.key());
        if (state == null) {
            state = new CardState();
        }
        CardDetection.Outcome outcome = detection.process(state, tx);
        switch (outcome.disposition()) {
            case LATE -> {
                metrics.late();
                if (forwardLate) {
                    context.forward(record, TransactionTopology.LATE_SINK);
                }
            }
            case DUPLICATE_EVENT -> metrics.duplicate();
            case ACCEPTED -> {
                metrics.accepted();
                store.put(record.key(), state);
                long now = context.currentSystemTimeMs();
                for (Alert alert : outcome.alerts()) {
                    metrics.alert(alert);
                    metrics.alertLatency(tx.getTimestamp().toEpochMilli(), now);
                    context.forward(new Record<String, SpecificRecord>(record.key(), alert, record.timestamp()),
                            TransactionTopology.ALERTS_SINK);
                }
            }
        }
    }
}
