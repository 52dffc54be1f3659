package io.vigil.detectors.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.detectors.Ewma;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The device state's binary layout beyond what detection produces: version 2 keeps every field, version 1 is read. */
class DeviceStateCodecTest {

    private static final long WATERMARK = 1_795_420_650_594L;

    @Test
    void shouldKeepEveryFieldWhenNothingRepeatsAndNamesAndIdsAreOfEveryKind() {
        // Given a state with an own metric name, a run that did not start at the newest reading, a last event that
        // is no metric's newest, ids canonical, upper-case and free-form, wall-clock times far from event time
        String canonical = "0e8a4c4b-8d1b-4e4b-9a55-1f0c2d3e4f50";
        Map<String, MetricState> metrics = new HashMap<>();
        metrics.put("humidity", new MetricState(canonical, WATERMARK, 45.25, new Ewma(7, 45.1, 0.02),
                "run-start", WATERMARK - 30_000, 45.2500001));
        metrics.put("coolant-flow l/min", new MetricState("R-1", WATERMARK - 5, -0.0, Ewma.EMPTY, null,
                Long.MIN_VALUE, 0));
        metrics.put("temperature", new MetricState());
        DeviceState state = new DeviceState(WATERMARK, WATERMARK + 3_600_000_000L, canonical.toUpperCase(java.util.Locale.ROOT),
                true, new ArrayList<>(List.of(new RecentEvent(-1L, WATERMARK - 20), new RecentEvent(42L, WATERMARK),
                new RecentEvent(Long.MIN_VALUE, WATERMARK - 30_000))), metrics,
                new HashMap<>(Map.of("silence", WATERMARK + 3_600_000_000L, "own-rule", WATERMARK - 1)),
                new HashMap<>(Map.of("threshold", Episode.announced(canonical, WATERMARK - 10),
                        "own-episode", Episode.muted(WATERMARK))));

        // When it is encoded and decoded
        byte[] encoded = DeviceStateCodec.encode(state);
        DeviceState read = DeviceStateCodec.decode(encoded);

        // Then every field is as it was
        assertEquals(encoded.length, DeviceStateCodec.encodedSize(state));
        assertSameState(state, read);
    }

    @Test
    void shouldReadTheVersionOneLayoutWhenAnOlderBuildWroteIt() throws IOException {
        // Given the version-1 bytes of a device with one metric, one remembered id, a cooldown and an episode
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(v1);
        out.writeByte(1);
        out.writeLong(WATERMARK);
        out.writeLong(WATERMARK + 7);
        out.writeByte(1 | 2);
        string(out, "r-9");
        out.writeByte(1);
        out.writeLong(99L);
        out.writeLong(WATERMARK);
        out.writeByte(1);
        string(out, "threshold");
        out.writeLong(WATERMARK - 5);
        out.writeByte(1);
        string(out, "threshold");
        out.writeByte(1);
        string(out, "alert-1");
        out.writeLong(WATERMARK - 5);
        out.writeByte(1);
        string(out, "temperature");
        out.writeByte(1 | 2 | 4);
        string(out, "r-9");
        out.writeLong(WATERMARK);
        out.writeDouble(85.5);
        out.writeLong(3);
        out.writeDouble(80.0);
        out.writeDouble(1.5);
        string(out, "r-8");
        out.writeLong(WATERMARK - 5);
        out.writeDouble(85.0);

        // When it is decoded
        DeviceState read = DeviceStateCodec.decode(v1.toByteArray());

        // Then it is the state those bytes describe
        DeviceState expected = new DeviceState(WATERMARK, WATERMARK + 7, "r-9", true,
                new ArrayList<>(List.of(new RecentEvent(99L, WATERMARK))),
                new HashMap<>(Map.of("temperature", new MetricState("r-9", WATERMARK, 85.5, new Ewma(3, 80.0, 1.5),
                        "r-8", WATERMARK - 5, 85.0))),
                new HashMap<>(Map.of("threshold", WATERMARK - 5)),
                new HashMap<>(Map.of("threshold", Episode.announced("alert-1", WATERMARK - 5))));
        assertSameState(expected, read);
    }

    @Test
    void shouldRejectEveryTruncationWhenAVersionTwoStateIsCut() {
        // Given a device state with every part present
        Map<String, MetricState> metrics = new HashMap<>(Map.of("pressure",
                new MetricState("r-1", WATERMARK, 1.0, new Ewma(2, 1.0, 0.5), "r-1", WATERMARK, 1.0)));
        DeviceState state = new DeviceState(WATERMARK, WATERMARK, "r-1", false,
                new ArrayList<>(List.of(new RecentEvent(5L, WATERMARK))), metrics,
                new HashMap<>(Map.of("rate-of-change", WATERMARK)),
                new HashMap<>(Map.of("flatline", Episode.muted(WATERMARK))));
        byte[] encoded = DeviceStateCodec.encode(state);

        // When any proper prefix of it is decoded, then it is rejected as corrupt, never misread
        for (int length = 0; length < encoded.length; length++) {
            byte[] cut = Arrays.copyOf(encoded, length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DeviceStateCodec.decode(cut), "prefix of " + length + " bytes");
            assertTrue(e.getMessage().startsWith("Corrupt state") || e.getMessage().startsWith("Unknown device state"),
                    e.getMessage());
        }
    }

    private static void assertSameState(DeviceState expected, DeviceState read) {
        assertEquals(List.of(expected.maxEventTimeMillis(), expected.lastSeenMillis(), String.valueOf(expected.lastEventId()),
                        expected.silenceIndexed(), expected.recentEvents(), expected.lastTriggerMillis(), expected.episodes()),
                List.of(read.maxEventTimeMillis(), read.lastSeenMillis(), String.valueOf(read.lastEventId()),
                        read.silenceIndexed(), read.recentEvents(), read.lastTriggerMillis(), read.episodes()));
        assertEquals(describe(expected.metrics()), describe(read.metrics()));
    }

    /** Every field of every metric, doubles by their bits (so -0.0 and 0.0 differ). */
    private static Map<String, List<Object>> describe(Map<String, MetricState> metrics) {
        Map<String, List<Object>> described = new HashMap<>();
        metrics.forEach((name, m) -> described.put(name, Arrays.asList(m.newestEventId(), m.newestMillis(),
                Double.doubleToRawLongBits(m.newestValue()), m.baseline(), m.runEventId(), m.runStartMillis(),
                Double.doubleToRawLongBits(m.runValue()))));
        return described;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(bytes.length);
        out.write(bytes);
    }
}
