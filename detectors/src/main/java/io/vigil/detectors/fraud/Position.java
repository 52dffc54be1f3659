package io.vigil.detectors.fraud;

/**
 * Where and when a card was last used in person.
 *
 * @param eventId          the transaction that was there
 * @param timestampMillis  its event time
 */
public record Position(String eventId, long timestampMillis, double latitude, double longitude) {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** Great-circle distance by the haversine formula: accurate to well under 1% for this use. */
    public double distanceKm(Position other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
