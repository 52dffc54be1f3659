package io.vigil.loadgen.telemetry;

import static io.vigil.loadgen.telemetry.TelemetryScenarios.START;
import static io.vigil.loadgen.telemetry.TelemetryScenarios.reading;
import static io.vigil.loadgen.telemetry.TelemetryScenarios.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.events.Telemetry;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.Injection;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

class TelemetryScenarioTest {

    @Test
    void shouldEmitIdenticalEventsAndGroundTruthWhenSeedIsTheSame() {
        TelemetryScenario first = new TelemetryScenario(small(7).withLiveDuration(Duration.ofMinutes(10)));
        TelemetryScenario second = new TelemetryScenario(small(7).withLiveDuration(Duration.ofMinutes(10)));

        List<GeneratedEvent> a = TelemetryScenarios.drain(first);
        List<GeneratedEvent> b = TelemetryScenarios.drain(second);

        assertEquals(a, b);
        assertEquals(first.groundTruth().injections(), second.groundTruth().injections());
        assertTrue(first.groundTruth().injections().size() >= 10, "faults were injected at all");
        assertNotEquals(reading(a.get(0)).getEventId(),
                reading(TelemetryScenarios.drain(new TelemetryScenario(small(8))).get(0)).getEventId());
    }

    @Test
    void shouldReportEverySensorOfEveryDeviceOncePerIntervalAtTheConfiguredRate() {
        TelemetryScenarioConfig config = small(1).withFaultsPerMinute(0).withHistory(false)
                .withLiveDuration(Duration.ofMinutes(2));
        List<GeneratedEvent> events = TelemetryScenarios.drain(new TelemetryScenario(config));

        // 50 devices * 4 sensors every 5 s = 40 per second: slot i at start + i / 40 s.
        assertEquals(40.0, config.eventsPerSecond());
        assertEquals(4_800, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(START.plusMillis(i * 25L), events.get(i).eventTime(), "slot " + i);
        }
        var byDevice = TelemetryScenarios.byDeviceAndMetric(events);
        assertEquals(50, byDevice.size());
        for (var metrics : byDevice.values()) {
            assertEquals(Set.of("temperature", "pressure", "vibration", "humidity"), metrics.keySet());
            for (List<Telemetry> readings : metrics.values()) {
                assertEquals(24, readings.size());
                for (int k = 1; k < readings.size(); k++) {
                    assertEquals(5_000, readings.get(k).getTimestamp().toEpochMilli()
                            - readings.get(k - 1).getTimestamp().toEpochMilli());
                }
            }
        }
    }

    @Test
    void shouldEmitAWarmupHistoryBeforeStartThatRunsStraightIntoLiveTraffic() {
        TelemetryScenario scenario = new TelemetryScenario(small(3).withFaultsPerMinute(0));
        List<GeneratedEvent> history = new ArrayList<>();
        scenario.history().forEachRemaining(history::add);

        // warmup 20 + 2 intervals of 50 devices * 4 sensors, ending one slot (25 ms) before the start
        assertEquals(22 * 200, scenario.historySize());
        assertEquals(22 * 200, history.size());
        assertEquals(START.minusSeconds(110), history.get(0).eventTime());
        assertEquals(START.minusMillis(25), history.get(history.size() - 1).eventTime());
        assertEquals(START, scenario.live().next().eventTime());
    }

    @Test
    void shouldLeaveNoFaultInFlightWhenAShortScenarioEnds() {
        // Given a one-minute run with many faults of every kind, several too long to finish in the last seconds
        TelemetryScenario scenario = new TelemetryScenario(small(5).withLiveDuration(Duration.ofMinutes(1))
                .withFaultsPerMinute(6));

        // When drained
        scenario.history().forEachRemaining(e -> { });
        scenario.live().forEachRemaining(e -> { });

        // Then every fault that was started also finished, so each one is in the ground truth
        assertEquals(Map.of(), scenario.faultsInFlight());
        assertTrue(scenario.groundTruth().injections().size() >= 5, "the short faults still fit");
        // and the longest fault, silence, is scheduled first so that a one-minute run still plays one whole
        assertEquals(1L, scenario.groundTruth().countByPattern().get("silence"));
    }

    @Test
    void shouldRefuseToStartLiveTrafficBeforeTheHistoryIsDrained() {
        TelemetryScenario scenario = new TelemetryScenario(small(3));

        assertThrows(IllegalStateException.class, scenario::live);
    }

