package io.vigil.loadgen.telemetry;

import io.vigil.config.RuleSet;
import io.vigil.events.Telemetry;
import io.vigil.loadgen.GeneratedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-data factory: small telemetry scenarios under the default telemetry rules, and ways to look at them. */
final class TelemetryScenarios {

    static final Instant START = Instant.parse("2025-03-14T09:00:00Z");

    /** The telemetry rules of vigil-rules.yaml, spelled out so a change there shows up here as a failing test. */
    static final RuleSet RULES = RuleSet.parse("""
            rules:
              - id: threshold
                version: 1
                detector: threshold
                severity: HIGH
                cooldown: 10m
                parameters: {metric: temperature, upper: 80, lower: 60}
              - id: rate-of-change
                version: 1
                detector: rate-of-change
                severity: MEDIUM
                cooldown: 10m
                parameters: {metric: pressure, maxPerSecond: 5}
              - id: telemetry-anomaly
                version: 1
                detector: telemetry-anomaly
                severity: MEDIUM
                cooldown: 10m
                parameters: {metric: vibration, alpha: 0.1, zThreshold: 6, warmup: 20, minStdDev: 0.1}
              - id: flatline
                version: 1
                detector: flatline
                severity: MEDIUM
                cooldown: 10m
                parameters: {metric: humidity, duration: 30s, tolerance: 0.01}
              - id: silence
                version: 1
                detector: silence
                severity: HIGH
                cooldown: 10m
                parameters: {deadline: 30s, checkInterval: 1s}
            """);

    private TelemetryScenarios() {
    }

    /** 50 devices every 5 s (40 readings/s), with history, 30 minutes, half a fault of each kind per minute. */
    static TelemetryScenarioConfig small(long seed) {
        return TelemetryScenarioConfig.defaults(seed, START)
                .withRules(RULES)
                .withDevices(50)
                .withReportingInterval(Duration.ofSeconds(5))
                .withLiveDuration(Duration.ofMinutes(30))
                .withFaultsPerMinute(0.5);
    }

    static List<GeneratedEvent> drain(TelemetryScenario scenario) {
        List<GeneratedEvent> events = new ArrayList<>();
        scenario.forEachRemaining(events::add);
        return events;
    }

    static Telemetry reading(GeneratedEvent event) {
        return event.valueAs(Telemetry.class);
    }

    /** Each device's readings of each metric, in order: device -> metric -> readings. */
    static Map<String, Map<String, List<Telemetry>>> byDeviceAndMetric(List<GeneratedEvent> events) {
        Map<String, Map<String, List<Telemetry>>> out = new LinkedHashMap<>();
        for (GeneratedEvent event : events) {
            Telemetry t = reading(event);
            out.computeIfAbsent(t.getDeviceId(), d -> new LinkedHashMap<>())
                    .computeIfAbsent(t.getMetric(), m -> new ArrayList<>()).add(t);
        }
        return out;
    }
}
