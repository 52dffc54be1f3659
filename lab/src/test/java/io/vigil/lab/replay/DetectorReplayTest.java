package io.vigil.lab.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

class DetectorReplayTest {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration SKEW = Duration.ofMinutes(5);

    @Test
    void shouldRaiseTheSameAlertsWhenStatesGoThroughTheStoreSerdes() {
        // Given a seeded fraud and telemetry scenario with injections
        List<GeneratedEvent> events = new ArrayList<>();
        FraudScenario fraud = new FraudScenario(ScenarioConfig.defaults(7, START).withCards(2_000).withRate(100)
                .withLiveEvents(6_000).withInjectionsPerMinute(6));
        drain(fraud.history(), events);
        drain(fraud.live(), events);
        TelemetryScenario telemetry = new TelemetryScenario(TelemetryScenarioConfig.defaults(8, START)
                .withDevices(50).withLiveEvents(6_000));
        drain(telemetry.history(), events);
        drain(telemetry.live(), events);

        // When the same events go through both kinds of state keeping
        List<Alert> inMemory = replay(DetectorReplay.inMemory(RuleSet.defaults(), GRACE, SKEW), events);
        List<Alert> serialized = replay(DetectorReplay.throughStoreSerdes(RuleSet.defaults(), GRACE, SKEW), events);

        // Then the alerts are the same, in the same order (the stores' serdes lose nothing detection reads)
        assertTrue(inMemory.size() > 10, "the scenario raised alerts: " + inMemory.size());
        assertEquals(inMemory, serialized);
    }

    private static List<Alert> replay(DetectorReplay replay, List<GeneratedEvent> events) {
        List<Alert> alerts = new ArrayList<>();
        for (GeneratedEvent event : events) {
            if (GeneratedEvent.TRANSACTIONS.equals(event.topicKind())) {
                Transaction tx = event.valueAs(Transaction.class);
                alerts.addAll(replay.transaction(tx.getCardId(), tx.getCardId(), tx, tx.getTimestamp().toEpochMilli())
                        .alerts());
            } else {
                Telemetry reading = event.valueAs(Telemetry.class);
                long at = reading.getTimestamp().toEpochMilli();
                alerts.addAll(replay.reading(reading.getDeviceId(), reading.getDeviceId(), reading, at, at).alerts());
            }
        }
        return alerts;
    }

    private static void drain(Iterator<GeneratedEvent> events, List<GeneratedEvent> into) {
        events.forEachRemaining(into::add);
    }
}
