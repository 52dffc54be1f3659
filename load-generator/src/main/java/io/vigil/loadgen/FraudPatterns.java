package io.vigil.loadgen;

import io.vigil.events.Transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays each fraud pattern on one card, so that it trips its own rule and no other under the rule thresholds
 * in {@link InjectionParameters}. Every pattern runs on a card nobody else uses, so no other traffic adds to
 * its windows or its cooldowns. Why each pattern stays clear of the other rules (defaults in brackets):
 * <ul>
 *   <li>velocity: {@code maxCount + 3} (8) purchases within a quarter of the window at distinct home merchants with
 *       normal amounts. No history, so no amount baseline; card-present within 40 km, below the travel
 *       rule's 100 km; amounts above 3.00 EUR, far from card testing's 2.00 EUR.</li>
 *   <li>amount-anomaly: one purchase at 40 times the typical amount on a card with a warm-up history that
 *       ended over half an hour earlier: nothing else in any window, and near home.</li>
 *   <li>impossible-travel: card-present at home, then 15 to 45 s later card-present in a city at least
 *       1,500 km away (a cloned card used in two cities at once); two purchases, distinct merchants, normal
 *       amounts.</li>
 *   <li>card-testing: {@code max(minCount, minMerchants)} (5) e-commerce purchases of 0.50 to 1.50 EUR at
 *       distinct merchants, spaced a little more than {@code window / maxCount} of the velocity rule apart
 *       (12.6 s), so that no velocity window ever holds more than {@code maxCount} of them.</li>
 *   <li>duplicate-transaction: a purchase and its re-submission with a new event id 5 to 30 s later: two
 *       purchases, same place, same amount.</li>
 *   <li>replay: {@code maxCount} (5) purchases within a quarter of the velocity window, then the last one re-sent
 *       unchanged 3 to 10 s later. A pipeline that drops the repeated event id sees 5, not over the limit; one
 *       that counts it twice sees 6 and raises a velocity alert, which scoring counts as a false positive.
 *       The delay stays below the default 30 s grace period so the re-send is not merely dropped as late.</li>
 * </ul>
 */
final class FraudPatterns {

    static final int ANOMALY_MULTIPLIER = 40;
    static final double MIN_TRAVEL_KM = 1_500;
    private static final Duration MIN_TRAVEL_DELAY = Duration.ofSeconds(15);
    private static final Duration MAX_TRAVEL_DELAY = Duration.ofSeconds(45);
    /** Card-testing purchases are spaced this much wider than velocity's window / maxCount. */
    private static final double CARD_TESTING_SPACING_MARGIN = 1.05;
    private static final long MIN_TESTING_AMOUNT_MINOR = 50;
    private static final long MAX_TESTING_AMOUNT_MINOR = 150;
    private static final double FAR_CITY_RADIUS_KM = 10;
    /** The most both purchase positions can move the distance: the home purchase's and the far one's jitter. */
    private static final double JITTER_KM = SpendingModel.PURCHASE_RADIUS_KM + FAR_CITY_RADIUS_KM;
    /** Stride through a merchant pool; coprime to the pool sizes, so consecutive picks are distinct. */
    private static final int MERCHANT_STRIDE = 37;

    private final InjectionParameters rules;
    private final SpendingModel spending;

    FraudPatterns(InjectionParameters rules, SpendingModel spending) {
        this.rules = rules;
        this.spending = spending;
    }

    PlannedInjection plan(Pattern pattern, String injectionId, CardProfile card, long startMillis, SplittableRandom random) {
        List<GeneratedEvent> events = switch (pattern) {
            case VELOCITY -> burst(card, startMillis, rules.velocityMaxCount() + 3, random);
            case AMOUNT_ANOMALY -> amountAnomaly(card, startMillis, random);
            case IMPOSSIBLE_TRAVEL -> impossibleTravel(card, startMillis, random);
            case CARD_TESTING -> cardTesting(card, startMillis, random);
            case DUPLICATE_TRANSACTION -> duplicate(card, startMillis, random);
            case REPLAY -> replay(card, startMillis, random);
        };
        List<String> ids = events.stream().map(e -> e.valueAs(Transaction.class).getEventId()).toList();
        Instant first = events.get(0).eventTime();
        Instant last = events.get(events.size() - 1).eventTime();
        return new PlannedInjection(new Injection(injectionId, pattern.id(), card.cardId(), ids, first, last), events);
    }

