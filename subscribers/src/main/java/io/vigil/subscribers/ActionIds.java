package io.vigil.subscribers;

import io.vigil.events.ActionType;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic action ids: a name-based UUID of the action type and the alert it answers. A subscriber that
 * handles the same alert again (after a crash, or a second instance) names the same action, so consumers of the
 * actions topic can recognise a repeat, and tests can compare action sets exactly.
 */
public final class ActionIds {

    private ActionIds() {
    }

    public static String actionId(ActionType type, String alertId) {
        return UUID.nameUUIDFromBytes(("action|" + type.name() + "|" + alertId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
