package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.DetectorCatalog;
import io.vigil.loadgen.telemetry.TelemetryFault;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

class InjectedPatternTest {

    private static List<InjectedPattern> all() {
        return Stream.concat(Stream.of(Pattern.values()), Stream.of(TelemetryFault.values()))
                .map(InjectedPattern.class::cast).toList();
    }

    @Test
    void shouldNameACatalogDetectorWhenAPatternMustRaiseAlerts() {
        // Given every fraud pattern and telemetry fault
        for (InjectedPattern pattern : all()) {
            // When / Then: ground truth, rules and scores meet on the catalog's names
            pattern.detector().ifPresent(detector -> assertTrue(DetectorCatalog.find(detector).isPresent(),
                    pattern + " names no detector of the catalog: " + detector));
            assertEquals(pattern.expectedAlerts() > 0, pattern.detector().isPresent(), pattern.id());
        }
    }

    @Test
    void shouldKeepIdsUniqueWhenFraudAndTelemetryPatternsMeetInOneGroundTruth() {
        // Given
        Set<String> ids = new HashSet<>();

        // When / Then
        all().forEach(pattern -> assertTrue(ids.add(pattern.id()), "two patterns share " + pattern.id()));
    }

    @Test
    void shouldListTheKnownIdsWhenAnIdIsUnknown() {
        // When
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TelemetryFault.of("spike"));

        // Then
        assertEquals("Unknown telemetry fault 'spike'; known faults: threshold, rate-of-change, telemetry-anomaly, "
                + "flatline, silence", e.getMessage());
        assertEquals(Pattern.CARD_TESTING, Pattern.of("card-testing"));
    }
}
