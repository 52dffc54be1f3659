package io.vigil.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.config.EscalationSettings;
import io.vigil.config.StoreType;
import io.vigil.events.Alert;
import io.vigil.events.Incident;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Escalation, the first link of the reactive chain inside the topology: alerts in, incidents out.
 *
 * <p>It reads the alerts topic back rather than taking alerts straight from the detection processors, because an
 * entity's alerts come from two sub-topologies (a card's fraud alerts and its blocked-card alerts are one, but a
 * future rule on another stream would be another) and the alerts topic, keyed by entity, already brings all of an
 * entity's alerts to one partition. Under exactly-once it sees only committed alerts, once each.
 */
public final class EscalationTopology {

    public static final String SOURCE = "alerts-source";
    public static final String PROCESSOR = "escalator";
    public static final String ESCALATION_STORE = "escalation-state";
    public static final String INCIDENTS_SINK = "incidents-sink";
    /** Counter of incidents opened. */
    public static final String INCIDENTS = "vigil.incidents";

    private final Topic<String, Alert> alerts;
    private final Topic<String, Incident> incidents;
    private final EscalationSettings settings;
    private final StoreType storeType;
    private final boolean caching;
    private final MeterRegistry registry;

    public EscalationTopology(Topic<String, Alert> alerts, Topic<String, Incident> incidents,
                              EscalationSettings settings, StoreType storeType, boolean caching,
                              MeterRegistry registry) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.settings = settings;
        this.storeType = storeType;
        this.caching = caching;
        this.registry = registry;
    }

    public Topology build() {
        return addTo(new Topology());
    }

    public Topology addTo(Topology topology) {
        topology.addSource(SOURCE, alerts.keySerde().deserializer(), alerts.valueSerde().deserializer(), alerts.name());
        Counter opened = Counter.builder(INCIDENTS).description("Incidents opened by escalation").register(registry);
        topology.addProcessor(PROCESSOR, () -> new EscalationProcessor(settings, opened), SOURCE);
        topology.addStateStore(store(), PROCESSOR);
        topology.addSink(INCIDENTS_SINK, incidents.name(), incidents.keySerde().serializer(),
                incidents.valueSerde().serializer(), PROCESSOR);
        return topology;
    }

    private StoreBuilder<KeyValueStore<String, byte[]>> store() {
        KeyValueBytesStoreSupplier supplier = storeType == StoreType.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(ESCALATION_STORE)
                : Stores.persistentKeyValueStore(ESCALATION_STORE);
        StoreBuilder<KeyValueStore<String, byte[]>> builder =
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray());
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }
}
