package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.config.StoreType;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.AlertIds;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.fraud.CardState;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;
import io.vigil.events.Transaction;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class TransactionTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String LATE_TOPIC = "vigil.late-transactions";

    // The default topic names; the late topic is given to the topology itself.
    private final VigilConfig config = VigilConfig.defaults();

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Transaction> transactions;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, Transaction> late;

    @BeforeEach
    void setUp() {
        RuleSpec velocity = new RuleSpec("velocity", 3, "velocity", true, "HIGH", Duration.ofMinutes(10),
                Map.of("maxCount", "3", "window", "60s"));
        CardDetection detection = CardDetection.fromRules(new RuleSet(List.of(velocity)), Duration.ofSeconds(30));
        // The transaction topology alone, under the properties (DLQ handling included) a stream instance runs with.
        vigil = VigilTestDriver.of(config, stateDir);
        VigilSerdes serdes = vigil.serdes();
        TransactionTopology topology = new TransactionTopology(serdes.transactions(), serdes.alerts(),
                Optional.of(LATE_TOPIC), detection, StoreType.IN_MEMORY, false, new SimpleMeterRegistry());
        driver = vigil.start(topology.build(), Instant.now());

        var tx = serdes.transactions();
        transactions = vigil.input(tx);
        alerts = vigil.output(serdes.alerts());
        late = driver.createOutputTopic(LATE_TOPIC, tx.keySerde().deserializer(), tx.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        vigil.close();
    }

    private void pipe(String cardId, String eventId, long secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        transactions.pipeInput(new TestRecord<>(cardId, aTransaction().id(eventId).card(cardId).at(at).build(), at));
    }

    @Test
    void shouldEmitOneVelocityAlertWhenABurstExceedsTheLimit() {
        // Given maxCount 3 in 60 s
        pipe("card-1", "e1", 0);
        pipe("card-1", "e2", 10);
        pipe("card-1", "e3", 20);
        pipe("card-1", "e4", 30);   // fourth within 60 s: fires
        pipe("card-1", "e5", 40);   // same episode: cooldown keeps it quiet

        Alert expected = Alert.newBuilder()
                .setAlertId(AlertIds.alertId("velocity", "card-1", "e4"))
                .setRuleId("velocity").setRuleVersion(3).setDetector("velocity")
                .setEntityType(EntityType.CARD).setEntityId("card-1")
                .setSeverity(Severity.HIGH).setStatus(AlertStatus.OPEN).setResolvesAlertId(null)
                .setEventTimestamp(T0.plusSeconds(30))
                .setWindowStart(T0).setWindowEnd(T0.plusSeconds(30))
                .setTriggeringEventIds(List.of("e1", "e2", "e3", "e4"))
                .setFeatures(Map.of("count", 4.0, "limit", 3.0, "windowSeconds", 60.0))
                .setExplanation("4 transactions in 30 s on card card-1 (limit 3)")
                .build();
        TestRecord<String, Alert> only = alerts.readRecord();
        assertEquals("card-1", only.key());
        assertEquals(expected, only.value());
        assertEquals(T0.plusSeconds(30), only.getRecordTime());
        assertTrue(alerts.isEmpty(), "no further alerts");
    }

    @Test
    void shouldKeepCardsApartWhenTheirTransactionsInterleave() {
        for (int i = 0; i < 3; i++) {
            pipe("card-a", "a" + i, i * 5L);
            pipe("card-b", "b" + i, i * 5L + 1);
        }

        assertTrue(alerts.isEmpty(), "three per card is at the limit, not over it");
        KeyValueStore<String, CardState> store = driver.getKeyValueStore(TransactionTopology.CARD_STATE_STORE);
        assertEquals(3, store.get("card-a").history().size());
        assertEquals(3, store.get("card-b").history().size());
    }

    @Test
    void shouldFireWhenAnOutOfOrderTransactionWithinGraceCompletesAWindow() {
        pipe("card-1", "e1", 0);
        pipe("card-1", "e2", 20);
        pipe("card-1", "e3", 40);
        pipe("card-1", "e-late", 10);   // 30 s behind the card's newest event: within the 30 s grace

        assertEquals(List.of("e1", "e-late", "e2", "e3"), alerts.readValue().getTriggeringEventIds());
        assertTrue(alerts.isEmpty());
        assertTrue(late.isEmpty());
    }

    @Test
    void shouldRouteATransactionBeyondGraceToTheLateTopicWithoutAlerting() {
        pipe("card-1", "e1", 100);
        pipe("card-1", "e-too-late", 60);   // 40 s behind: beyond the 30 s grace

        assertEquals("e-too-late", late.readValue().getEventId());
        assertTrue(late.isEmpty());
        assertTrue(alerts.isEmpty());
    }

    @Test
    void shouldSendAnUndeserializableRecordToTheDlqAndKeepProcessing() {
        var raw = driver.createInputTopic(config.topics().transactions(), new StringSerializer(), new ByteArraySerializer());
        var dlq = vigil.dlq();
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        raw.pipeInput("card-1", garbage, T0);
        for (int i = 0; i < 4; i++) {
            pipe("card-1", "e" + i, i * 10L);
        }

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertEquals("card-1", new String(dead.key(), StandardCharsets.UTF_8));
        assertEquals(new String(garbage, StandardCharsets.UTF_8), new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals(config.topics().transactions(), header(dead, "__streams.errors.topic"));
        assertNotNull(header(dead, "__streams.errors.exception"));
        assertTrue(dlq.isEmpty());
        assertEquals(1, alerts.readValuesToList().size(), "the records after the bad one were still processed");
    }

    @Test
    void shouldSendATransactionWithoutKeyToTheDlq() {
        var dlq = vigil.dlq();
        Transaction tx = aTransaction().id("no-key").card("card-1").at(T0).amount(100).merchant("m").build();

        transactions.pipeInput(new TestRecord<>(null, tx, T0));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertTrue(header(dead, "__streams.errors.message").contains("without key"));
        assertTrue(alerts.isEmpty());
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
