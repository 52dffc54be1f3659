package io.vigil.loadgen;

import java.time.ZoneId;
import java.util.List;

/**
 * Where card holders live: a country's larger cities, its time zone (which drives the day-night rhythm) and
 * its share of the card population.
 *
 * <p>The regions span four time zones, from Lisbon (UTC+0) to Istanbul (UTC+3), so that at any moment some
 * of the population is further into its day than the rest; see {@link DayNightRhythm}.
 */
public record HomeRegion(String code, ZoneId zone, double populationWeight, List<Place> cities) {

    public HomeRegion {
        cities = List.copyOf(cities);
    }

    /** The home regions of the card population. */
    public static final List<HomeRegion> EUROPE = List.of(
            region("gb", "Europe/London", 0.14,
                    Place.of("London", "GB", 51.5074, -0.1278), Place.of("Manchester", "GB", 53.4808, -2.2426)),
            region("pt", "Europe/Lisbon", 0.05,
                    Place.of("Lisbon", "PT", 38.7223, -9.1393), Place.of("Porto", "PT", 41.1579, -8.6291)),
            region("fr", "Europe/Paris", 0.15,
                    Place.of("Paris", "FR", 48.8566, 2.3522), Place.of("Lyon", "FR", 45.7640, 4.8357),
                    Place.of("Marseille", "FR", 43.2965, 5.3698)),
            region("de", "Europe/Berlin", 0.20,
                    Place.of("Berlin", "DE", 52.5200, 13.4050), Place.of("Hamburg", "DE", 53.5511, 9.9937),
                    Place.of("Munich", "DE", 48.1351, 11.5820), Place.of("Cologne", "DE", 50.9375, 6.9603)),
            region("es", "Europe/Madrid", 0.11,
                    Place.of("Madrid", "ES", 40.4168, -3.7038), Place.of("Barcelona", "ES", 41.3874, 2.1686)),
            region("it", "Europe/Rome", 0.12,
                    Place.of("Rome", "IT", 41.9028, 12.4964), Place.of("Milan", "IT", 45.4642, 9.1900)),
            region("pl", "Europe/Warsaw", 0.08,
                    Place.of("Warsaw", "PL", 52.2297, 21.0122), Place.of("Krakow", "PL", 50.0647, 19.9450)),
            region("fi", "Europe/Helsinki", 0.04,
                    Place.of("Helsinki", "FI", 60.1699, 24.9384)),
            region("gr", "Europe/Athens", 0.05,
                    Place.of("Athens", "GR", 37.9838, 23.7275)),
            region("tr", "Europe/Istanbul", 0.06,
                    Place.of("Istanbul", "TR", 41.0082, 28.9784)));

    /**
     * Cities far from every home region (at least 2,500 km from any of the cities above): where the second,
     * impossible card-present use of an impossible-travel injection happens.
     */
    public static final List<Place> FAR_AWAY = List.of(
            Place.of("New York", "US", 40.7128, -74.0060),
            Place.of("Sao Paulo", "BR", -23.5505, -46.6333),
            Place.of("Dubai", "AE", 25.2048, 55.2708),
            Place.of("Singapore", "SG", 1.3521, 103.8198),
            Place.of("Lagos", "NG", 6.5244, 3.3792),
            Place.of("Mumbai", "IN", 19.0760, 72.8777));

    private static HomeRegion region(String code, String zone, double weight, Place... cities) {
        return new HomeRegion(code, ZoneId.of(zone), weight, List.of(cities));
    }
}
