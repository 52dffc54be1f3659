package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

class CombinedScenarioTest {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");

    private static List<GeneratedEvent> drain(Iterator<GeneratedEvent> events) {
        List<GeneratedEvent> out = new ArrayList<>();
        events.forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldMergeFraudAndTelemetryByEventTimeWhenPlayedTogether() {
        // Given a fraud part and a telemetry part over the same two minutes
        FraudScenario fraud = new FraudScenario(Scenarios.small(7).withHistory(true, 0)
                .withLiveEvents(12_000).withInjectionsPerMinute(3));
        TelemetryScenario telemetry = new TelemetryScenario(TelemetryScenarioConfig.defaults(7, START)
                .withDevices(50).withLiveDuration(Duration.ofMinutes(2)));
        long fraudHistory = fraud.historySize();
        long telemetryHistory = telemetry.historySize();
        CombinedScenario combined = new CombinedScenario(List.of(fraud, telemetry));

        // When both phases are drained
        List<GeneratedEvent> history = drain(combined.history());
        List<GeneratedEvent> live = drain(combined.live());

        // Then every event of both parts comes out once, in event-time order, and the rates add up
        assertEquals(fraudHistory + telemetryHistory, history.size());
        assertInEventTimeOrder(live);
        assertTrue(live.stream().anyMatch(e -> e.topicKind().equals(GeneratedEvent.TRANSACTIONS)));
        assertTrue(live.stream().anyMatch(e -> e.topicKind().equals(GeneratedEvent.TELEMETRY)));
        assertEquals(fraud.eventsPerSecond() + telemetry.eventsPerSecond(), combined.eventsPerSecond(), 1e-9);
        // and the ground truth is the union of both parts'
        assertEquals(fraud.groundTruth().injections().size() + telemetry.groundTruth().injections().size(),
                combined.groundTruth().injections().size());
        assertFalse(combined.groundTruth().injections().isEmpty());
    }

    private static void assertInEventTimeOrder(List<GeneratedEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertFalse(events.get(i).eventTime().isBefore(events.get(i - 1).eventTime()),
                    "event " + i + " goes back in time");
        }
    }
}
