package io.vigil.lab.bench;

import io.vigil.topology.StateStoreMetrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.util.Map;
import java.util.TreeMap;

/**
 * Entries per state store after a drain, read through the same {@value StateStoreMetrics#STATE_ENTRIES} gauges an
 * operator scrapes (RocksDB's figure is an estimate); stores the stage's topology does not have are left out.
 */
final class StoreEntries {

    private StoreEntries() {
    }

    static Map<String, Long> of(KafkaStreams streams) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StateStoreMetrics.bind(streams, registry);
        Map<String, Long> entries = new TreeMap<>();
        for (Gauge gauge : registry.find(StateStoreMetrics.STATE_ENTRIES).gauges()) {
            double value = gauge.value();
            if (!Double.isNaN(value)) {
                entries.put(gauge.getId().getTag("store"), (long) value);
            }
        }
        return entries;
    }
}
