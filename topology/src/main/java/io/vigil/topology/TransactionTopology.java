package io.vigil.topology;

import io.vigil.config.InputSettings;
import io.vigil.config.StoreType;
import io.vigil.detectors.fraud.CardBlock;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Action;
import io.vigil.events.Alert;
import io.vigil.events.Transaction;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Card-fraud detection: transactions in, alerts out, one stateful processor in between.
 *
 * <p>Built with the Processor API rather than the DSL because the processor has two outputs of different
 * types (alerts, and late transactions) and owns exactly one store; every node and the store are named, so
 * that the topology, its changelog and its internal names stay stable across upgrades.
 *
 * <p>Two options make it part of the reactive chain: {@link #withRules} runs the rules in force on the rules topic
 * instead of a fixed {@link CardDetection}, and {@link #withBlockedCards} reads the actions topic into a
 * blocked-cards table that the card processor consults. That table is co-partitioned rather than global: actions
 * are keyed by card id like transactions, so with equal partition counts (which Vigil creates, and checks before
 * starting instances) a card's block sits in the task that sees its transactions, is changelogged and committed
 * with the card state under exactly-once, and is processed in one thread with the card's transactions, by timestamp
 * among the records fetched (the task does not wait for an actions partition it has not fetched yet:
 * {@code max.task.idle.ms=-1}, see {@link StreamsProperties}); a global table would copy every block to every
 * instance and be updated on another thread, out of step with processing.
 */
public final class TransactionTopology {

    public static final String SOURCE = "transactions-source";
    public static final String PROCESSOR = "card-detector";
    public static final String CARD_STATE_STORE = "card-state";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String LATE_SINK = "late-transactions-sink";

    public static final String ACTIONS_SOURCE = "actions-source";
    public static final String BLOCKS_PROCESSOR = "blocked-cards-updater";
    public static final String BLOCKED_CARDS_STORE = "blocked-cards";

    private final Topic<String, Transaction> transactions;
    private final Topic<String, Alert> alerts;
    private final Optional<String> lateEventsTopic;
    private final Supplier<LiveDetection<CardRules>> rules;
    private final Optional<Topic<String, Action>> actions;
    private final StoreType storeType;
    private final boolean caching;
    private final MeterRegistry registry;
    private final InputSettings input;
    private final Optional<Duration> idleTtl;

    /** Detection with a fixed {@code detection}, no rules topic and no blocked-cards table. */
    public TransactionTopology(Topic<String, Transaction> transactions, Topic<String, Alert> alerts,
                               Optional<String> lateEventsTopic, CardDetection detection,
                               StoreType storeType, boolean caching, MeterRegistry registry) {
        this(transactions, alerts, lateEventsTopic, () -> LiveDetection.fixed(new CardRules(detection, List.of())),
                Optional.empty(), storeType, caching, registry, InputSettings.defaults(), Optional.empty());
    }

    private TransactionTopology(Topic<String, Transaction> transactions, Topic<String, Alert> alerts,
                                Optional<String> lateEventsTopic, Supplier<LiveDetection<CardRules>> rules,
                                Optional<Topic<String, Action>> actions, StoreType storeType, boolean caching,
                                MeterRegistry registry, InputSettings input, Optional<Duration> idleTtl) {
        this.transactions = transactions;
        this.alerts = alerts;
        this.lateEventsTopic = lateEventsTopic;
        this.rules = rules;
        this.actions = actions;
        this.storeType = storeType;
        this.caching = caching;
        this.registry = registry;
        this.input = input;
        this.idleTtl = idleTtl;
    }

    /**
     * The same topology running the rules in force in {@code live} (the fraud rules and the blocked-card rules),
     * each card processor rebuilding its detectors when they change, instead of the fixed detection.
     */
    public TransactionTopology withRules(LiveRules live, Duration grace) {
        return new TransactionTopology(transactions, alerts, lateEventsTopic,
                () -> LiveDetection.following(live, rs -> CardRules.from(rs, grace)), actions, storeType, caching,
                registry, input, idleTtl);
    }

    /**
     * The same topology reading {@code actionsTopic} into the blocked-cards table, so that a transaction on a card
     * blocked by a BLOCK_CARD action raises the blocked-card rule's alert until an UNBLOCK_CARD action.
     */
    public TransactionTopology withBlockedCards(Topic<String, Action> actionsTopic) {
        return new TransactionTopology(transactions, alerts, lateEventsTopic, rules, Optional.of(actionsTopic),
                storeType, caching, registry, input, idleTtl);
    }

    /**
     * The same topology refusing transactions by {@code settings} (clock skew and reference clock); without this,
     * {@link InputSettings#defaults()}. Field bounds ({@link io.vigil.detectors.InputBounds}) always apply.
     */
    public TransactionTopology withInput(InputSettings settings) {
        return new TransactionTopology(transactions, alerts, lateEventsTopic, rules, actions, storeType, caching,
                registry, settings, idleTtl);
    }

    /**
     * The same topology deleting the state of cards idle for {@code ttl} (newest event older than that on the
     * reference clock), by a bounded sweep ({@link IdleSweep}); without this, card state is kept for ever.
     */
    public TransactionTopology withIdleExpiry(Duration ttl) {
        return new TransactionTopology(transactions, alerts, lateEventsTopic, rules, actions, storeType, caching,
                registry, input, Optional.of(ttl));
    }

    public Topology build() {
        return addTo(new Topology());
    }

    /** Adds this sub-topology to {@code topology}, so one application can run card and device detection together. */
    public Topology addTo(Topology topology) {
        addSource(topology);
        addDetector(topology);
        actions.ifPresent(topic -> addBlockedCards(topology, topic));
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
        boolean blockedCards = actions.isPresent();
        InputGuard guard = new InputGuard(input, metrics);
        Optional<IdleSweep.Settings> expiry = idleTtl.map(ttl -> IdleSweep.Settings.of(ttl, input.referenceClock()));
        topology.addProcessor(PROCESSOR,
                () -> new CardDetectionProcessor(rules.get(), metrics, forwardLate, blockedCards, guard, expiry),
                SOURCE);
        topology.addStateStore(cardStateStore(), PROCESSOR);
    }

    private void addBlockedCards(Topology topology, Topic<String, Action> topic) {
        topology.addSource(ACTIONS_SOURCE, topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
                topic.name());
        topology.addProcessor(BLOCKS_PROCESSOR, BlockedCardsProcessor::new, ACTIONS_SOURCE);
        // Connected to both processors, so Kafka Streams puts them (and both sources) in one sub-topology.
        topology.addStateStore(blockedCardsStore(), BLOCKS_PROCESSOR, PROCESSOR);
    }

    private StoreBuilder<KeyValueStore<String, CardBlock>> blockedCardsStore() {
        // On the heap whatever vigil.state.store says: it holds only the cards blocked now, and every transaction
        // looks its card up here, nearly always in vain. A miss in memory is a map lookup; in RocksDB it is a JNI
        // call and a search of every memtable and level (docs/performance.md). It is changelogged like any store,
        // so a restart restores it; being small, quickly.
        StoreBuilder<KeyValueStore<String, CardBlock>> builder = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(BLOCKED_CARDS_STORE), Serdes.String(), new CardBlockSerde());
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    private StoreBuilder<KeyValueStore<String, CardState>> cardStateStore() {
        StoreBuilder<KeyValueStore<String, CardState>> builder =
                Stores.keyValueStoreBuilder(StateStores.keyValue(storeType, CARD_STATE_STORE), Serdes.String(),
                        BoundedStateSerde.of(new CardStateSerde(), CardDetection.MAX_STATE_BYTES, "card"));
        // Measured (docs/performance.md): with many keys and a short commit interval the record cache costs more than it saves.
        return caching ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    private void addAlertsSink(Topology topology) {
        topology.addSink(ALERTS_SINK, alerts.name(), alerts.keySerde().serializer(),
                SpecificRecordSerializer.of(alerts.valueSerde(), Alert.class), PROCESSOR);
    }

    private void addLateSink(Topology topology, String topic) {
        topology.addSink(LATE_SINK, topic, transactions.keySerde().serializer(),
                SpecificRecordSerializer.of(transactions.valueSerde(), Transaction.class), PROCESSOR);
    }
}