    @Test
    void shouldKeepNormalReadingsClearOfEveryRuleForAWholeDay() {
        // Faults off, a full daily cycle, readings every 10 s: the oracle must find nothing at all.
        TelemetryScenarioConfig config = small(11).withFaultsPerMinute(0).withDevices(10)
                .withReportingInterval(Duration.ofSeconds(10)).withLiveDuration(Duration.ofHours(24));
        TelemetryScenario scenario = new TelemetryScenario(config);
        TelemetryRuleOracle oracle = new TelemetryRuleOracle(TelemetryScenarios.RULES);
        long last = 0;
        long count = 0;
        while (scenario.hasNext()) {
            Telemetry t = reading(scenario.next());
            oracle.accept(t);
            last = t.getTimestamp().toEpochMilli();
            count++;
        }

        assertEquals(22 * 40 + 24 * 360 * 40, count);
        assertEquals(List.of(), oracle.finish(last));
    }

    @Test
    void shouldTripExactlyTheExpectedAlertsOfEachInjectionAndNothingElse() {
        TelemetryScenario scenario = new TelemetryScenario(small(2024));
        TelemetryRuleOracle oracle = new TelemetryRuleOracle(TelemetryScenarios.RULES);
        long last = 0;
        while (scenario.hasNext()) {
            Telemetry t = reading(scenario.next());
            oracle.accept(t);
            last = t.getTimestamp().toEpochMilli();
        }
        List<TelemetryRuleOracle.Expected> alerts = oracle.finish(last);
        List<Injection> injections = scenario.groundTruth().injections();

        // Every fault kind was injected several times, and most injections found a device.
        Map<String, Long> perFault = scenario.groundTruth().countByPattern();
        for (TelemetryFault fault : TelemetryFault.values()) {
            assertTrue(perFault.getOrDefault(fault.id(), 0L) >= 10, fault + " injected " + perFault.get(fault.id()));
        }
        assertTrue(scenario.skippedInjections() <= 5, "skipped " + scenario.skippedInjections());

        // Each alert belongs to the injection that carries its reading, on the same device and by its fault's rule;
        // the only others are of faults cut off by the end of the run, on their own device and rule.
        Map<Injection, List<TelemetryRuleOracle.Expected>> matched = new HashMap<>();
        Map<String, TelemetryFault> inFlight = scenario.faultsInFlight();
        for (TelemetryRuleOracle.Expected alert : alerts) {
            Injection owner = injections.stream()
                    .filter(i -> i.entityId().equals(alert.deviceId()) && i.eventIds().contains(alert.eventId()))
                    .findFirst().orElse(null);
            if (owner == null) {
                TelemetryFault cutOff = inFlight.get(alert.deviceId());
                assertTrue(cutOff != null && cutOff.id().equals(alert.ruleId()), "alert outside any injection: " + alert);
                continue;
            }
            assertEquals(owner.pattern(), alert.ruleId(), "a fault tripped another rule: " + alert + " in " + owner);
            matched.computeIfAbsent(owner, k -> new ArrayList<>()).add(alert);
        }
        for (Injection injection : injections) {
            List<TelemetryRuleOracle.Expected> own = matched.getOrDefault(injection, List.of());
            int expected = TelemetryFault.of(injection.pattern()).expectedAlerts();
            assertEquals(expected, own.size(), injection + " raised " + own);
            assertTrue(own.get(0).open(), "first alert opens: " + own);
            if (expected == 2) {
                assertTrue(!own.get(1).open(), "second alert resolves: " + own);
            }
        }
    }

    @Test
    void shouldSilenceADeviceForOneAndAHalfDeadlinesPlusACheckInterval() {
        TelemetryScenario scenario = new TelemetryScenario(small(5).withLiveDuration(Duration.ofMinutes(10)));
        List<GeneratedEvent> events = TelemetryScenarios.drain(scenario);
        Map<String, List<Long>> times = events.stream().map(TelemetryScenarios::reading).collect(
                Collectors.groupingBy(Telemetry::getDeviceId, Collectors.mapping(t -> t.getTimestamp().toEpochMilli(),
                        Collectors.toList())));

        List<Injection> silences = scenario.groundTruth().injections().stream()
                .filter(i -> i.pattern().equals("silence")).toList();
        assertTrue(silences.size() >= 3);
        for (Injection silence : silences) {
            long from = silence.firstEventTime().toEpochMilli();
            long to = silence.lastEventTime().toEpochMilli();
            assertEquals(2, silence.eventIds().size());
            assertTrue(to - from >= 46_000, "gap " + (to - from));
            assertTrue(times.get(silence.entityId()).stream().noneMatch(t -> t > from && t < to), "quiet in between");
        }
    }

