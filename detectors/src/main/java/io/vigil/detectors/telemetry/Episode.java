package io.vigil.detectors.telemetry;

/**
 * An open alert episode of one rule on one device: between the OPEN and the RESOLVED alert.
 *
 * <p>An episode whose OPEN fell inside the rule's cooldown is still tracked, but {@link #muted()}: nothing was
 * announced, so its end must not be announced either (a RESOLVED without an OPEN would confuse every
 * consumer that pairs them).
 *
 * @param alertId      id of the OPEN alert, or null when the episode is muted
 * @param openedMillis when it opened: event time for reading rules, wall-clock time for silence
 */
public record Episode(String alertId, long openedMillis) {

    public static Episode announced(String alertId, long openedMillis) {
        return new Episode(alertId, openedMillis);
    }

    public static Episode muted(long openedMillis) {
        return new Episode(null, openedMillis);
    }

    public boolean muted() {
        return alertId == null;
    }
}
