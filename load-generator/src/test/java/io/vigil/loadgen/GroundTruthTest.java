package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

class GroundTruthTest {

    private static final Injection VELOCITY = new Injection("velocity-000001", "velocity", "card-00000042",
            List.of("e1", "e2"), Instant.parse("2025-03-14T09:00:01Z"), Instant.parse("2025-03-14T09:00:04.500Z"));
    private static final Injection REPLAY = new Injection("replay-000001", "replay", "card-00000043",
            List.of("r1", "r1"), Instant.parse("2025-03-14T09:00:02Z"), Instant.parse("2025-03-14T09:00:12Z"));

    @Test
    void shouldWriteOneJsonLinePerInjectionWithExpectedAlerts() throws IOException {
        // Given
        GroundTruth truth = new GroundTruth(List.of(VELOCITY, REPLAY));
        StringWriter out = new StringWriter();

        // When
        truth.writeJsonLines(out);

        // Then
        assertEquals("""
                {"injectionId":"velocity-000001","pattern":"velocity","entityId":"card-00000042","eventIds":["e1","e2"],\
                "firstEventTime":"2025-03-14T09:00:01Z","lastEventTime":"2025-03-14T09:00:04.500Z","expectedAlerts":1}
                {"injectionId":"replay-000001","pattern":"replay","entityId":"card-00000043","eventIds":["r1","r1"],\
                "firstEventTime":"2025-03-14T09:00:02Z","lastEventTime":"2025-03-14T09:00:12Z","expectedAlerts":0}
                """, out.toString());
    }

    @Test
    void shouldReadBackWhatItWroteWhenRoundTripped() throws IOException {
        GroundTruth truth = new GroundTruth(List.of(VELOCITY, REPLAY));
        StringWriter out = new StringWriter();
        truth.writeJsonLines(out);

        GroundTruth read = GroundTruth.readJsonLines(new StringReader(out.toString()));

        assertEquals(truth.injections(), read.injections());
        assertEquals(Map.of("replay", 1L, "velocity", 1L), read.countByPattern());
    }

    @Test
    void shouldKeepAnExplicitExpectedAlertCountWhenThePatternIsNotAFraudPattern() throws IOException {
        // Given a telemetry-style injection that must raise an OPEN and a RESOLVED alert
        Injection fault = new Injection("silence-000001", "silence", "device-7", List.of("t1"),
                Instant.parse("2025-03-14T09:00:00Z"), Instant.parse("2025-03-14T09:05:00Z"), 2);
        StringWriter out = new StringWriter();

        // When written and read back
        new GroundTruth(List.of(fault)).writeJsonLines(out);
        GroundTruth read = GroundTruth.readJsonLines(new StringReader(out.toString()));

        // Then the count survives, and a pattern nobody knows defaults to one alert
        assertEquals(List.of(fault), read.injections());
        assertEquals(1, new Injection("x", "threshold", "d", List.of(), Instant.EPOCH, Instant.EPOCH).expectedAlerts());
        assertEquals(0, REPLAY.expectedAlerts());
    }

    @Test
    void shouldNameTheMissingFieldWhenALineIsIncomplete() {
        IOException error = assertThrows(IOException.class,
                () -> GroundTruth.readJsonLines(new StringReader("{\"injectionId\":\"x\",\"pattern\":\"velocity\"}\n")));
        assertEquals("Ground truth line lacks text field 'entityId': {\"injectionId\":\"x\",\"pattern\":\"velocity\"}",
                error.getMessage());
    }
}
