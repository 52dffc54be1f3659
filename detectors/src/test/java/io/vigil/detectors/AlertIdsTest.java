package io.vigil.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Issue 12, part 4: ids derived from parts that contain the separator must not collide. */
class AlertIdsTest {

    @Test
    void shouldDeriveDistinctIdsWhenASeparatorMovesBetweenParts() {
        // Given two different (entity, event) pairs that read the same once joined with "|"
        // When
        Set<String> ids = new HashSet<>(List.of(
                AlertIds.alertId("velocity", "card|1", "e1"),
                AlertIds.alertId("velocity", "card", "1|e1"),
                AlertIds.alertId("velocity|card", "1", "e1"),
                AlertIds.alertId("velocity", "card\\", "|e1"),
                AlertIds.alertId("velocity", "card\\|", "e1")));

        // Then every one is its own alert
        assertEquals(5, ids.size(), ids::toString);
    }

    @Test
    void shouldDeriveDistinctIncidentIdsWhenAlertIdsHoldTheSeparator() {
        // When
        String one = AlertIds.incidentId("CARD", "c", List.of("a|b", "c"));
        String other = AlertIds.incidentId("CARD", "c", List.of("a", "b|c"));

        // Then
        assertEquals(2, new HashSet<>(List.of(one, other)).size());
    }

    @Test
    void shouldKeepTheIdsOfEarlierVersionsWhenNoPartHoldsASeparatorOrBackslash() {
        // Given the derivation before escaping: the parts joined with "|"
        String before = UUID.nameUUIDFromBytes("alert|velocity|card-1|e4".getBytes(StandardCharsets.UTF_8)).toString();

        // Then ordinary ids are unchanged, so consumers deduplicating across an upgrade see no new ids
        assertEquals(before, AlertIds.alertId("velocity", "card-1", "e4"));
        assertEquals(UUID.nameUUIDFromBytes(("resolved|" + before).getBytes(StandardCharsets.UTF_8)).toString(),
                AlertIds.resolutionId(before));
    }
}
