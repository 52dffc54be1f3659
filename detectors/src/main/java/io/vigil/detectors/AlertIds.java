package io.vigil.detectors;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Deterministic alert and incident ids.
 *
 * <p>An id is a name-based UUID of the rule, the entity and the event that opened the episode. A replay
 * of the same input (after a crash, a rebalance, or offline in the oracle) therefore names the same
 * alert, which is what lets downstream consumers deduplicate and lets tests compare alert sets exactly.
 * The rule version is deliberately left out: a rule edit must not turn one ongoing episode into two.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String alertId(String ruleId, String entityId, String episodeEventId) {
        return nameUuid("alert", ruleId, entityId, episodeEventId);
    }

    /** The id of the RESOLVED alert that closes {@code openAlertId}: one per episode, however often it is computed. */
    public static String resolutionId(String openAlertId) {
        return nameUuid("resolved", openAlertId);
    }

    /**
     * The id of the incident that {@code alertIds} opened on one entity: the same alerts always make the same
     * incident, whatever order they arrived in, so a replayed escalation names the incident it named before.
     */
    public static String incidentId(String entityType, String entityId, Collection<String> alertIds) {
        List<String> parts = new ArrayList<>(alertIds.size() + 3);
        parts.add("incident");
        parts.add(entityType);
        parts.add(entityId);
        alertIds.stream().sorted().forEach(parts::add);
        return nameUuid(parts.toArray(String[]::new));
    }

    private static String nameUuid(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
