package io.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardState;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.events.Transaction;
import io.vigil.serdes.SpecificAvroSerializer;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;
import io.vigil.serdes.testkit.Events;
import io.vigil.topology.DetectionMetrics;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.TransactionTopology;
import io.vigil.topology.VigilTopology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 12, part 2, on the real broker under exactly-once: a burst of cards used once each, then time passes beyond
 * a short time-to-live; the card-state store and its changelog's live keys fall back to (near) zero, while a card
 * that keeps paying is kept. What the topology test driver cannot show: RocksDB, the changelog's tombstones as a
 * {@code read_committed} reader sees them, and the sweep keeping up with a real thread.
 *
 * <p>Scaled to {@value #CARDS} cards rather than 100,000: the sweep examines 1,000 entries per task per second, so
 * with the two partitions here 100,000 cards take about 50 s of sweeping after a minute or more of producing and
 * processing on a 2-core machine shared with other builds; {@value #CARDS} exercise exactly the same path (several
 * slices per task, the resume cursor, tombstones) in well under a minute. Raise {@link #CARDS} to 100,000 on a quiet
 * machine; nothing else changes.
 */
class IdleExpiryRealBrokerTest {

    private static final int CARDS = 20_000;
    private static final String KEPT = "card-kept";
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        broker = EmbeddedKafkaBroker.start(0, null, 2, EmbeddedKafkaBroker.DEFAULT_READY_TIMEOUT);
        registry = EmbeddedSchemaRegistry.start(0);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldDeleteCardsUsedOnceAndKeepTheActiveOneWhenTheirTtlPasses() throws Exception {
        // Given cards that live 5 s after their newest transaction, and a card that pays every 500 ms throughout
        VigilConfig config = config();
        Map<String, Object> clients = new HashMap<>(config.kafka().properties());
        ScheduledExecutorService keptCard = Executors.newSingleThreadScheduledExecutor();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (StreamInstance instance = new StreamInstance("it-1", VigilTopology.build(config, clients, meters),
                     StreamsProperties.forInstance(config, "it-1"));
             KafkaProducer<String, SpecificRecord> producer = avroProducer()) {
            instance.start();
            instance.awaitRunning(WAIT);
            AtomicInteger keptPayments = new AtomicInteger();
            keptCard.scheduleAtFixedRate(() -> send(producer, config, KEPT, "kept-" + keptPayments.incrementAndGet()),
                    0, 500, TimeUnit.MILLISECONDS);

            // When a burst of distinct cards pays once each
            for (int i = 0; i < CARDS; i++) {
                String card = String.format("card-%06d", i);
                send(producer, config, card, card + "-tx");
            }
            producer.flush();

            // Then, once the burst is processed (the sweep may already be deleting its first cards meanwhile),
            // the store falls back to the one active card
            assertTrue(KafkaTestKit.eventually(WAIT, () -> accepted(meters) >= CARDS),
                    "the burst was processed; accepted: " + accepted(meters));
            assertTrue(KafkaTestKit.eventually(WAIT, () -> cardStates(instance.streams()) <= 1),
                    "idle cards expired; left: " + cardStates(instance.streams()));
            assertTrue(cardIds(instance.streams()).contains(KEPT), "the active card is kept");

            // And the changelog, as a read_committed reader folds it, holds live keys only for the active card (the
            // store empties before the transaction carrying the tombstones commits: read until it has)
            keptCard.shutdownNow();
            String changelog = config.streams().applicationId() + "-" + TransactionTopology.CARD_STATE_STORE
                    + "-changelog";
            Map<String, Boolean> live = new HashMap<>();
            KafkaTestKit.eventually(WAIT, () -> {
                live.clear();
                for (ConsumerRecord<String, byte[]> record : KafkaTestKit.readAll(clients, changelog, true)) {
                    live.put(record.key(), record.value() != null);
                }
                return live.size() == CARDS + 1 && liveKeys(live).equals(Set.of(KEPT));
            });
            assertEquals(CARDS + 1, live.size(), "every card reached the changelog");
            assertEquals(Set.of(KEPT), liveKeys(live));
            assertEquals(KafkaStreams.State.RUNNING, instance.state());
        } finally {
            keptCard.shutdownNow();
        }
    }

    private static Set<String> liveKeys(Map<String, Boolean> folded) {
        return Set.copyOf(folded.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList());
    }

    private static double accepted(SimpleMeterRegistry meters) {
        Counter accepted = meters.find(DetectionMetrics.EVENTS)
                .tags("topology", "transactions", "disposition", "accepted").counter();
        return accepted == null ? 0 : accepted.count();
    }

    private static long cardStates(KafkaStreams streams) {
        return cardIds(streams).size();
    }

    private static List<String> cardIds(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, CardState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    TransactionTopology.CARD_STATE_STORE, QueryableStoreTypes.keyValueStore()));
            List<String> ids = new java.util.ArrayList<>();
            try (KeyValueIterator<String, CardState> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, CardState> entry = all.next();
                    ids.add(entry.key);
                }
            }
            return ids;
        } catch (RuntimeException notQueryableYet) {
            return List.of();
        }
    }

    private static VigilConfig config() throws Exception {
        String prefix = "expiry-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", broker.bootstrapServers());
        overrides.put("schema.registry.url", registry.url());
        overrides.put("vigil.application.id", prefix);
        overrides.put("vigil.state.dir", tmp.resolve(prefix).toString());
        overrides.put("vigil.topic.partitions", "2");
        overrides.put("vigil.state.idle.ttl.cards", TTL.toSeconds() + "s");
        for (String topic : List.of("transactions", "telemetry", "rules", "alerts", "incidents", "actions", "dlq")) {
            overrides.put("vigil.topic." + topic, prefix + "." + topic);
        }
        VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(), overrides);
        TopicBootstrap.ensure(admin, config.topics());
        return config;
    }

    private static KafkaProducer<String, SpecificRecord> avroProducer() {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                "schema.registry.url", registry.url(), ProducerConfig.LINGER_MS_CONFIG, 5);
        SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
        values.configure(props, false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** Sends one ordinary e-commerce payment stamped now, so the skew check and the velocity rule stay quiet. */
    private static void send(KafkaProducer<String, SpecificRecord> producer, VigilConfig config, String cardId,
                             String eventId) {
        Instant now = Instant.now();
        Transaction tx = Events.aTransaction().id(eventId).card(cardId).at(now).merchant("m-1").build();
        producer.send(new ProducerRecord<>(config.topics().transactions(), null, now.toEpochMilli(), cardId, tx));
    }
}