    @Test
    void shouldHoldAStuckValueForLongerThanTheFlatlineDuration() {
        TelemetryScenario scenario = new TelemetryScenario(small(6).withLiveDuration(Duration.ofMinutes(10)));
        List<GeneratedEvent> events = TelemetryScenarios.drain(scenario);
        Map<String, Telemetry> byId = events.stream().map(TelemetryScenarios::reading)
                .collect(Collectors.toMap(Telemetry::getEventId, t -> t));

        List<Injection> stuck = scenario.groundTruth().injections().stream()
                .filter(i -> i.pattern().equals("flatline")).toList();
        assertTrue(stuck.size() >= 3);
        for (Injection injection : stuck) {
            List<Telemetry> readings = injection.eventIds().stream().map(byId::get).toList();
            Telemetry first = readings.get(0);
            Telemetry lastStuck = readings.get(readings.size() - 2);
            Telemetry moved = readings.get(readings.size() - 1);
            assertTrue(readings.subList(0, readings.size() - 1).stream().allMatch(r -> r.getValue() == first.getValue()));
            assertTrue(Duration.between(first.getTimestamp(), lastStuck.getTimestamp()).compareTo(Duration.ofSeconds(30)) > 0);
            assertTrue(Math.abs(moved.getValue() - first.getValue()) > 0.02);
        }
    }

    @Test
    void shouldSkipFaultsWhenNoDeviceIsFree() {
        // Two devices, each resting about 14 minutes after a fault, cannot take five faults a minute.
        TelemetryScenario scenario = new TelemetryScenario(small(9).withDevices(2).withFaultsPerMinute(1)
                .withLiveDuration(Duration.ofMinutes(10)));
        TelemetryScenarios.drain(scenario);

        assertTrue(scenario.skippedInjections() > 40, "skipped " + scenario.skippedInjections());
        assertTrue(scenario.groundTruth().injections().size() <= 2);
    }

    @Test
    void shouldRefuseAReportingIntervalTooCloseToTheSilenceDeadline() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TelemetryScenario(small(1).withReportingInterval(Duration.ofSeconds(11))));

        assertEquals("Telemetry scenario: readings every PT11S leave too little room under the silence deadline "
                + "PT30S (at most a third of it)", e.getMessage());
    }

    @Test
    void shouldRefuseRulesThatNormalReadingsWouldTrip() {
        List<RuleSpec> rules = new ArrayList<>(TelemetryScenarios.RULES.rules());
        rules.set(0, new RuleSpec("threshold", 2, "threshold", true, "HIGH", Duration.ofMinutes(10),
                Map.of("metric", "temperature", "upper", "55", "lower", "50")));
        RuleSet lowLimit = new RuleSet(rules);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TelemetryScenario(small(1).withRules(lowLimit)));
        assertTrue(e.getMessage().contains("normal temperature readings reach 51.5, not below the threshold rule's "
                + "lower limit 50.0"), e.getMessage());
    }

    @Test
    void shouldShapeTheScenarioAroundTheShippedDefaultTelemetryRules() {
        // The tests above use RULES; it must be what vigil-rules.yaml ships, or they prove nothing about the demo.
        List<String> telemetry = List.of("threshold", "rate-of-change", "telemetry-anomaly", "flatline", "silence");
        List<RuleSpec> shipped = RuleSet.defaults().rules().stream().filter(r -> telemetry.contains(r.detector())).toList();

        assertEquals(TelemetryScenarios.RULES.rules(), shipped);
        TelemetryScenario scenario = new TelemetryScenario(TelemetryScenarioConfig.defaults(1, START)
                .withLiveDuration(Duration.ofSeconds(10)));
        assertEquals(22 * 2_000, scenario.historySize());
    }

    @Test
    void shouldStampEachReadingWithItsOwnEventTimeAndDevice() {
        GeneratedEvent first = new TelemetryScenario(small(4).withHistory(false)).next();

        assertEquals(GeneratedEvent.TELEMETRY, first.topicKind());
        assertEquals(TelemetryScenario.deviceId(0), first.key());
        assertEquals(first.key(), reading(first).getDeviceId());
        assertEquals(Instant.parse("2025-03-14T09:00:00Z"), reading(first).getTimestamp());
        assertEquals("temperature", reading(first).getMetric());
        assertEquals("°C", reading(first).getUnit());
    }
}
