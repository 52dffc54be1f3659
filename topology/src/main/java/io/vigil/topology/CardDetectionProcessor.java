package io.vigil.topology;

import io.vigil.detectors.fraud.BlockedCardUseDetector;
import io.vigil.detectors.fraud.CardBlock;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.List;
import java.util.Optional;

/**
 * The one per-card processor: one state read, every fraud detector, at most one state write per transaction.
 *
 * <p>Input is keyed by card id and partitioned by it, so all of a card's events meet its state here without a
 * repartition. Alerts go to the alerts sink; events later than the grace period go to the late-events sink
 * when one is configured (and are counted either way), so nothing vanishes silently.
 *
 * <p>The detectors are those of the rules in force ({@link LiveDetection}): a rule change published on the rules
 * topic applies from the next transaction this task processes. With the blocked-cards table configured, a
 * transaction on a blocked card also raises the blocked-card rule's alert; that costs one more store read per
 * transaction, on a table that holds only the blocked cards.
 */
final class CardDetectionProcessor implements Processor<String, Transaction, String, SpecificRecord> {

    private final LiveDetection<CardRules> rules;
    private final DetectionMetrics metrics;
    private final boolean forwardLate;
    private final boolean blockedCards;
    private final InputGuard guard;
    private final Optional<IdleSweep.Settings> expiry;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, CardState> store;
    private KeyValueStore<String, CardBlock> blocks;

    CardDetectionProcessor(LiveDetection<CardRules> rules, DetectionMetrics metrics, boolean forwardLate,
                           boolean blockedCards, InputGuard guard, Optional<IdleSweep.Settings> expiry) {
        this.rules = rules;
        this.metrics = metrics;
        this.forwardLate = forwardLate;
        this.blockedCards = blockedCards;
        this.guard = guard;
        this.expiry = expiry;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = context.getStateStore(TransactionTopology.CARD_STATE_STORE);
        if (blockedCards) {
            this.blocks = context.getStateStore(TransactionTopology.BLOCKED_CARDS_STORE);
        }
        expiry.ifPresent(settings -> {
            IdleSweep<CardState> sweep = new IdleSweep<>(store, CardState::maxEventTimeMillis,
                    settings.ttl().toMillis(), settings.batch(), (cardId, state) -> { },
                    metrics.expired(TransactionTopology.CARD_STATE_STORE));
            context.schedule(settings.interval(), settings.type(), sweep::sweep);
        });
    }

    @Override
    public void process(Record<String, Transaction> record) {
        Transaction tx = record.value();
        if (record.key() == null || tx == null) {
            // Thrown, not skipped: the processing exception handler sends it to the DLQ with this message.
            throw new IllegalArgumentException("Transaction record without " + (tx == null ? "value" : "key (cardId)"));
        }
        // Before the state is read: a refused event (oversized, far future, ...) changes nothing.
        guard.checkTransaction(record, context);
        CardRules inForce = rules.current();
        CardState state = store.get(record.key());
        if (state == null) {
            state = new CardState();
        }
        CardDetection.Outcome outcome = inForce.detection().process(state, tx);
        switch (outcome.disposition()) {
            case LATE -> {
                metrics.late();
                if (forwardLate) {
                    context.forward(record, TransactionTopology.LATE_SINK);
                }
                checkBlocked(record, tx, inForce.blocked());
            }
            case DUPLICATE_EVENT -> metrics.duplicate();
            case ACCEPTED -> {
                metrics.accepted();
                store.put(record.key(), state);
                forward(record, outcome.alerts());
                checkBlocked(record, tx, inForce.blocked());
            }
        }
    }

    /** A late transaction on a blocked card still is an attempt to use it, so it is checked too. */
    private void checkBlocked(Record<String, Transaction> record, Transaction tx, List<BlockedCardUseDetector> detectors) {
        if (blocks == null || detectors.isEmpty()) {
            return;
        }
        CardBlock block = blocks.get(record.key());
        if (block == null) {
            return;
        }
        CardBlock updated = block;
        for (BlockedCardUseDetector detector : detectors) {
            Optional<Alert> alert = detector.evaluate(updated, tx);
            if (alert.isPresent()) {
                updated = updated.alerted(detector.rule().id(), tx.getTimestamp().toEpochMilli());
                forward(record, List.of(alert.get()));
            }
        }
        if (updated != block) {
            blocks.put(record.key(), updated);
        }
    }

    private void forward(Record<String, Transaction> record, List<Alert> alerts) {
        long now = context.currentSystemTimeMs();
        for (Alert alert : alerts) {
            metrics.alert(alert);
            metrics.alertLatency(record.value().getTimestamp().toEpochMilli(), now);
            context.forward(new Record<String, SpecificRecord>(record.key(), alert, record.timestamp()),
                    TransactionTopology.ALERTS_SINK);
        }
    }
}
