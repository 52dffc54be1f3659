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
 *
 * <p>The parts are joined with {@code |}, each part escaped first ({@code \} becomes {@code \\} and {@code |}
 * becomes {@code \|}), so that the joined text names exactly one list of parts: without escaping, entity
 * {@code "a|b"} with event {@code "c"} and entity {@code "a"} with event {@code "b|c"} got the same id, and the
 * consumers that deduplicate on ids dropped the second, real alert. Parts without {@code |} or {@code \} (every
 * UUID, every id Vigil's generators produce) are unchanged by escaping, so their ids are the ids earlier versions
 * derived; only ids whose parts contain one of the two characters differ from before.
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
        StringBuilder joined = new StringBuilder(16 * parts.length);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                joined.append('|');
            }
            escape(parts[i], joined);
        }
        return UUID.nameUUIDFromBytes(joined.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void escape(String part, StringBuilder out) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '|' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
