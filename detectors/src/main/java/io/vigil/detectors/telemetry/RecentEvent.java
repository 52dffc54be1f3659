package io.vigil.detectors.telemetry;

/**
 * A recently accepted reading, remembered only to drop a second delivery of the same event id.
 *
 * @param idHash          64-bit hash of the event id (see {@link DeviceState#idHash(String)})
 * @param timestampMillis its event time, which decides when it can be forgotten
 */
public record RecentEvent(long idHash, long timestampMillis) {
}
