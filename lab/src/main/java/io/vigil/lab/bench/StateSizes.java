package io.vigil.lab.bench;

import io.vigil.detectors.StateFootprint;
import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.topology.TelemetryTopology;
import io.vigil.topology.TransactionTopology;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.function.Consumer;

/**
 * Bytes of detector state per entity, read from the running application's state store (interactive query) after
 * it has drained the backlog: the encoded size of every value ({@link StateFootprint}), which is what the store
 * and its changelog hold per card or device besides the key.
 *
 * @param entities   cards or devices in the store (or device metrics, for the per-metric figures)
 * @param meanBytes  average encoded state
 * @param p50Bytes   median
 * @param p99Bytes   99th percentile
 * @param maxBytes   the largest
 * @param totalBytes all together
 */
record StateSizes(long entities, double meanBytes, long p50Bytes, long p99Bytes, long maxBytes, long totalBytes) {

    static final StateSizes NONE = new StateSizes(0, 0, 0, 0, 0, 0);

    /** Card state, per card. */
    static StateSizes cards(KafkaStreams streams) {
        StateFootprint.Distribution sizes = new StateFootprint.Distribution();
        ReadOnlyKeyValueStore<String, CardState> store = streams.store(StoreQueryParameters.fromNameAndType(
                TransactionTopology.CARD_STATE_STORE, QueryableStoreTypes.<String, CardState>keyValueStore()));
        forEach(store, state -> sizes.add(StateFootprint.cardBytes(state)));
        return of(sizes);
    }

    /** Device state, per device and per device metric (a device's bytes shared out over its metrics). */
    static Devices devices(KafkaStreams streams) {
        StateFootprint.Distribution perDevice = new StateFootprint.Distribution();
        StateFootprint.Distribution perMetric = new StateFootprint.Distribution();
        ReadOnlyKeyValueStore<String, DeviceState> store = streams.store(StoreQueryParameters.fromNameAndType(
                TelemetryTopology.DEVICE_STATE_STORE, QueryableStoreTypes.<String, DeviceState>keyValueStore()));
        forEach(store, state -> {
            perDevice.add(StateFootprint.deviceBytes(state));
            perMetric.add(StateFootprint.deviceBytesPerMetric(state));
        });
        return new Devices(of(perDevice), of(perMetric));
    }

    /** Device state sizes both ways. */
    record Devices(StateSizes perDevice, StateSizes perMetric) {
        static final Devices NONE = new Devices(StateSizes.NONE, StateSizes.NONE);
    }

    private static <V> void forEach(ReadOnlyKeyValueStore<String, V> store, Consumer<V> each) {
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> each.accept(entry.value));
        }
    }

    private static StateSizes of(StateFootprint.Distribution sizes) {
        if (sizes.count() == 0) {
            return NONE;
        }
        return new StateSizes(sizes.count(), sizes.mean(), Math.round(sizes.percentile(50)),
                Math.round(sizes.percentile(99)), Math.round(sizes.max()), Math.round(sizes.total()));
    }
}
