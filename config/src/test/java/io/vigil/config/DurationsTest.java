package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "100ms, 100",
            "30s, 30000",
            "5m, 300000",
            "1h, 3600000",
            "2d, 172800000",
            "PT30S, 30000",
            "pt1m30s, 90000",
            "' 45s ', 45000",
            "0s, 0",
            "-5m, -300000"})
    void shouldReadDurationWhenWrittenWithUnitOrIso(String text, long millis) {
        // When
        Duration parsed = Durations.parse(text);

        // Then
        assertEquals(Duration.ofMillis(millis), parsed);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "60", "5 minutes", "1w", "PT", "ms", "99999999999999999999d", "1.5s"})
    void shouldRejectTextWhenItIsNotADuration(String text) {
        // When / Then
        assertTrue(Durations.tryParse(text).isEmpty());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals("'" + text + "' is not a duration; write e.g. 100ms, 30s, 5m, 1h, 2d or PT30S",
                e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PT0.15S, 150ms",
            "PT60S, 1m",
            "PT90S, 90s",
            "PT2H, 2h",
            "P1D, 1d",
            "PT0S, 0s",
            "-PT5M, -5m",
            "PT0.000001S, PT0.000001S"})
    void shouldFormatInLargestExactUnitWhenFormatting(String iso, String expected) {
        // When
        String formatted = Durations.format(Duration.parse(iso));

        // Then
        assertEquals(expected, formatted);
    }

    @Test
    void shouldRoundTripWhenFormattedDurationIsParsedAgain() {
        // Given
        Duration original = Duration.ofMinutes(90);

        // When
        Duration again = Durations.parse(Durations.format(original));

        // Then
        assertEquals(original, again);
    }
}
