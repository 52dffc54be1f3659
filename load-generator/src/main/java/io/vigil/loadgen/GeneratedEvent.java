package io.vigil.loadgen;

import io.vigil.events.Transaction;

import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;
import java.util.Objects;

/**
 * One event the scenario wants sent: which topic (by kind, so that topic names stay configuration), the Kafka
 * key, the Avro value, and when it enters the stream in scenario time.
 *
 * <p>{@code eventTime} is the value's own timestamp for every event except a replay, which re-sends an older
 * record unchanged (same event id, same timestamp) a few seconds later: there {@code eventTime} is when the
 * re-send happens. Ordering and pacing use {@code eventTime}; the Kafka record timestamp is the value's.
 *
 * @param topicKind {@link #TRANSACTIONS} (the only kind the fraud scenario emits) or {@link #TELEMETRY}
 */
public record GeneratedEvent(String topicKind, String key, SpecificRecord value, Instant eventTime) {

    public static final String TRANSACTIONS = "transactions";
    public static final String TELEMETRY = "telemetry";

    public GeneratedEvent {
        Objects.requireNonNull(topicKind, "topicKind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    static GeneratedEvent transaction(Transaction tx) {
        return new GeneratedEvent(TRANSACTIONS, tx.getCardId(), tx, tx.getTimestamp());
    }

    static GeneratedEvent transaction(Transaction tx, Instant emittedAt) {
        return new GeneratedEvent(TRANSACTIONS, tx.getCardId(), tx, emittedAt);
    }

    /** The value cast to the type its topic kind implies, e.g. {@code valueAs(Transaction.class)}. */
    public <T extends SpecificRecord> T valueAs(Class<T> type) {
        return type.cast(value);
    }
}
