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

    /** The per-entity stores: one value per card or device. */
    public static final List<String> ENTITY_STORES =
            List.of(TransactionTopology.CARD_STATE_STORE, TelemetryTopology.DEVICE_STATE_STORE);

    private StateStoreMetrics() {
    }

    public static void bind(KafkaStreams streams, MeterRegistry registry) {
        for (String store : ENTITY_STORES) {
            Gauge.builder(STATE_ENTRIES, streams, s -> approximateEntries(s, store))
                    .description("Entities with detector state in this instance's active tasks (estimate)")
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
