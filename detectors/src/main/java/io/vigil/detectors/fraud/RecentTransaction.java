package io.vigil.detectors.fraud;

/**
 * The part of a past transaction that the windowed fraud detectors need: kept in {@link CardState}'s
 * bounded, time-ordered history instead of the whole Avro record.
 */
public record RecentTransaction(String eventId, long timestampMillis, String merchantId, long amountMinor) {
}
