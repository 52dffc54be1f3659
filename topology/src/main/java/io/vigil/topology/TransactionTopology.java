package io.vigil.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.config.StoreType;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Optional;

/**
 * Card-fraud detection: transactions in, alerts out, one stateful processor in between.
 *
 * <p>Built with the Processor API rather than the DSL because the processor has two outputs of different
 * types (alerts, and late transactions) and owns exactly one store; every node and the store are named, so
 * that the topology, its changelog and its internal names stay stable across upgrades.
 */
public final class TransactionTopology {

    public static final String SOURCE = "transactions-source";
    public static final String PROCESSOR = "card-detector";
    public static final String CARD_STATE_STORE = "card-state";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String LATE_SINK = "late-transactions-sink";

    private final Topic<String, Transaction> transactions;
    private final Topic<String, Alert> alerts;
    private final Optional<String> lateEventsTopic;
    private final CardDetection detection;
    private final StoreType storeType;
    private final boolean caching;
    private final MeterRegistry registry;

    public TransactionTopology(Topic<String, Transaction> transactions, Topic<String, Alert> alerts,
                               Optional<String> lateEventsTopic, CardDetection detection,
                               StoreType storeType, boolean caching, MeterRegistry registry) {
        this.transactions = transactions;
        this.alerts = alerts;
        this.lateEventsTopic = lateEventsTopic;
        this.detection = detection;
        this.storeType = storeType;
        this.caching = caching;
        this.registry = registry;
    }

    public Topology build() {
        return addTo(new Topology());
    }

    /** Adds this sub-topology to {@code topology}, so one application can run card and device detection together. */
    public Topology addTo(Topology topology) {
        addSource(topology);
        addDetector(topology);
        addAlertsSink(topology);
        lateEventsTopic.ifPresent(topic -> addLateSink(topology, topic));
        return topology;
    }

    private void addSource(Topology topology) {
        topology.addSource(SOURCE, transactions.keySerde().deserializer(), transactions.valueSerde().deserializer(),
                transactions.name());
    }

    private void addDetector(Topology topology) {
        DetectionMetrics metrics = new DetectionMetrics(registry, "transactions");
        boolean forwardLate = lateEventsTopic.isPresent();
        topology.addProcessor(PROCESSOR, () -> new CardDetectionProcessor(detection, metrics, forwardLate), SOURCE);
        topology.addStateStore(cardStateStore(), PROCESSOR);
    }

    private StoreBuilder<KeyValueStore<String, CardState>> cardStateStore() {
        KeyValueBytesStoreSupplier supplier = storeType == StoreType.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(CARD_STATE_STORE)
                : Stores.persistentKeyValueStore(CARD_STATE_STORE);
        StoreBuilder<KeyValueStore<String, CardState>> builder =
                Stores.keyValueStoreBuilder(supplier, Serdes.String(), new CardStateSerde());
        // Measured (DESIGN.md): with many keys and a short commit interval the record cache costs more than it saves.
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    private void addAlertsSink(Topology topology) {
        topology.addSink(ALERTS_SINK, alerts.name(), alerts.keySerde().serializer(),
                narrow(alerts.valueSerde()), PROCESSOR);
    }

    private void addLateSink(Topology topology, String topic) {
        topology.addSink(LATE_SINK, topic, transactions.keySerde().serializer(),
                narrow(transactions.valueSerde()), PROCESSOR);
    }

    /** The processor forwards {@link SpecificRecord}s; each sink only ever receives its own type. */
    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> Serializer<SpecificRecord> narrow(Serde<V> serde) {
        Serializer<V> serializer = serde.serializer();
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, SpecificRecord value) {
                return serializer.serialize(topic, (V) value);
            }

            @Override
            public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, SpecificRecord value) {
                return serializer.serialize(topic, headers, (V) value);
            }

            @Override
            public void close() {
                serializer.close();
            }
        };
    }
}
