package io.vigil.topology;

import io.vigil.config.InputSettings;
import io.vigil.config.StoreType;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * IoT telemetry detection: readings in, alerts out, one stateful processor in between, plus a wall-clock
 * punctuator on the same processor for devices that fall silent.
 *
 * <p>Same shape as {@link TransactionTopology}, for the same reasons (two outputs of different types, one state
 * value per entity, stable names). The processor owns two stores: the per-device state, and the silence
 * deadline index that lets the punctuator find due devices without scanning all of them. Node names differ
 * from the transaction topology's, so both can be added to one {@link Topology} with {@link #addTo(Topology)}.
 */
public final class TelemetryTopology {

    public static final String SOURCE = "telemetry-source";
    public static final String PROCESSOR = "device-detector";
    public static final String DEVICE_STATE_STORE = "device-state";
    public static final String DEADLINE_STORE = "device-deadlines";
    public static final String ALERTS_SINK = "telemetry-alerts-sink";
    public static final String LATE_SINK = "late-telemetry-sink";
    /** The {@code topology} tag of this topology's {@link DetectionMetrics}. */
    public static final String METRICS_TAG = "telemetry";

    private final Topic<String, Telemetry> telemetry;
    private final Topic<String, Alert> alerts;
    private final Optional<String> lateEventsTopic;
    private final Supplier<LiveDetection<DeviceDetection>> rules;
    private final StoreType storeType;
    private final boolean caching;
    private final MeterRegistry registry;
    private final InputSettings input;
    private final Optional<Duration> idleTtl;

    /** Detection with a fixed {@code detection}, no rules topic. */
    public TelemetryTopology(Topic<String, Telemetry> telemetry, Topic<String, Alert> alerts,
                             Optional<String> lateEventsTopic, DeviceDetection detection,
                             StoreType storeType, boolean caching, MeterRegistry registry) {
        this(telemetry, alerts, lateEventsTopic, () -> LiveDetection.fixed(detection), storeType, caching, registry,
                InputSettings.defaults(), Optional.empty());
    }

    private TelemetryTopology(Topic<String, Telemetry> telemetry, Topic<String, Alert> alerts,
                              Optional<String> lateEventsTopic, Supplier<LiveDetection<DeviceDetection>> rules,
                              StoreType storeType, boolean caching, MeterRegistry registry, InputSettings input,
                              Optional<Duration> idleTtl) {
        this.telemetry = telemetry;
        this.alerts = alerts;
        this.lateEventsTopic = lateEventsTopic;
        this.rules = rules;
        this.storeType = storeType;
        this.caching = caching;
        this.registry = registry;
        this.input = input;
        this.idleTtl = idleTtl;
    }

    /**
     * The same topology running the telemetry rules in force in {@code live}, each device processor rebuilding its
     * detectors (and moving its silence punctuator) when they change.
     */
    public TelemetryTopology withRules(LiveRules live, Duration grace) {
        return new TelemetryTopology(telemetry, alerts, lateEventsTopic,
                () -> LiveDetection.following(live, rs -> DeviceDetection.fromRules(rs, grace)), storeType, caching,
                registry, input, idleTtl);
    }

    /**
     * The same topology refusing readings by {@code settings} (clock skew and reference clock); without this,
     * {@link InputSettings#defaults()}. Field bounds ({@link io.vigil.detectors.InputBounds}) always apply.
     */
    public TelemetryTopology withInput(InputSettings settings) {
        return new TelemetryTopology(telemetry, alerts, lateEventsTopic, rules, storeType, caching, registry,
                settings, idleTtl);
    }

    /**
     * The same topology deleting the state (and silence deadline) of devices idle for {@code ttl}, by a bounded
     * sweep ({@link IdleSweep}); without this, device state is kept for ever.
     */
    public TelemetryTopology withIdleExpiry(Duration ttl) {
        return new TelemetryTopology(telemetry, alerts, lateEventsTopic, rules, storeType, caching, registry, input,
                Optional.of(ttl));
    }

    public Topology build() {
        return addTo(new Topology());
    }

    /** Adds this topology's nodes and stores to {@code topology} (e.g. next to the transaction topology). */
    public Topology addTo(Topology topology) {
        addSource(topology);
        addDetector(topology);
        addAlertsSink(topology);
        lateEventsTopic.ifPresent(topic -> addLateSink(topology, topic));
        return topology;
    }

    private void addSource(Topology topology) {
        topology.addSource(SOURCE, telemetry.keySerde().deserializer(), telemetry.valueSerde().deserializer(),
                telemetry.name());
    }

    private void addDetector(Topology topology) {
        DetectionMetrics metrics = new DetectionMetrics(registry, METRICS_TAG);
        boolean forwardLate = lateEventsTopic.isPresent();
        InputGuard guard = new InputGuard(input, metrics);
        Optional<IdleSweep.Settings> expiry = idleTtl.map(ttl -> IdleSweep.Settings.of(ttl, input.referenceClock()));
        topology.addProcessor(PROCESSOR,
                () -> new DeviceDetectionProcessor(rules.get(), metrics, forwardLate, guard, expiry, telemetry.name()),
                SOURCE);
        topology.addStateStore(deviceStateStore(), PROCESSOR);
        topology.addStateStore(deadlineStore(), PROCESSOR);
    }

    private StoreBuilder<KeyValueStore<String, DeviceState>> deviceStateStore() {
        StoreBuilder<KeyValueStore<String, DeviceState>> builder =
                Stores.keyValueStoreBuilder(StateStores.keyValue(storeType, DEVICE_STATE_STORE), Serdes.String(),
                        BoundedStateSerde.of(new DeviceStateSerde(), CardDetection.MAX_STATE_BYTES, "device"));
        // Measured (docs/performance.md): with many keys and a short commit interval the record cache costs more than it saves.
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    private StoreBuilder<KeyValueStore<Bytes, byte[]>> deadlineStore() {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> builder =
                Stores.keyValueStoreBuilder(StateStores.keyValue(storeType, DEADLINE_STORE), Serdes.Bytes(), Serdes.ByteArray());
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }


    private void addAlertsSink(Topology topology) {
        topology.addSink(ALERTS_SINK, alerts.name(), alerts.keySerde().serializer(),
                SpecificRecordSerializer.of(alerts.valueSerde(), Alert.class), PROCESSOR);
    }

    private void addLateSink(Topology topology, String topic) {
        topology.addSink(LATE_SINK, topic, telemetry.keySerde().serializer(),
                SpecificRecordSerializer.of(telemetry.valueSerde(), Telemetry.class), PROCESSOR);
    }
}
