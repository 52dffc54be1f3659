package io.vigil.topology;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.List;

/**
 * How many entities (cards, devices) this instance holds state for: a gauge per entity store
 * ({@value #STATE_ENTRIES}, tag {@code store}) read from the stores' own estimates at scrape time.
 *
 * <p>Only active tasks count (standby copies are excluded), so summing the gauge over instances gives the
 * deployment's entity count. RocksDB's figure is an estimate (it counts keys in memtables and SST files before
 * compaction merges overwrites), good for capacity planning rather than exact counts. While the instance is
 * not queryable (starting, rebalancing, restoring) the gauge reports NaN rather than a misleading zero.
 */
public final class StateStoreMetrics {

    public static final String STATE_ENTRIES = "vigil.state.entries";

    /**
     * The stores whose size is exported: one value per card or device, the silence deadlines, the blocked cards
     * and the alerts pending escalation. All of them shrink again (idle expiry, deadlines handled, unblocks,
     * escalation entries expiring), so a gauge that only grows is a leak.
     */
    public static final List<String> ENTITY_STORES =
            List.of(TransactionTopology.CARD_STATE_STORE, TelemetryTopology.DEVICE_STATE_STORE,
                    TelemetryTopology.DEADLINE_STORE, TransactionTopology.BLOCKED_CARDS_STORE,
                    EscalationTopology.ESCALATION_STORE);

    private StateStoreMetrics() {
    }

    public static void bind(KafkaStreams streams, MeterRegistry registry) {
        for (String store : ENTITY_STORES) {
            Gauge.builder(STATE_ENTRIES, streams, s -> approximateEntries(s, store))
                    .description("Entries in this instance's active tasks' store (estimate)")
                    .tag("store", store)
                    .register(registry);
        }
    }

    static double approximateEntries(KafkaStreams streams, String store) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return Double.NaN;
        }
        try {
            ReadOnlyKeyValueStore<Object, Object> local = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
            return local.approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }
}
