package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.ActionType;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Issue 12, part 4, on the subscribers' side: action ids join a fixed type word and the alert id with "|"; the
 * type has no "|" and comes first, so alert ids holding "|" still name distinct actions. This pins that down.
 */
class ActionIdsTest {

    @Test
    void shouldDeriveDistinctActionIdsWhenAlertIdsHoldTheSeparator() {
        // When
        Set<String> ids = new HashSet<>(List.of(
                ActionIds.actionId(ActionType.BLOCK_CARD, "a|b"),
                ActionIds.actionId(ActionType.BLOCK_CARD, "a"),
                ActionIds.actionId(ActionType.NOTIFY, "BLOCK_CARD|a|b"),
                ActionIds.actionId(ActionType.NOTIFY, "a|b"),
                ActionIds.actionId(ActionType.UNBLOCK_CARD, "a|b")));

        // Then
        assertEquals(5, ids.size(), ids::toString);
    }
}
