package io.vigil.app.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.app.VigilCommandAccess;
import io.vigil.config.RuleSet;
import io.vigil.embedded.EmbeddedKafkaBroker;
import io.vigil.embedded.testkit.KafkaTestKit;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Transaction;
import io.vigil.lab.backtest.*;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.MockSchemaRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The backtest against a log recorded on the real broker: a seeded fraud scenario is written to the transactions
 * topic, and the backtest's replay of that topic must give exactly the alerts an offline replay of the generated
 * events gives, for the live rules and for a candidate, with the same precision and recall.
 */
class BacktestTest {

    private static final String SCOPE = "backtest-test-" + UUID.randomUUID();
    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);

    private static EmbeddedKafkaBroker broker;
    private static Map<String, Object> clients;
    private static List<Transaction> generated;
    private static FraudScenario scenario;

    @TempDir
    static Path dir;

    @BeforeAll
    static void recordAScenario() throws Exception {
        broker = EmbeddedKafkaBroker.start(0, null);
        clients = Map.of("bootstrap.servers", broker.bootstrapServers(), "schema.registry.url", "mock://" + SCOPE);
        KafkaTestKit.createTopics(clients, 3, "bt.transactions", "bt.telemetry", "bt.rules");
        scenario = new FraudScenario(ScenarioConfig.defaults(11, START).withCards(2_000).withRate(100)
                .withLiveEvents(12_000).withInjectionsPerMinute(4));
        generated = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(clients);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(config, new StringSerializer(),
                AvroSerdes.specific(Transaction.class, clients, false).serializer())) {
            for (Transaction tx : drain()) {
                generated.add(tx);
                producer.send(new ProducerRecord<>("bt.transactions", null, tx.getTimestamp().toEpochMilli(),
                        tx.getCardId(), tx));
            }
            producer.flush();
        }
    }

    private static List<Transaction> drain() {
        List<Transaction> all = new ArrayList<>();
        scenario.history().forEachRemaining(e -> all.add(e.valueAs(Transaction.class)));
        scenario.live().forEachRemaining(e -> all.add(e.valueAs(Transaction.class)));
        return all;
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void shouldRaiseExactlyTheOfflineReplaysAlertsWhenReplayingTheRecordedTopic() {
        // Given the offline replay of the generated events, in the order they were generated
        RuleSet rules = RuleSet.defaults();
        Replay offline = new Replay(rules, GRACE);
        generated.forEach(offline::accept);

        // When the recorded topic is replayed
        Replay recorded = new Replay(rules, GRACE);
        long read = new RecordedLog<>(clients, "bt.transactions",
                AvroSerdes.specific(Transaction.class, clients, false).deserializer())
                .replay(Optional.empty(), Optional.empty(), recorded::accept, n -> { });

        // Then every event was read and the alerts are the same, record for record
        assertEquals(generated.size(), read);
        assertEquals(byId(offline.alerts()), byId(recorded.alerts()));
        assertTrue(offline.alerts().size() > 20, "the scenario raised alerts: " + offline.alerts().size());
    }

    @Test
    void shouldReportLiveAndCandidateAlertsPerRuleAsTheOfflineReplayWhenRunFromTheCommandLine() throws Exception {
        // Given a candidate that raises velocity's limit from 5 to 8, and the generator's ground truth
        Path candidateFile = Files.writeString(dir.resolve("candidate.yaml"), defaultsText()
                .replace("  - id: velocity\n    version: 1", "  - id: velocity\n    version: 2")
                .replace("maxCount: 5", "maxCount: 8"));
        Path truthFile = dir.resolve("ground-truth.jsonl");
        scenario.groundTruth().writeJsonLines(truthFile);
        Path json = dir.resolve("backtest.json");

        // When
        int exit = VigilCommandAccess.run("backtest", "--rules", candidateFile.toString(), "--ground-truth",
                truthFile.toString(), "--json", json.toString(), "--config", config().toString(),
                "--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", "mock://" + SCOPE);

        // Then the report's counts, precision and recall are those of the offline replays
        assertEquals(0, exit);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(generated.size(), report.get("transactions").asLong());
        Replay live = new Replay(RuleSet.defaults(), GRACE);
        Replay candidate = new Replay(RuleSet.load(candidateFile), GRACE);
        generated.forEach(live::accept);
        generated.forEach(candidate::accept);
        Map<String, Long> liveCounts = openByRule(live.alerts());
        Map<String, Long> candidateCounts = openByRule(candidate.alerts());
        for (String rule : List.of("velocity", "amount-anomaly", "impossible-travel", "card-testing",
                "duplicate-transaction")) {
            JsonNode scores = report.get("rules").get(rule);
            assertEquals(liveCounts.getOrDefault(rule, 0L), scores.get("live").get("alerts").asLong(), rule);
            assertEquals(candidateCounts.getOrDefault(rule, 0L), scores.get("candidate").get("alerts").asLong(), rule);
            RuleScore expected = RuleScore.of(RuleSet.defaults().find(rule).orElseThrow(), live.alerts(),
                    scenario.groundTruth().injections());
            assertEquals(expected.recall(), scores.get("live").get("recall").asDouble(), 1e-4, rule);
        }
        assertTrue(candidateCounts.getOrDefault("velocity", 0L) < liveCounts.get("velocity"),
                "a higher limit raises fewer velocity alerts: " + liveCounts + " vs " + candidateCounts);
        assertEquals(1, report.get("rules").get("velocity").get("candidate").get("version").asInt() - 1);
    }

    @Test
    void shouldReplayOnlyEventsFromTheGivenTimeWhenFromIsSet() {
        // Given a time in the middle of the live traffic
        Instant from = START.plusSeconds(60);

        // When the recorded topic is replayed from then on
        Replay recorded = new Replay(RuleSet.defaults(), GRACE);
        new RecordedLog<>(clients, "bt.transactions", AvroSerdes.specific(Transaction.class, clients, false).deserializer())
                .replay(Optional.of(from), Optional.empty(), recorded::accept, n -> { });

        // Then it saw exactly the events at or after that time, and alerted as an offline replay of those does
        Replay offline = new Replay(RuleSet.defaults(), GRACE);
        generated.stream().filter(tx -> !tx.getTimestamp().isBefore(from)).forEach(offline::accept);
        assertEquals(offline.transactions(), recorded.transactions());
        assertEquals(byId(offline.alerts()), byId(recorded.alerts()));
    }

    private static Map<String, Alert> byId(List<Alert> alerts) {
        Map<String, Alert> byId = new TreeMap<>();
        alerts.forEach(a -> byId.put(a.getAlertId(), a));
        assertEquals(alerts.size(), byId.size(), "alert ids are unique");
        return byId;
    }

    private static Map<String, Long> openByRule(List<Alert> alerts) {
        Map<String, Long> counts = new TreeMap<>();
        alerts.stream().filter(a -> a.getStatus() == AlertStatus.OPEN)
                .sorted(Comparator.comparing(Alert::getAlertId))
                .forEach(a -> counts.merge(a.getRuleId(), 1L, Long::sum));
        return counts;
    }

    private static Path config() throws Exception {
        StringBuilder props = new StringBuilder("vigil.topic.partitions=3\n");
        for (String role : List.of("transactions", "telemetry", "rules", "alerts", "incidents", "actions", "dlq")) {
            props.append("vigil.topic.").append(role).append("=bt.").append(role).append('\n');
        }
        return Files.writeString(dir.resolve("bt.properties"), props.toString());
    }

    private static String defaultsText() throws Exception {
        try (InputStream in = BacktestTest.class.getResourceAsStream("/vigil-rules.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
