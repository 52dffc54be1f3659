package io.vigil.loadgen;

/**
 * Who a card holder is: where they live and how much they usually spend.
 *
 * @param index              position in the population (also the source of the card's seed)
 * @param cardId             the Kafka key and {@code Transaction.cardId}
 * @param region             home region, which sets the merchant pool and the time zone
 * @param country            ISO country code of the home city
 * @param home               home position; card-present purchases happen near it
 * @param typicalAmountMinor median purchase in cents, at least 500
 * @param merchantSeed       seed of the card's favourite merchants
 */
public record CardProfile(int index, String cardId, HomeRegion region, String country, GeoPoint home,
                          long typicalAmountMinor, long merchantSeed) {

    /** How many regular merchants a card holder has in their home region. */
    static final int FAVOURITES = 8;

    /** The card's favourite merchant number {@code slot} (0 to {@link #FAVOURITES} - 1) in its region's pool. */
    Merchant favouriteMerchant(int slot) {
        int index = (int) Math.floorMod(Seeds.mix(merchantSeed, slot), (long) Merchant.PER_REGION);
        return Merchant.regional(region, index);
    }
}
