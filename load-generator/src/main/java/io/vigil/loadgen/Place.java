package io.vigil.loadgen;

/** A named city: where card holders live, or where a stolen card number turns up. */
public record Place(String name, String country, GeoPoint position) {

    static Place of(String name, String country, double latitude, double longitude) {
        return new Place(name, country, new GeoPoint(latitude, longitude));
    }
}
