package io.vigil.detectors;

import java.util.List;
import java.util.Map;

/**
 * What a detector saw, before the rule's cooldown and identity are applied.
 *
 * @param episodeEventId    the event whose arrival made the rule fire; names the episode in the alert id
 * @param triggeringEventIds the events that together made the rule fire, oldest first
 * @param windowStartMillis  event time of the oldest triggering event (or the window start)
 * @param windowEndMillis    event time of the newest triggering event (or the window end)
 * @param features           the numbers behind the decision, e.g. {@code count}, {@code zScore}
 * @param explanation        one line an analyst understands
 */
public record Finding(
        String episodeEventId,
        List<String> triggeringEventIds,
        long windowStartMillis,
        long windowEndMillis,
        Map<String, Double> features,
        String explanation) {

    public Finding {
        triggeringEventIds = List.copyOf(triggeringEventIds);
        features = Map.copyOf(features);
    }
}
