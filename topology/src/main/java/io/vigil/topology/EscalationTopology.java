package io.vigil.topology;

import io.vigil.config.EscalationSettings;
import io.vigil.config.ReferenceClock;
import io.vigil.config.StoreType;
import io.vigil.events.Alert;
import io.vigil.events.Incident;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Optional;

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
    private final Optional<ReferenceClock> expiry;

    /**
     * Pending alerts are kept this long beyond the escalation window before they expire, so that an alert delayed by
     * a backlog (it carries its event time, which may trail the reference clock) still finds its company.
     */
    static final Duration EXPIRY_MARGIN = Duration.ofHours(1);

    public EscalationTopology(Topic<String, Alert> alerts, Topic<String, Incident> incidents,
                              EscalationSettings settings, StoreType storeType, boolean caching,
                              MeterRegistry registry) {
        this(alerts, incidents, settings, storeType, caching, registry, Optional.empty());
    }

    private EscalationTopology(Topic<String, Alert> alerts, Topic<String, Incident> incidents,
                               EscalationSettings settings, StoreType storeType, boolean caching,
                               MeterRegistry registry, Optional<ReferenceClock> expiry) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.settings = settings;
        this.storeType = storeType;
        this.caching = caching;
        this.registry = registry;
        this.expiry = expiry;
    }

    /**
     * The same topology deleting an entity's pending alerts once the newest is older than the window (plus
     * {@link #EXPIRY_MARGIN}) on {@code clock}: they can no longer escalate with any alert to come, and without this
     * an entity with fewer alerts than the threshold kept its entry for ever.
     */
    public EscalationTopology withExpiry(ReferenceClock clock) {
        return new EscalationTopology(alerts, incidents, settings, storeType, caching, registry, Optional.of(clock));
    }

    public Topology build() {
        return addTo(new Topology());
    }

    public Topology addTo(Topology topology) {
        topology.addSource(SOURCE, alerts.keySerde().deserializer(), alerts.valueSerde().deserializer(), alerts.name());
        Counter opened = Counter.builder(INCIDENTS).description("Incidents opened by escalation").register(registry);
        Optional<IdleSweep.Settings> sweep = expiry.map(clock ->
                IdleSweep.Settings.of(settings.window().plus(EXPIRY_MARGIN), clock));
        Counter expired = Counter.builder(IdleSweep.EXPIRED)
                .description("Entities whose state was deleted after their idle time-to-live, by store")
                .tag("store", ESCALATION_STORE).register(registry);
        topology.addProcessor(PROCESSOR, () -> new EscalationProcessor(settings, opened, sweep, expired), SOURCE);
        topology.addStateStore(store(), PROCESSOR);
        topology.addSink(INCIDENTS_SINK, incidents.name(), incidents.keySerde().serializer(),
                incidents.valueSerde().serializer(), PROCESSOR);
        return topology;
    }

    private StoreBuilder<KeyValueStore<String, byte[]>> store() {
        KeyValueBytesStoreSupplier supplier = StateStores.keyValue(storeType, ESCALATION_STORE);
        StoreBuilder<KeyValueStore<String, byte[]>> builder =
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), Serdes.ByteArray());
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }
}
