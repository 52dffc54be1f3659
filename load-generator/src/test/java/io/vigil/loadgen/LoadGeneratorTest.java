package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.TopicNames;
import io.vigil.events.Transaction;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

class LoadGeneratorTest {

    private static final TopicNames TOPICS = new TopicNames("tx", "telemetry", "rules", "alerts", "incidents",
            "actions", "dlq", Optional.empty(), 6, (short) 1);

    private final MockProducer<String, SpecificRecord> producer =
            new MockProducer<>(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void shouldSendHistoryThenLiveAndReportTheLagWhenStartHasPassed() {
        // Given a scenario that started 10 s before the wall clock says now
        FraudScenario scenario = new FraudScenario(Scenarios.small(9).withLiveEvents(6_000).withInjectionsPerMinute(6));
        Clock clock = Clock.fixed(Scenarios.START.plusSeconds(10), ZoneOffset.UTC);
        LoadGenerator generator = new LoadGenerator(producer, TOPICS, clock, ticker, p -> { });

        // When run in full
        LoadGenerator.Report report = generator.run(scenario, Long.MAX_VALUE, Duration.ofDays(1));

        // Then every event went to the transactions topic, keyed by card, history first
        List<ProducerRecord<String, SpecificRecord>> sent = producer.history();
        assertEquals((3_000 + 6) * 12, report.history().acknowledged(), "every card and six anomaly cards warmed");
        assertEquals(sent.size(), report.history().acknowledged() + report.live().acknowledged());
        assertTrue(sent.stream().allMatch(r -> r.topic().equals("tx")));
        assertTrue(sent.get(0).timestamp() < Scenarios.START.toEpochMilli());
        // And live pacing kept the scenario's spacing, 10 s behind the wall clock
        assertEquals(Duration.ofSeconds(10), report.eventTimeLag());
        assertEquals(60.0, report.live().elapsed().toMillis() / 1000.0, 0.5);
        // And every event of the ground truth was sent
        Set<String> sentIds = sent.stream().map(r -> ((Transaction) r.value()).getEventId()).collect(Collectors.toSet());
        assertTrue(report.groundTruth().injections().size() >= 15, "injections that fit in the minute: " + report.groundTruth().countByPattern());
        report.groundTruth().injections().forEach(i -> assertTrue(sentIds.containsAll(i.eventIds()), i.injectionId()));
    }

    @Test
    void shouldReportEachPhaseOnItsOwnWhenAProgressListenerTakesThePhase() {
        // Given a scenario that starts 10 s before now, and a listener that keeps every report with its phase
        FraudScenario scenario = new FraudScenario(Scenarios.small(9).withLiveEvents(3_000).withInjectionsPerMinute(0));
        Clock clock = Clock.fixed(Scenarios.START.plusSeconds(10), ZoneOffset.UTC);
        List<LoadGenerator.Phase> phases = new ArrayList<>();
        List<SendProgress> reports = new ArrayList<>();
        LoadGenerator generator = new LoadGenerator(producer, TOPICS, clock, ticker, (phase, p) -> {
            phases.add(phase);
            reports.add(p);
        });

        // When run in full
        LoadGenerator.Report report = generator.run(scenario, Long.MAX_VALUE, Duration.ofDays(1));

        // Then the history's reports come first and its last one counts the whole, flushed history
        // (a demo reads the end of the warm-up from it), the live phase starts with a report of nothing sent,
        // and its counts only grow, up to what the live phase sent
        int firstLive = phases.indexOf(LoadGenerator.Phase.LIVE);
        assertTrue(firstLive > 0, phases.toString());
        assertTrue(phases.subList(0, firstLive).stream().allMatch(LoadGenerator.Phase.HISTORY::equals), phases.toString());
        assertTrue(phases.subList(firstLive, phases.size()).stream().allMatch(LoadGenerator.Phase.LIVE::equals),
                phases.toString());
        assertEquals(report.history().acknowledged(), reports.get(firstLive - 1).sent());
        assertEquals(report.history().acknowledged(), reports.get(firstLive - 1).acknowledged());
        assertEquals(0, reports.get(firstLive).sent());
        List<Long> live = reports.subList(firstLive, reports.size()).stream().map(SendProgress::sent).toList();
        for (int i = 1; i < live.size(); i++) {
            assertTrue(live.get(i) >= live.get(i - 1), "live counts never go back: " + live);
        }
        assertTrue(live.size() > 2, "a report about every second of the 30 s live phase: " + live);
        assertEquals(report.live().sent(), live.get(live.size() - 1));
    }

    @Test
    void shouldWaitForTheStartWhenItLiesAhead() {
        // Given a scenario that starts 30 s after now
        FraudScenario scenario = new FraudScenario(Scenarios.small(9).withLiveEvents(10).withInjectionsPerMinute(0));
        Clock clock = Clock.fixed(Scenarios.START.minusSeconds(30), ZoneOffset.UTC);
        LoadGenerator generator = new LoadGenerator(producer, TOPICS, clock, ticker, p -> { });

        // When run
        LoadGenerator.Report report = generator.run(scenario, Long.MAX_VALUE, Duration.ofDays(1));

        // Then the first live event waited for the start, so event time equals the wall clock
        assertEquals(Duration.ZERO, report.eventTimeLag());
        assertEquals(Duration.ofSeconds(30), report.live().elapsed().minus(Duration.ofMillis(90)));
    }

    @Test
    void shouldBuildAProducerWithAConfiguredAvroSerializerWhenGivenRegistryAndBootstrap() {
        // No broker is contacted before the first send, so construction alone checks the wiring
        try (Producer<String, SpecificRecord> built = LoadGenerator.createProducer(Map.of(
                "bootstrap.servers", "localhost:1", "schema.registry.url", "mock://load-generator-test"))) {
            assertTrue(built.metrics().keySet().stream().anyMatch(name -> name.group().equals("producer-metrics")));
        }
    }

    @Test
    void shouldApplyThroughputDefaultsUnderGivenPropertiesWhenBuildingTheProducer() {
        Map<String, Object> properties = LoadGenerator.producerProperties(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20));

        assertEquals(20, properties.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals(64 * 1024, properties.get(ProducerConfig.BATCH_SIZE_CONFIG));
        assertEquals("lz4", properties.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals("all", properties.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, properties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    }
}
