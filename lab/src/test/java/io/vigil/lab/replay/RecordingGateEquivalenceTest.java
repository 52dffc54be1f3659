package io.vigil.lab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.Channel;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.backtest.Replay;
import io.vigil.lab.chaos.Oracle;
import io.vigil.lab.chaos.TopicLog.RawRecord;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.SpecificAvroSerializer;
import io.vigil.serdes.registry.MockSchemaRegistry;
import io.vigil.topology.CountingDeserializationExceptionHandler;
import io.vigil.topology.CountingProcessingExceptionHandler;
import io.vigil.topology.DeadLetterHeaders;
import io.vigil.topology.VigilProductionExceptionHandler;
import io.vigil.topology.VigilSerdes;
import io.vigil.topology.VigilTopology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Issue 12, part 1, offline: a recording is judged against its own clock. One recording goes through the live
 * topology with {@code vigil.clock.reference=record}, the backtest's {@link Replay} and the chaos {@link Oracle}; all
 * three must refuse the same events and raise the same alerts.
 */
class RecordingGateEquivalenceTest {

    /** When the recording was made. */
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    /** When it is replayed: a month later, so that judging against the wall clock would refuse nothing recorded. */
    private static final Instant REPLAYED_AT = T0.plus(Duration.ofDays(30));
    private static final Instant Y2099 = Instant.parse("2099-01-01T00:00:00Z");

    private final String scope = "recording-gate-test-" + UUID.randomUUID();
    private final Map<String, String> serde = Map.of("schema.registry.url", "mock://" + scope);
    private final VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(),
            Map.of("vigil.clock.reference", "record", "vigil.state.store", "in_memory"));
    private final SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
    private final List<RawRecord> recording = new ArrayList<>();

    @TempDir
    Path stateDir;

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldRefuseTheSameEventsLiveAndOfflineWhenARecordingHoldsEventsAheadOfItsOwnClock() {
        // Given a recording: a card stamped 2099, then a velocity burst; a card event stamped an hour after the
        // broker recorded it (in the past of today's clock, so only the recording's clock can refuse it); a 900 KB
        // merchant id; a device stamped 2099, then an overheating reading
        serializer.configure(serde, false);
        String tx = config.topics().transactions();
        String tm = config.topics().telemetry();
        record(tx, "card-1", transaction("card-1", "future", Y2099, "m-x"), T0);
        for (int i = 1; i <= 6; i++) {
            Instant at = T0.plusSeconds(5L * i);
            record(tx, "card-1", transaction("card-1", "e" + i, at, "m-" + i), at);
        }
        record(tx, "card-2", transaction("card-2", "hour-ahead", T0.plus(Duration.ofHours(1)), "m-y"), T0);
        record(tx, "card-3", transaction("card-3", "long-merchant", T0, "m".repeat(900_000)), T0);
        record(tm, "dev-1", reading("dev-1", "future", Y2099, 20.0), T0);
        record(tm, "dev-1", reading("dev-1", "hot", T0.plusSeconds(5), 90.0), T0.plusSeconds(5));

        // When it goes through the topology, the backtest's replay and the chaos oracle
        Live live = live();
        Replay backtest = new Replay(config.rules(), config.streams().grace(), config.input());
        for (RawRecord r : recording) {
            if (r.topic().equals(tx)) {
                backtest.accept(key(r), AvroSerdes.specific(Transaction.class, serde, false).deserializer()
                        .deserialize(tx, r.value()), r.timestamp());
            } else {
                backtest.accept(key(r), AvroSerdes.specific(Telemetry.class, serde, false).deserializer()
                        .deserialize(tm, r.value()), r.timestamp());
            }
        }
        Oracle oracle = new Oracle(config, AvroSerdes.specific(Transaction.class, serde, false).deserializer(),
                AvroSerdes.specific(Telemetry.class, serde, false).deserializer());
        recording.forEach(oracle::accept);

        // Then all three refuse the two far-future events, the hour-ahead one and the long merchant id, and raise
        // the velocity and threshold alerts that follow them
        assertEquals(List.of("clock-skew", "clock-skew", "field-too-long", "clock-skew"), live.reasons);
        assertEquals(Set.of(tx + "@0", tx + "@7", tx + "@8", tm + "@0"), oracle.mustFail().keySet().stream()
                .map(c -> c.topic() + "@" + c.offset()).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(4, backtest.rejected());
        Set<String> raised = ids(live.alerts);
        assertEquals(Set.of("threshold", "velocity"), live.alerts.stream().map(Alert::getRuleId)
                .collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(raised, ids(backtest.alerts()));
        assertEquals(raised, new TreeSet<>(oracle.expectedAlerts().keySet()));
    }

    private record Live(List<String> reasons, List<Alert> alerts) {
    }

    private Live live() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                CountingDeserializationExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, CountingProcessingExceptionHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, VigilProductionExceptionHandler.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().dlq());
        VigilSerdes serdes = new VigilSerdes(config.topics(), serde);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                VigilTopology.build(config, serde, new SimpleMeterRegistry()), props, REPLAYED_AT)) {
            for (RawRecord r : recording) {
                TestInputTopic<byte[], byte[]> in = driver.createInputTopic(r.topic(), new ByteArraySerializer(),
                        new ByteArraySerializer());
                in.pipeInput(new TestRecord<>(r.key(), r.value(), null, r.timestamp()));
            }
            List<String> reasons = driver.createOutputTopic(config.topics().dlq(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList().stream()
                    .map(d -> new String(d.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                            StandardCharsets.UTF_8)).toList();
            List<Alert> alerts = driver.createOutputTopic(serdes.alerts().name(),
                    serdes.alerts().keySerde().deserializer(), serdes.alerts().valueSerde().deserializer())
                    .readValuesToList();
            return new Live(reasons, alerts);
        }
    }

    private void record(String topic, String key, SpecificRecord value, Instant recordedAt) {
        long offset = recording.stream().filter(r -> r.topic().equals(topic)).count();
        recording.add(new RawRecord(topic, 0, offset, recordedAt.toEpochMilli(),
                key.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, value), Map.of()));
    }

    private static String key(RawRecord r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    private static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::getAlertId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Transaction transaction(String card, String eventId, Instant at, String merchant) {
        return Transaction.newBuilder().setEventId(eventId).setCardId(card).setTimestamp(at).setAmountMinor(2_500)
                .setMerchantId(merchant).setChannel(Channel.ECOMMERCE).build();
    }

    private static Telemetry reading(String device, String eventId, Instant at, double value) {
        return Telemetry.newBuilder().setEventId(eventId).setDeviceId(device).setTimestamp(at)
                .setMetric("temperature").setValue(value).setUnit("C").build();
    }
}
