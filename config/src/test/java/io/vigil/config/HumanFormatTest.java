package io.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

class HumanFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"5, 5", "2.5, 2.5", "0, 0", "1000000, 1000000"})
    void shouldDropTheFractionWhenTheNumberIsWhole(double value, String expected) {
        // When / Then
        assertEquals(expected, HumanFormat.number(value));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"30000, 30 s", "250, 250 ms", "1500, 1500 ms", "0, 0 s"})
    void shouldWriteMillisecondsWhenTheDurationIsNotWholeSeconds(long millis, String expected) {
        // When / Then
        assertEquals(expected, HumanFormat.duration(Duration.ofMillis(millis)));
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"95000, 95 s", "119999, 119 s", "120000, 2 min", "750000, 12 min"})
    void shouldSwitchToMinutesWhenTheSpanReachesTwoMinutes(long millis, String expected) {
        // When / Then
        assertEquals(expected, HumanFormat.span(Duration.ofMillis(millis)));
    }
}
