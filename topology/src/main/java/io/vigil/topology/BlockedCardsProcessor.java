package io.vigil.topology;

import io.vigil.detectors.fraud.CardBlock;
import io.vigil.events.Action;
import io.vigil.events.EntityType;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the blocked-cards table from the actions topic: BLOCK_CARD puts a card in it (a second block of a blocked
 * card keeps the first), UNBLOCK_CARD takes it out, other actions and other entities leave it alone.
 *
 * <p>It runs in the same task as the card processor (they share the store), because actions are keyed by card id
 * and the actions topic has the transactions topic's partition count: a card's block and its transactions meet in
 * one task, ordered by timestamp, changelogged and committed with the card state under exactly-once.
 */
final class BlockedCardsProcessor implements Processor<String, Action, Void, Void> {

    private KeyValueStore<String, CardBlock> blocks;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.blocks = context.getStateStore(TransactionTopology.BLOCKED_CARDS_STORE);
    }

    @Override
    public void process(Record<String, Action> record) {
        Action action = record.value();
        if (action == null) {
            // Thrown, not skipped: the processing exception handler sends it to the DLQ with this message.
            throw new IllegalArgumentException("Action record without value");
        }
        if (action.getEntityType() != EntityType.CARD) {
            return;
        }
        if (!action.getEntityId().equals(record.key())) {
            // A card's block must live in the task of the card's partition; a mis-keyed action would sit elsewhere.
            throw new IllegalArgumentException("Action " + action.getActionId() + " on card " + action.getEntityId()
                    + " is keyed '" + record.key() + "': expected the card id as key");
        }
        switch (action.getType()) {
            case BLOCK_CARD -> {
                if (blocks.get(record.key()) == null) {
                    blocks.put(record.key(), CardBlock.of(action.getActionId(), action.getAlertId(),
                            action.getTimestamp().toEpochMilli()));
                }
            }
            case UNBLOCK_CARD -> blocks.delete(record.key());
            default -> {
                // Notifications and other actions do not change whether a card may be used.
            }
        }
    }
}
