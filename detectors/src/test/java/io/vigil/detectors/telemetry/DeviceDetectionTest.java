package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.T0;
import static io.vigil.detectors.telemetry.Devices.anomaly;
import static io.vigil.detectors.telemetry.Devices.flatline;
import static io.vigil.detectors.telemetry.Devices.rateOfChange;
import static io.vigil.detectors.telemetry.Devices.reading;
import static io.vigil.detectors.telemetry.Devices.silence;
import static io.vigil.detectors.telemetry.Devices.threshold;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;
import io.vigil.detectors.Ewma;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Telemetry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

class DeviceDetectionTest {

    private static Devices.Feed allRules() {
        return new Devices.Feed(
                List.of(threshold(90, 85, Duration.ofMinutes(10)), rateOfChange(1.0), anomaly(0.1, 5.0, 3, 0.25),
                        flatline("60s", 0.0)),
                List.of(silence("60s", Duration.ofMinutes(10))));
    }

    @Test
    void shouldDropTheSameEventIdSeenTwiceWithoutTouchingTheState() {
        Devices.Feed device = allRules();
        device.feed(reading("a", 0, "temperature", 95.0));
        byte[] before = DeviceStateCodec.encode(device.state);

        DeviceDetection.Outcome again = device.detection.process(device.state,
                reading("a", 0, "temperature", 95.0), T0.toEpochMilli() + 5_000);

        assertEquals(DeviceDetection.Disposition.DUPLICATE_EVENT, again.disposition());
        assertEquals(List.of(), again.alerts());
        assertArrayEquals(before, DeviceStateCodec.encode(device.state));
    }

    @Test
    void shouldCountAReadingBeyondGraceAsLateAndLeaveDetectionStateAlone() {
        Devices.Feed device = allRules();
        device.feed(reading("a", 100, "temperature", 20.0));

        DeviceDetection.Outcome late = device.detection.process(device.state,
                reading("old", 69, "temperature", 99.0), T0.toEpochMilli() + 101_000);

        assertEquals(DeviceDetection.Disposition.LATE, late.disposition());
        assertEquals(List.of(), late.alerts());
        assertEquals(20.0, device.state.metric("temperature").newestValue());
        assertEquals(1, device.state.recentEvents().size());
        assertEquals(T0.toEpochMilli() + 101_000, device.state.lastSeenMillis(), "a late reading still shows life");
    }

    @Test
    void shouldAcceptAReadingExactlyAtTheGraceBoundary() {
        Devices.Feed device = allRules();
        device.feed(reading("a", 100, "temperature", 20.0));

        assertEquals(DeviceDetection.Disposition.ACCEPTED, device.detection.process(device.state,
                reading("b", 70, "temperature", 20.0), T0.toEpochMilli()).disposition());
    }

    @Test
    void shouldKeepStateOnlyForMetricsSomeRuleWatches() {
        Devices.Feed device = allRules();
        device.feed(reading("a", 0, "temperature", 20.0), reading("b", 0, "voltage", 3.3),
                reading("c", 0, "humidity", 40.0));

        assertEquals(Set.of("temperature", "humidity"), device.state.metrics().keySet());
        assertFalse(device.state.metric("temperature").hasRun(), "no flatline rule watches temperature");
        assertTrue(device.state.metric("humidity").hasRun());
        assertEquals(Ewma.EMPTY, device.state.metric("humidity").baseline(), "no anomaly rule watches humidity");
    }

    @Test
    void shouldForgetEventIdsOnceTheirReadingsWouldBeLate() {
        Devices.Feed device = allRules();
        device.feed(reading("a", 0, "temperature", 20.0), reading("b", 20, "temperature", 20.0),
                reading("c", 40, "temperature", 20.0));

        // Watermark 40 s, grace 30 s: "a" (0 s) would be late now, so its id need not be kept.
        assertEquals(2, device.state.recentEvents().size());
        assertEquals(DeviceDetection.Disposition.LATE, device.detection.process(device.state,
                reading("a", 0, "temperature", 20.0), T0.toEpochMilli()).disposition());
    }

    @Test
    void shouldCapTheRememberedEventIds() {
        Devices.Feed device = allRules();
        int capacity = device.detection.recentCapacity();
        for (int i = 0; i < capacity + 10; i++) {
            device.feed(reading("e" + i, 0, "voltage", i));
        }

        assertEquals(capacity, device.state.recentEvents().size());
    }

