package io.vigil.loadgen;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The card holders of a scenario, computed on demand from the seed rather than stored, so that a population
 * of millions costs no memory and card {@code i} is the same card in every run with the same seed.
 *
 * <p>Typical amounts are lognormal across cards (median 30 EUR, sigma 0.7 on the log scale), floored at
 * 5.00 EUR so that no normal purchase comes near the card-testing rule's small amounts, and capped at
 * 500 EUR.
 */
public final class CardPopulation {

    private static final String CARD_ID_PREFIX = "card-";
    static final long MIN_TYPICAL_MINOR = 500;
    static final long MAX_TYPICAL_MINOR = 50_000;
    /** Homes are spread this far around their city, so that cards of one city do not share a point. */
    static final double HOME_SPREAD_KM = 12.0;
    private static final double MEDIAN_TYPICAL_MINOR = 3_000;
    private static final double TYPICAL_SIGMA = 0.7;

    private final long seed;
    private final List<HomeRegion> regions;
    private final double[] cumulativeWeights;

    public CardPopulation(long seed) {
        this(seed, HomeRegion.EUROPE);
    }

    CardPopulation(long seed, List<HomeRegion> regions) {
        this.seed = seed;
        this.regions = List.copyOf(regions);
        this.cumulativeWeights = new double[regions.size()];
        double total = regions.stream().mapToDouble(HomeRegion::populationWeight).sum();
        double running = 0;
        for (int i = 0; i < regions.size(); i++) {
            running += regions.get(i).populationWeight() / total;
            cumulativeWeights[i] = running;
        }
    }

    public List<HomeRegion> regions() {
        return regions;
    }

    public static String cardId(int index) {
        return Ids.padded(CARD_ID_PREFIX, index, 8);
    }

    /** The index of a card id made by {@link #cardId(int)}. */
    public static int indexOf(String cardId) {
        if (!cardId.startsWith(CARD_ID_PREFIX)) {
            throw new IllegalArgumentException("Not a generated card id: " + cardId);
        }
        return Integer.parseInt(cardId.substring(CARD_ID_PREFIX.length()));
    }

    /** The profile of card {@code index}; the same for the same seed and index, whatever else was asked. */
    public CardProfile profile(int index) {
        SplittableRandom random = new SplittableRandom(Seeds.mix(seed, index));
        int regionIndex = regionIndex(random.nextDouble());
        HomeRegion region = regions.get(regionIndex);
        Place city = region.cities().get(random.nextInt(region.cities().size()));
        GeoPoint home = city.position().jitter(HOME_SPREAD_KM, random);
        double typical = Math.exp(Math.log(MEDIAN_TYPICAL_MINOR) + TYPICAL_SIGMA * random.nextGaussian());
        long typicalMinor = Math.max(MIN_TYPICAL_MINOR, Math.min(MAX_TYPICAL_MINOR, Math.round(typical)));
        return new CardProfile(index, cardId(index), region, city.country(), home, typicalMinor, random.nextLong());
    }

    /** The index in {@link #regions()} of card {@code index}'s home region, without building the whole profile. */
    int regionOf(int index) {
        return regionIndex(new SplittableRandom(Seeds.mix(seed, index)).nextDouble());
    }

    private int regionIndex(double u) {
        for (int i = 0; i < cumulativeWeights.length - 1; i++) {
            if (u < cumulativeWeights[i]) {
                return i;
            }
        }
        return cumulativeWeights.length - 1;
    }
}
