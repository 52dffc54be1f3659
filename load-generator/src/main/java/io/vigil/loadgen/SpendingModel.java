package io.vigil.loadgen;

import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * How a card holder spends: the everyday purchases that must never look like fraud.
 *
 * <p>A purchase is e-commerce with probability 0.3 (no terminal position), otherwise card-present within
 * {@value #PURCHASE_RADIUS_KM} km of home, mostly at one of the card's favourite merchants. Amounts are
 * lognormal around the card's typical amount with sigma 0.35, never below 3.01 EUR.
 *
 * <p>Amounts are truncated more tightly than the 3 sigma of the contract's rule of thumb, because 3 sigma (even
 * 2.5 sigma) lets normal traffic trip the amount rule: with alpha 0.1 the EWMA variance of a card is noisy, and
 * a run of similar amounts followed by an edge amount reaches z = 5 on about one card in 1,500 per two dozen
 * purchases. Instead, all normal amounts of a card lie within a log-range narrower than
 * {@code zThreshold * minStdDev} (1.0 by default, so +-1.4 sigma): then no normal amount can be that many
 * floored standard deviations from an EWMA of normal amounts, whatever the variance estimate does. The
 * truncation resamples rather than clamps, so the edges get no pile-up.
 *
 * <p>Duplicates by construction: two purchases of one card at the same merchant for the same amount within the
 * duplicate window would trip the duplicate rule. Each card's n-th purchase therefore has an amount congruent
 * to n modulo a number larger than the most purchases a card can make within that window (given the minimum
 * gap), which shifts an amount by a few cents and makes such a collision impossible rather than rare.
 */
final class SpendingModel {

    static final double ECOMMERCE_SHARE = 0.30;
    static final double AMOUNT_SIGMA = 0.35;
    /** The widest truncation, used when the amount rule leaves room for it. */
    static final double MAX_CLIP_SIGMAS = 2.5;
    /** Below this, normal amounts would be nearly constant, and resampling slow. */
    private static final double MIN_CLIP_SIGMAS = 0.5;
    /** Keeps the log-range of normal amounts strictly inside {@code zThreshold * minStdDev}. */
    private static final double RANGE_MARGIN = 0.98;
    static final long MIN_AMOUNT_MINOR = 301;
    static final double PURCHASE_RADIUS_KM = 20.0;
    static final String CURRENCY = "EUR";
    private static final double FAVOURITE_SHARE = 0.8;
    private static final int MIN_MODULUS = 16;
    private static final int MAX_MODULUS = 256;

    private final int amountModulus;
    private final double clipSigmas;

    SpendingModel(InjectionParameters rules) {
        this(rules.duplicateWindow(), rules.normalMinGap(),
                Math.min(MAX_CLIP_SIGMAS, RANGE_MARGIN * rules.amountZThreshold() * rules.amountMinStdDev() / (2 * AMOUNT_SIGMA)));
    }

    /**
     * @param duplicateWindow the duplicate rule's window
     * @param minGap          the least event time between two normal purchases of one card
     * @param clipSigmas      normal amounts lie within this many sigmas of the typical amount
     */
    SpendingModel(Duration duplicateWindow, Duration minGap, double clipSigmas) {
        if (!(clipSigmas >= MIN_CLIP_SIGMAS)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "The amount rule leaves normal amounts a range of"
                    + " only +-%.2f sigma; the generator needs at least %.1f (raise zThreshold * minStdDev)",
                    clipSigmas, MIN_CLIP_SIGMAS));
        }
        this.clipSigmas = clipSigmas;
        long perWindow = duplicateWindow.toMillis() / minGap.toMillis() + 2;
        if (perWindow > MAX_MODULUS) {
            throw new IllegalArgumentException("A duplicate window of " + duplicateWindow + " holds " + perWindow
                    + " purchases at the minimum gap " + minGap + "; the generator supports at most " + MAX_MODULUS);
        }
        this.amountModulus = (int) Math.max(MIN_MODULUS, perWindow);
    }

    /** An everyday purchase of {@code card} at {@code timeMillis}; {@code useCount} numbers the card's purchases. */
    Transaction purchase(CardProfile card, long timeMillis, SplittableRandom random, int useCount) {
        long amount = amount(card, random, useCount);
        if (random.nextDouble() < ECOMMERCE_SHARE) {
            Merchant merchant = Merchant.online(random.nextInt(Merchant.ONLINE));
            return ecommerce(eventId(random), card, timeMillis, amount, merchant);
        }
        Merchant merchant = random.nextDouble() < FAVOURITE_SHARE
                ? card.favouriteMerchant(random.nextInt(CardProfile.FAVOURITES))
                : Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION));
        return cardPresent(eventId(random), card, timeMillis, amount, merchant, nearHome(card, random), card.country());
    }

    /** A normal amount for {@code card}, congruent to {@code useCount} modulo the amount modulus. */
    long amount(CardProfile card, SplittableRandom random, int useCount) {
        long[] bounds = amountBounds(card.typicalAmountMinor());
        double z = random.nextGaussian();
        while (Math.abs(z) > clipSigmas) {
            z = random.nextGaussian();
        }
        long raw = Math.round(card.typicalAmountMinor() * Math.exp(AMOUNT_SIGMA * z));
        raw = Math.max(bounds[0], Math.min(bounds[1], raw));
        long adjusted = raw - Math.floorMod(raw - useCount, amountModulus);
        return adjusted < bounds[0] ? adjusted + amountModulus : adjusted;
    }

    /** The least and the greatest normal amount of a card with this typical amount, in cents. */
    long[] amountBounds(long typicalAmountMinor) {
        long low = (long) Math.ceil(typicalAmountMinor * Math.exp(-clipSigmas * AMOUNT_SIGMA));
        long high = (long) Math.floor(typicalAmountMinor * Math.exp(clipSigmas * AMOUNT_SIGMA));
        return new long[] {Math.max(MIN_AMOUNT_MINOR, low), high};
    }

    static GeoPoint nearHome(CardProfile card, SplittableRandom random) {
        return card.home().jitter(PURCHASE_RADIUS_KM, random);
    }

    static Transaction cardPresent(String eventId, CardProfile card, long timeMillis, long amountMinor,
                                   Merchant merchant, GeoPoint position, String country) {
        return new Transaction(eventId, card.cardId(), Instant.ofEpochMilli(timeMillis), amountMinor, CURRENCY,
                merchant.merchantId(), merchant.category(), Channel.CARD_PRESENT,
                position.latitude(), position.longitude(), country);
    }

    static Transaction ecommerce(String eventId, CardProfile card, long timeMillis, long amountMinor, Merchant merchant) {
        return new Transaction(eventId, card.cardId(), Instant.ofEpochMilli(timeMillis), amountMinor, CURRENCY,
                merchant.merchantId(), merchant.category(), Channel.ECOMMERCE, null, null, card.country());
    }

    /** A version-4 UUID drawn from the scenario's random stream, so that ids repeat exactly for the same seed. */
    static String eventId(SplittableRandom random) {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}