    @Test
    void shouldRejectAValueThatIsNotANumber() {
        Devices.Feed device = allRules();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> device.feed(reading("nan", 0, "vibration", Double.NaN)));
        assertEquals("Reading nan of vibration on device device-1 has no finite value: NaN", e.getMessage());
        assertFalse(device.state.everSeen());
    }

    @Test
    void shouldRunOnlyEnabledTelemetryRulesFromARuleSet() {
        RuleSpec velocity = new RuleSpec("velocity", 1, "velocity", true, "HIGH", Duration.ofMinutes(10),
                Map.of("maxCount", "5", "window", "60s"));
        RuleSpec hot = new RuleSpec("hot", 1, "threshold", true, "HIGH", Duration.ofMinutes(10),
                Map.of("metric", "temperature", "upper", "90", "lower", "80"));
        RuleSpec off = new RuleSpec("off", 1, "flatline", false, "LOW", Duration.ofMinutes(10),
                Map.of("metric", "humidity", "duration", "1m"));
        RuleSpec quiet = new RuleSpec("quiet", 1, "silence", true, "MEDIUM", Duration.ofMinutes(10),
                Map.of("deadline", "2m", "checkInterval", "10s"));

        DeviceDetection detection = DeviceDetection.fromRules(new RuleSet(List.of(velocity, hot, off, quiet)),
                Duration.ofSeconds(30));

        assertEquals(List.of("hot"), detection.detectors().stream().map(d -> d.rule().id()).toList());
        assertEquals(List.of("quiet"), detection.silenceDetectors().stream().map(d -> d.rule().id()).toList());
        assertEquals(Duration.ofSeconds(10), detection.checkInterval().orElseThrow());
    }

    @Test
    void shouldNameTheSameAlertsWhenTheSameInputIsReplayed() {
        List<Telemetry> input = List.of(reading("a", 0, "temperature", 95.0), reading("b", 10, "temperature", 50.0),
                reading("c", 0, "pressure", 1.0), reading("d", 1, "pressure", 9.0));

        assertEquals(ids(allRules(), input), ids(allRules(), input));
        assertEquals(3, ids(allRules(), input).size());
    }

    private static List<String> ids(Devices.Feed device, List<Telemetry> input) {
        List<String> ids = new ArrayList<>();
        for (Alert alert : device.feed(input.toArray(Telemetry[]::new))) {
            ids.add(alert.getAlertId());
        }
        return ids;
    }

    @Test
    void shouldRoundTripEveryPartOfTheStateThroughTheCodec() {
        Devices.Feed device = allRules();
        device.feed(reading("a", 0, "temperature", 95.0),          // threshold episode open
                reading("b", 0, "vibration", 2.0), reading("c", 10, "vibration", 2.1),
                reading("d", 0, "humidity", 40.0), reading("e", 5, "pressure", 100.0));
        device.detection.checkSilence(device.state, Devices.DEVICE, T0.toEpochMilli() + 65_000);   // silence open

        DeviceState copy = DeviceStateCodec.decode(DeviceStateCodec.encode(device.state));

        DeviceState s = device.state;
        assertEquals(s.maxEventTimeMillis(), copy.maxEventTimeMillis());
        assertEquals(s.lastSeenMillis(), copy.lastSeenMillis());
        assertEquals(s.lastEventId(), copy.lastEventId());
        assertEquals(s.silenceIndexed(), copy.silenceIndexed());
        assertEquals(s.recentEvents(), copy.recentEvents());
        assertEquals(s.lastTriggerMillis(), copy.lastTriggerMillis());
        assertEquals(s.episodes(), copy.episodes());
        assertEquals(2, copy.episodes().size());
        assertEquals(s.metrics().keySet(), copy.metrics().keySet());
        for (String metric : s.metrics().keySet()) {
            MetricState m = s.metric(metric);
            MetricState c = copy.metric(metric);
            assertEquals(m.newestEventId(), c.newestEventId(), metric);
            assertEquals(m.newestMillis(), c.newestMillis(), metric);
            assertEquals(m.newestValue(), c.newestValue(), metric);
            assertEquals(m.baseline(), c.baseline(), metric);
            assertEquals(m.runEventId(), c.runEventId(), metric);
            assertEquals(m.runStartMillis(), c.runStartMillis(), metric);
            assertEquals(m.runValue(), c.runValue(), metric);
        }
    }

    @Test
    void shouldRoundTripAMutedEpisodeAndAFreshState() {
        DeviceState fresh = DeviceStateCodec.decode(DeviceStateCodec.encode(new DeviceState()));
        assertFalse(fresh.everSeen());
        assertNull(fresh.lastEventId());

        DeviceState state = new DeviceState();
        state.open("rule", Episode.muted(42));
        assertEquals(Map.of("rule", Episode.muted(42)), DeviceStateCodec.decode(DeviceStateCodec.encode(state)).episodes());
    }

    @Test
    void shouldRejectAnUnknownVersionAndTruncatedBytes() {
        byte[] bytes = DeviceStateCodec.encode(allRules().state);
        bytes[0] = 9;
        assertEquals("Unknown device state format version 9 (this build reads 1 and 2)",
                assertThrows(IllegalArgumentException.class, () -> DeviceStateCodec.decode(bytes)).getMessage());

        Devices.Feed device = allRules();
        device.feed(reading("a", 0, "temperature", 95.0));
        byte[] whole = DeviceStateCodec.encode(device.state);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThrows(IllegalArgumentException.class, () -> DeviceStateCodec.decode(cut));
    }

    @Test
    void shouldResolveAThresholdEpisodeAfterARestartWithTheOriginalId() {
        Devices.Feed device = allRules();
        Alert open = device.feed(reading("a", 0, "temperature", 95.0)).get(0);

        device.restart();
        List<Alert> after = device.feed(reading("b", 10, "temperature", 96.0), reading("c", 20, "temperature", 50.0));

        assertEquals(1, after.size());
        assertEquals(AlertStatus.RESOLVED, after.get(0).getStatus());
        assertEquals(open.getAlertId(), after.get(0).getResolvesAlertId());
    }

    @Test
    void shouldRefuseRulesWatchingMoreMetricsThanADeviceKeeps() {
        List<TelemetryDetector> many = new ArrayList<>();
        for (int i = 0; i <= DeviceState.MAX_METRICS; i++) {
            many.add(new RateOfChangeDetector(new RuleSpec("roc-" + i, 1, "rate-of-change", true, "LOW",
                    Duration.ZERO, Map.of("metric", "m" + i, "maxPerSecond", "1"))));
        }
        assertThrows(IllegalArgumentException.class, () -> new DeviceDetection(many, List.of(), Duration.ZERO));
    }
}
