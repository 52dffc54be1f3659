package io.vigil.loadgen;

import java.util.List;
import java.util.Locale;

/**
 * A merchant: an id and its ISO 18245 category code.
 *
 * <p>Merchants are not stored anywhere: a merchant is a pure function of its pool and index, so a
 * population of millions of cards needs no merchant table and every run with the same seed sees the same
 * merchants.
 */
public record Merchant(String merchantId, String category) {

    /** Merchants in each home region's pool. */
    static final int PER_REGION = 400;
    /** Merchants in the shared e-commerce pool. */
    static final int ONLINE = 300;
    /** Merchants per far-away city. */
    static final int PER_FAR_CITY = 50;

    private static final List<String> STREET_CATEGORIES = List.of(
            "5411", "5812", "5541", "5912", "5311", "5814", "4111", "5999", "5651", "5499");
    private static final List<String> ONLINE_CATEGORIES = List.of(
            "5969", "5732", "4899", "5818", "5942", "5691", "4722");

    static Merchant regional(HomeRegion region, int index) {
        return new Merchant(id(region.code(), index), STREET_CATEGORIES.get(index % STREET_CATEGORIES.size()));
    }

    static Merchant online(int index) {
        return new Merchant(id("web", index), ONLINE_CATEGORIES.get(index % ONLINE_CATEGORIES.size()));
    }

    static Merchant farAway(Place city, int index) {
        String pool = city.country().toLowerCase(Locale.ROOT) + "x";
        return new Merchant(id(pool, index), STREET_CATEGORIES.get(index % STREET_CATEGORIES.size()));
    }

    private static String id(String pool, int index) {
        return Ids.padded("m-" + pool + "-", index, 4);
    }
}
