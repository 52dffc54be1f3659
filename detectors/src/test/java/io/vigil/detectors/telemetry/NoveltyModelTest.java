package io.vigil.detectors.telemetry;

import static io.vigil.detectors.telemetry.Devices.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Alert;
import io.vigil.events.Telemetry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The telemetry-anomaly rule with {@code model: novelty}. */
class NoveltyModelTest {

    private static final String METRIC = "vibration";

    private static TelemetryAnomalyDetector novelty(Map<String, String> overrides) {
        Map<String, String> params = new HashMap<>(Map.of("metric", METRIC, "model", "novelty", "warmup", "40",
                "bins", "8", "rarity", "0.01", "stepFactor", "3", "decay", "0.999", "quiet", "5"));
        params.putAll(overrides);
        return new TelemetryAnomalyDetector(Devices.rule(TelemetryDetectors.TELEMETRY_ANOMALY, Duration.ZERO, params));
    }

    /** A triangle wave between 0 and 10 in steps of 1: every band well visited, steps of 1. */
    private static List<Telemetry> triangle(int n) {
        List<Telemetry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int phase = i % 20;
            out.add(reading("r" + i, i * 10L, METRIC, phase <= 10 ? phase : 20 - phase));
        }
        return out;
    }

    private static List<Alert> run(Devices.Feed feed, List<Telemetry> readings) {
        return feed.feed(readings.toArray(Telemetry[]::new));
    }

    @Test
    void shouldStaySilentWhenTheSignalRepeatsItsPattern() {
        // Given a device that has learned a triangle wave
        Devices.Feed feed = new Devices.Feed(novelty(Map.of()));
        // When it goes on with the same wave, then nothing is novel
        assertEquals(List.of(), run(feed, triangle(400)));
    }

    @Test
    void shouldFireWhenAReadingLeavesTheRangeSeen() {
        // Given a learned triangle wave
        Devices.Feed feed = new Devices.Feed(novelty(Map.of()));
        run(feed, triangle(200));
        // When a reading comes at 10.5 just after 10 (a step of 0.5, inside the step limit, outside the range)
        List<Alert> alerts = feed.feed(reading("high", 2000, METRIC, 10.5));
        // Then
        assertEquals(1, alerts.size());
        assertEquals("vibration on device device-1 at 10.50, outside every value it has shown (0.00 to 10.00 over "
                + "200 readings)", alerts.get(0).getExplanation());
    }

    @Test
    void shouldFireWhenAStepIsFarAboveTheLargestRecentStep() {
        // Given a learned triangle wave (steps of 1), now at 1
        Devices.Feed feed = new Devices.Feed(novelty(Map.of("rarity", "0.0001")));
        run(feed, triangle(200));
        // When it jumps from 1 to 8 in one reading (7 times the largest step, inside the range, in a visited band)
        List<Alert> alerts = feed.feed(reading("jump", 2000, METRIC, 8.0));
        // Then
        assertEquals(1, alerts.size());
        assertTrue(alerts.get(0).getExplanation().contains("a step of 7.00, 7.0 times the largest recent step (1.00)"),
                alerts.get(0).getExplanation());
    }

    @Test
    void shouldFireWhenAValueFallsInABandTheMetricHasLeft() {
        // Given readings alternating between 0 and 10 (the bands between were never visited)
        Devices.Feed feed = new Devices.Feed(novelty(Map.of("stepFactor", "100")));
        List<Telemetry> readings = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            readings.add(reading("a" + i, i * 10L, METRIC, i % 2 == 0 ? 0.0 : 10.0));
        }
        run(feed, readings);
        // When a reading lands at 5
        List<Alert> alerts = feed.feed(reading("mid", 1000, METRIC, 5.0));
        // Then
        assertEquals(1, alerts.size());
        assertEquals(0.0, alerts.get(0).getFeatures().get("bandShare"), 1e-12);
    }

    @Test
    void shouldStayQuietForQuietReadingsWhenItHasJustFired() {
        // Given a learned triangle wave, then a reading outside the range that fires
        Devices.Feed feed = new Devices.Feed(novelty(Map.of("quiet", "3")));
        run(feed, triangle(200));
        assertEquals(1, feed.feed(reading("x1", 2000, METRIC, 20.0)).size());
        // When the next readings are new again (each beyond the last)
        int fired = 0;
        for (int i = 1; i <= 3; i++) {
            fired += feed.feed(reading("x" + (i + 1), 2000 + i * 10L, METRIC, 20.0 + 20 * i)).size();
        }
        // Then the three within the quiet period say nothing, and the one after may speak
        assertEquals(0, fired);
        assertEquals(1, feed.feed(reading("x5", 2040, METRIC, 200.0)).size());
    }

    @Test
    void shouldNotFireWhenWarmingUp() {
        // Given warmup 50 and 30 readings of a triangle, then a reading far outside
        Devices.Feed feed = new Devices.Feed(novelty(Map.of("warmup", "50")));
        run(feed, triangle(30));
        // Then
        assertEquals(List.of(), feed.feed(reading("far", 300, METRIC, 1000.0)));
    }

    @Test
    void shouldJudgeAlikeWhenTheStateWentThroughItsCodec() {
        // Given two devices fed the same wave, one of them restarted from its bytes after every reading
        Devices.Feed plain = new Devices.Feed(novelty(Map.of()));
        Devices.Feed restarted = new Devices.Feed(novelty(Map.of()));
        List<Telemetry> readings = triangle(300);
        readings.add(reading("out", 3000, METRIC, 12.0));
        List<Alert> fromRestarted = new ArrayList<>();
        for (Telemetry r : readings) {
            fromRestarted.addAll(restarted.feed(r));
            restarted.restart();
        }
        // Then both alert alike and their states encode to the same bytes
        assertEquals(run(plain, readings), fromRestarted);
        assertEquals(1, fromRestarted.size());
        assertEquals(java.util.Arrays.toString(DeviceStateCodec.encode(plain.state)),
                java.util.Arrays.toString(DeviceStateCodec.encode(restarted.state)));
    }

    @Test
    void shouldHoldAtMostFiftyThreeBytesPlusFourPerBandWhenEncoded() {
        // Given a metric state with and without a 32-band novelty state
        Devices.Feed feed = new Devices.Feed(novelty(Map.of("bins", "32")));
        run(feed, triangle(100));
        MetricState metric = feed.state.metric(METRIC);
        int with = DeviceStateCodec.encode(feed.state).length;
        NoveltyState saved = metric.novelty();
        metric.novelty(null);
        int without = DeviceStateCodec.encode(feed.state).length;
        metric.novelty(saved);
        // Then: bins, five doubles and 4 bytes per band, plus the count and the readings since the last alert as
        // varints (1 to 9 and 1 to 5 bytes)
        int novelty = with - without;
        assertTrue(novelty >= 1 + 40 + 1 + 1 + 4 * 32 && novelty <= 1 + 40 + 9 + 5 + 4 * 32, "novelty bytes " + novelty);
    }
}