    /** {@code count} card-present purchases near home at distinct merchants, within half the velocity window. */
    private List<GeneratedEvent> burst(CardProfile card, long startMillis, int count, SplittableRandom random) {
        long stepMillis = rules.velocityWindow().toMillis() / 4 / count;
        int firstMerchant = random.nextInt(Merchant.PER_REGION);
        List<GeneratedEvent> events = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            Merchant merchant = Merchant.regional(card.region(), (firstMerchant + i * MERCHANT_STRIDE) % Merchant.PER_REGION);
            events.add(GeneratedEvent.transaction(atHome(card, startMillis + i * stepMillis, spending.amount(card, random, i),
                    merchant, random)));
        }
        return events;
    }

    private List<GeneratedEvent> amountAnomaly(CardProfile card, long startMillis, SplittableRandom random) {
        Merchant merchant = Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION));
        return List.of(GeneratedEvent.transaction(
                atHome(card, startMillis, ANOMALY_MULTIPLIER * card.typicalAmountMinor(), merchant, random)));
    }

    private List<GeneratedEvent> impossibleTravel(CardProfile card, long startMillis, SplittableRandom random) {
        Merchant local = Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION));
        Transaction home = atHome(card, startMillis, spending.amount(card, random, 0), local, random);
        Place city = farCity(card, random);
        long laterMillis = startMillis + travelDelayMillis(card.home().distanceKm(city.position()) - JITTER_KM, random);
        Merchant abroad = Merchant.farAway(city, random.nextInt(Merchant.PER_FAR_CITY));
        Transaction away = SpendingModel.cardPresent(SpendingModel.eventId(random), card, laterMillis,
                spending.amount(card, random, 1), abroad, city.position().jitter(FAR_CITY_RADIUS_KM, random), city.country());
        return List.of(GeneratedEvent.transaction(home), GeneratedEvent.transaction(away));
    }

    private List<GeneratedEvent> cardTesting(CardProfile card, long startMillis, SplittableRandom random) {
        int count = Math.max(rules.cardTestingMinCount(), rules.cardTestingMinMerchants());
        long velocitySafeGap = (long) Math.ceil(CARD_TESTING_SPACING_MARGIN
                * rules.velocityWindow().toMillis() / rules.velocityMaxCount());
        long gapMillis = Math.min(velocitySafeGap, rules.cardTestingWindow().toMillis() / count);
        long maxAmount = Math.min(MAX_TESTING_AMOUNT_MINOR, rules.smallAmountMinor());
        int firstMerchant = random.nextInt(Merchant.ONLINE);
        List<GeneratedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Merchant merchant = Merchant.online((firstMerchant + i * MERCHANT_STRIDE) % Merchant.ONLINE);
            long amount = Math.min(maxAmount, MIN_TESTING_AMOUNT_MINOR + random.nextLong(MAX_TESTING_AMOUNT_MINOR - MIN_TESTING_AMOUNT_MINOR + 1));
            events.add(GeneratedEvent.transaction(SpendingModel.ecommerce(SpendingModel.eventId(random), card,
                    startMillis + i * gapMillis, amount, merchant)));
        }
        return events;
    }

    private List<GeneratedEvent> duplicate(CardProfile card, long startMillis, SplittableRandom random) {
        Merchant merchant = card.favouriteMerchant(random.nextInt(CardProfile.FAVOURITES));
        Transaction original = atHome(card, startMillis, spending.amount(card, random, 0), merchant, random);
        long maxDelayMillis = Math.min(30_000, rules.duplicateWindow().toMillis());
        long delayMillis = Math.min(maxDelayMillis, 5_000 + random.nextLong(25_001));
        Transaction resubmitted = Transaction.newBuilder(original)
                .setEventId(SpendingModel.eventId(random))
                .setTimestamp(Instant.ofEpochMilli(startMillis + delayMillis))
                .build();
        return List.of(GeneratedEvent.transaction(original), GeneratedEvent.transaction(resubmitted));
    }

    private List<GeneratedEvent> replay(CardProfile card, long startMillis, SplittableRandom random) {
        List<GeneratedEvent> events = new ArrayList<>(burst(card, startMillis, rules.velocityMaxCount(), random));
        GeneratedEvent last = events.get(events.size() - 1);
        Transaction copy = Transaction.newBuilder(last.valueAs(Transaction.class)).build();
        Instant resentAt = last.eventTime().plusMillis(3_000 + random.nextLong(7_001));
        events.add(GeneratedEvent.transaction(copy, resentAt));
        return events;
    }

    /**
     * 15 to 45 seconds, shortened if need be so that the implied speed is at least twice the rule's limit: a
     * margin, so that the distance lost to the jitter of both positions cannot bring the speed under it.
     */
    private long travelDelayMillis(double minDistanceKm, SplittableRandom random) {
        long fastEnough = (long) (minDistanceKm / (2 * rules.maxSpeedKmh()) * 3_600_000);
        long delay = MIN_TRAVEL_DELAY.toMillis()
                + random.nextLong(MAX_TRAVEL_DELAY.toMillis() - MIN_TRAVEL_DELAY.toMillis() + 1);
        return Math.max(1_000, Math.min(delay, fastEnough));
    }

    private static Transaction atHome(CardProfile card, long timeMillis, long amountMinor, Merchant merchant,
                                      SplittableRandom random) {
        return SpendingModel.cardPresent(SpendingModel.eventId(random), card, timeMillis, amountMinor, merchant,
                SpendingModel.nearHome(card, random), card.country());
    }

    /** A far-away city at least {@value #MIN_TRAVEL_KM} km and the travel rule's minimum distance from home. */
    private Place farCity(CardProfile card, SplittableRandom random) {
        double minKm = Math.max(MIN_TRAVEL_KM, rules.minDistanceKm()) + JITTER_KM;
        List<Place> candidates = HomeRegion.FAR_AWAY.stream()
                .filter(city -> city.position().distanceKm(card.home()) >= minKm)
                .toList();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No far-away city is " + minKm + " km from " + card.home());
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
