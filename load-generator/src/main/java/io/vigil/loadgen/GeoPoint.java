package io.vigil.loadgen;

/**
 * A position on the earth in decimal degrees.
 *
 * <p>Great-circle (haversine) distance on a sphere of mean radius is what the impossible-travel rule uses, so
 * the generator measures with the same yardstick when it promises "within 30 km of home" or "at least
 * 1,500 km away": an ellipsoid model would disagree with the detector by a fraction of a percent.
 */
public record GeoPoint(double latitude, double longitude) {

    static final double EARTH_RADIUS_KM = 6371.0088;

    /** Great-circle distance in kilometres. */
    public double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }

    /** The point {@code distanceKm} away along the initial bearing {@code bearingRadians} (0 = north). */
    public GeoPoint move(double distanceKm, double bearingRadians) {
        double delta = distanceKm / EARTH_RADIUS_KM;
        double lat1 = Math.toRadians(latitude);
        double lon1 = Math.toRadians(longitude);
        double lat2 = Math.asin(Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(bearingRadians));
        double lon2 = lon1 + Math.atan2(Math.sin(bearingRadians) * Math.sin(delta) * Math.cos(lat1),
                Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2));
        double lonDegrees = (Math.toDegrees(lon2) + 540.0) % 360.0 - 180.0;
        return new GeoPoint(Math.toDegrees(lat2), lonDegrees);
    }

    /**
     * A point drawn uniformly from the disc of radius {@code radiusKm} around this one. The square root on the
     * radius is what makes it uniform over the area rather than crowded at the centre.
     */
    GeoPoint jitter(double radiusKm, java.util.SplittableRandom random) {
        return move(radiusKm * Math.sqrt(random.nextDouble()), random.nextDouble(2 * Math.PI));
    }
}
