package io.vigil.topology;

import static io.vigil.serdes.testkit.Events.aReading;
import static io.vigil.serdes.testkit.Events.aTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.AlertIds;
import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.EntityType;
import io.vigil.events.Incident;
import io.vigil.events.Rule;
import io.vigil.events.Severity;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.topology.testkit.VigilTestDriver;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole application topology ({@link VigilTopology}) on {@link TopologyTestDriver}: rules published on the
 * rules topic (the global store) change detection for the events that follow, without a restart; the actions
 * topic feeds the blocked-cards table; alerts escalate into incidents. The driver processes the global store and
 * the tasks synchronously, so "a rule change followed by an event" is exactly that order here.
 */
class VigilTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private final VigilConfig config = ConfigLoader.load(Map.of(), Optional.empty(),
            Map.of("vigil.state.store", "in_memory"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path stateDir;
    private VigilTestDriver vigil;
    private TestInputTopic<String, Rule> rules;
    private TestInputTopic<String, Transaction> transactions;
    private TestInputTopic<String, Telemetry> telemetry;
    private TestInputTopic<String, Action> actions;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, Incident> incidents;

    @BeforeEach
    void setUp() {
        vigil = VigilTestDriver.of(config, stateDir, meters);
        vigil.start(T0);
        VigilSerdes serdes = vigil.serdes();
        rules = vigil.input(serdes.rules());
        transactions = vigil.input(serdes.transactions());
        telemetry = vigil.input(serdes.telemetry());
        actions = vigil.input(serdes.actions());
        alerts = vigil.output(serdes.alerts());
        incidents = vigil.output(serdes.incidents());
    }

    @AfterEach
    void tearDown() {
        vigil.close();
    }

    // --- rules as data ---------------------------------------------------------------------------------------

    @Test
    void shouldApplyThresholdChangeToLaterEventsWhenVelocityRuleVersionRises() {
        // Given the configured rules on the topic: velocity v1 allows 5 transactions a minute
        publishDefaults();
        pay("card-1", "e1", 0);
        pay("card-1", "e2", 5);
        pay("card-1", "e3", 10);
        pay("card-1", "e4", 15);       // 4 in a minute: within v1's limit, no alert

        // When velocity v2 lowers the limit to 3, mid-stream
        rules.pipeInput("velocity", RuleRecords.toRecord(velocity(2, "3")), T0.plusSeconds(16));
        pay("card-1", "e5", 20);       // 5 in a minute: over v2's limit

        // Then only the event after the change alerts, and the alert names v2 and its limit
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(1, fired.size(), fired::toString);
        Alert alert = fired.get(0);
        assertEquals(AlertIds.alertId("velocity", "card-1", "e5"), alert.getAlertId());
        assertEquals(2, alert.getRuleVersion());
        assertEquals(3.0, alert.getFeatures().get("limit"));
        assertEquals(List.of("e1", "e2", "e3", "e4", "e5"), alert.getTriggeringEventIds());
        assertEquals(2.0, versionGauge("velocity"));
    }

    @Test
    void shouldKeepPreviousVersionWhenMalformedRuleReachesTheTopic() {
        // Given velocity v1 in force (limit 5)
        publishDefaults();

        // When a v2 with an out-of-range limit and a record whose key is not its rule id arrive
        Rule malformed = RuleRecords.toRecord(velocity(2, "3"));
        malformed.getParameters().put("maxCount", "-1");
        rules.pipeInput("velocity", malformed, T0);
        rules.pipeInput("speed", RuleRecords.toRecord(velocity(3, "2")), T0);
        for (int i = 1; i <= 6; i++) {
            pay("card-2", "e" + i, i * 5L);
        }

        // Then both were rejected and counted, and v1 still decides: the 6th transaction alerts under v1
        assertEquals(2.0, meters.get(RulesMetrics.REJECTED).counter().count());
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(1, fired.size(), fired::toString);
        assertEquals(1, fired.get(0).getRuleVersion());
        assertEquals(AlertIds.alertId("velocity", "card-2", "e6"), fired.get(0).getAlertId());
        assertEquals(1.0, versionGauge("velocity"));
    }

    @Test
    void shouldIgnoreChangedRuleWhenVersionDoesNotIncrease() {
        // Given velocity v1 in force
        publishDefaults();

        // When a different velocity rule arrives still numbered v1
        rules.pipeInput("velocity", RuleRecords.toRecord(velocity(1, "2")), T0);
        for (int i = 1; i <= 4; i++) {
            pay("card-3", "e" + i, i * 5L);
        }

        // Then it is rejected: 4 transactions stay within the limit of 5 in force
        assertEquals(1.0, meters.get(RulesMetrics.REJECTED).counter().count());
        assertTrue(alerts.isEmpty());
    }

    @Test
    void shouldRunConfiguredRulesWhenTopicHasNoRules() {
        // Given an empty rules topic
        // When a card makes 6 transactions in a minute
        for (int i = 1; i <= 6; i++) {
            pay("card-4", "e" + i, i * 5L);
        }

        // Then the configured velocity rule (v1, limit 5) fired
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(List.of("velocity"), fired.stream().map(Alert::getRuleId).toList());
        assertEquals(1, fired.get(0).getRuleVersion());
        assertEquals(0.0, meters.get(RulesMetrics.GENERATION).gauge().value());
    }

    @Test
    void shouldStopAlertingWhenRuleIsDisabled() {
        // Given velocity v1 in force, then v2 that disables it
        publishDefaults();
        rules.pipeInput("velocity", RuleRecords.toRecord(new RuleSpec("velocity", 2, "velocity", false, "HIGH",
                Duration.ofMinutes(10), Map.of("maxCount", "5", "window", "60s"))), T0);

        // When a card makes 7 transactions in a minute
        for (int i = 1; i <= 7; i++) {
            pay("card-5", "e" + i, i * 5L);
        }

        // Then nothing fires
        assertTrue(alerts.isEmpty());
    }

    @Test
    void shouldApplyTelemetryThresholdChangeWhenRuleVersionRises() {
        // Given threshold v1 (alert above 80 degrees) in force
        publishDefaults();
        telemetry.pipeInput("dev-1", reading("dev-1", "r1", 0, 70.0), T0);

        // When v2 lowers the limit to 65, and the device reads 70 again
        rules.pipeInput("threshold", RuleRecords.toRecord(new RuleSpec("threshold", 2, "threshold", true, "HIGH",
                Duration.ofMinutes(10), Map.of("metric", "temperature", "upper", "65", "lower", "60"))), T0);
        telemetry.pipeInput("dev-1", reading("dev-1", "r2", 5, 70.0), T0.plusSeconds(5));

        // Then the second reading alerts under v2
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(1, fired.size(), fired::toString);
        assertEquals("threshold", fired.get(0).getRuleId());
        assertEquals(2, fired.get(0).getRuleVersion());
        assertEquals(List.of("r2"), fired.get(0).getTriggeringEventIds());
    }

    // --- feedback: blocked cards -----------------------------------------------------------------------------

    @Test
    void shouldRaiseBlockedCardAlertWhenBlockedCardIsUsedAndStopAfterUnblock() {
        // Given a card used once before any block
        pay("card-9", "before", 0);

        // When the card-blocker blocks it, the card is used, it is unblocked, and used again
        act("act-1", ActionType.BLOCK_CARD, "card-9", "alert-7", 10);
        pay("card-9", "during", 20);
        act("act-2", ActionType.UNBLOCK_CARD, "card-9", null, 30);
        pay("card-9", "after", 40);

        // Then exactly the use while blocked alerted, under the blocked-card rule
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(1, fired.size(), fired::toString);
        Alert alert = fired.get(0);
        assertEquals(AlertIds.alertId("blocked-card-used", "card-9", "during"), alert.getAlertId());
        assertEquals("blocked-card-used", alert.getRuleId());
        assertEquals(1, alert.getRuleVersion());
        assertEquals(Severity.CRITICAL, alert.getSeverity());
        assertEquals(EntityType.CARD, alert.getEntityType());
        assertEquals(List.of("during"), alert.getTriggeringEventIds());
        assertEquals(T0.plusSeconds(20), alert.getEventTimestamp());
        assertEquals(10.0, alert.getFeatures().get("secondsSinceBlock"));
        assertTrue(alert.getExplanation().contains("after it was blocked (action act-1 on alert alert-7)"),
                alert.getExplanation());
    }

    @Test
    void shouldKeepBlockedCardsOnTheHeapAndNotWaitForTheirEmptyPartition(@TempDir Path otherStateDir) {
        // Given the default configuration, whose state store is RocksDB
        VigilConfig defaults = ConfigLoader.load(Map.of(), Optional.empty(), Map.of());
        VigilTestDriver rocks = VigilTestDriver.of(defaults, otherStateDir, new SimpleMeterRegistry());
        try {
            rocks.start(T0);

            // Then the card state is persistent, the blocked-cards table (looked up by every transaction, nearly
            // always in vain) is an in-memory store, and a card task processes without waiting for its actions
            assertEquals(List.of(true, false, -1L), List.of(
                    rocks.driver().getKeyValueStore(TransactionTopology.CARD_STATE_STORE).persistent(),
                    rocks.driver().getKeyValueStore(TransactionTopology.BLOCKED_CARDS_STORE).persistent(),
                    StreamsProperties.forInstance(defaults, "test").get("max.task.idle.ms")));
        } finally {
            rocks.close();
        }
    }

    @Test
    void shouldKeepCardBlockedWhenBlockingActionArrivesTwice() {
        // Given two BLOCK_CARD actions for one card (two alerts on it)
        act("act-1", ActionType.BLOCK_CARD, "card-8", "a1", 0);
        act("act-2", ActionType.BLOCK_CARD, "card-8", "a2", 1);

        // When the card is used twice
        pay("card-8", "x1", 10);
        pay("card-8", "x2", 20);

        // Then each use alerts (cooldown 0s) and names the first block
        List<Alert> fired = alerts.readValuesToList();
        assertEquals(2, fired.size(), fired::toString);
        assertTrue(fired.stream().allMatch(a -> a.getExplanation().contains("action act-1 on alert a1")));
    }

    @Test
    void shouldNotRaiseBlockedCardAlertWhenRuleIsNotInForce() {
        // Given rules on the topic without the blocked-card rule
        config.rules().rules().stream()
                .filter(r -> !r.id().equals("blocked-card-used"))
                .forEach(r -> rules.pipeInput(r.id(), RuleRecords.toRecord(r), T0));

        // When a blocked card is used
        act("act-1", ActionType.BLOCK_CARD, "card-7", "a1", 0);
        pay("card-7", "x1", 10);

        // Then nothing fires
        assertTrue(alerts.isEmpty());
    }

    // --- escalation ------------------------------------------------------------------------------------------

    @Test
    void shouldOpenIncidentWhenCardCollectsTwoAlertsWithinTheWindow() {
        // Given a card that set off velocity, then was blocked and used again
        for (int i = 1; i <= 6; i++) {
            pay("card-6", "e" + i, i * 5L);
        }
        act("act-1", ActionType.BLOCK_CARD, "card-6",
                AlertIds.alertId("velocity", "card-6", "e6"), 31);
        pay("card-6", "e7", 60);

        // Then the two alerts opened one incident listing both
        String velocityAlert = AlertIds.alertId("velocity", "card-6", "e6");
        String blockedAlert = AlertIds.alertId("blocked-card-used", "card-6", "e7");
        List<Incident> opened = incidents.readValuesToList();
        assertEquals(1, opened.size(), opened::toString);
        Incident incident = opened.get(0);
        assertEquals(AlertIds.incidentId("CARD", "card-6", List.of(velocityAlert, blockedAlert)),
                incident.getIncidentId());
        assertEquals(List.of(velocityAlert, blockedAlert), incident.getAlertIds());
        assertEquals(List.of("velocity", "blocked-card-used"), incident.getRuleIds());
        assertEquals(Severity.CRITICAL, incident.getSeverity());
        assertEquals("card-6", incident.getEntityId());
    }

    private void publishDefaults() {
        config.rules().rules().forEach(r -> rules.pipeInput(r.id(), RuleRecords.toRecord(r), T0));
    }

    private double versionGauge(String ruleId) {
        Gauge gauge = meters.get(RulesMetrics.VERSION).tag("rule", ruleId).gauge();
        return gauge.value();
    }

    private static RuleSpec velocity(int version, String maxCount) {
        return new RuleSpec("velocity", version, "velocity", true, "HIGH", Duration.ofMinutes(10),
                Map.of("maxCount", maxCount, "window", "60s"));
    }

    private void pay(String cardId, String eventId, long secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        transactions.pipeInput(new TestRecord<>(cardId, aTransaction().id(eventId).card(cardId).at(at).build(), at));
    }

    private static Telemetry reading(String deviceId, String eventId, long secondsAfterT0, double value) {
        return aReading().id(eventId).device(deviceId).at(T0.plusSeconds(secondsAfterT0)).value(value).build();
    }

    private void act(String actionId, ActionType type, String cardId, String alertId, long secondsAfterT0) {
        Instant at = T0.plusSeconds(secondsAfterT0);
        Action action = Action.newBuilder().setActionId(actionId).setType(type).setEntityType(EntityType.CARD)
                .setEntityId(cardId).setAlertId(alertId).setTimestamp(at).setActor("test").setReason("").build();
        actions.pipeInput(new TestRecord<>(cardId, action, at));
    }

}
