package io.vigil.loadgen;

import io.vigil.events.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The subtle variant of each fraud pattern: around its rule's threshold rather than far past it, as fraud that has
 * a rough idea of the rules would play it. Most land just past the threshold and trip the rule, a slightly stricter
 * threshold misses them, and some land just short of it and are missed by the rule as it stands: those are the
 * honest misses that give recall its meaning. Like {@link FraudPatterns}, each plays on a card of its own. Defaults
 * in brackets:
 * <ul>
 *   <li>velocity: {@code maxCount + 1} (6) purchases spread over 70 to 115% of the window, not 8 in a quarter of
 *       it; spread wider than the window (about a third), no window holds more than {@code maxCount}: missed.</li>
 *   <li>amount-anomaly: 3 to 8 times (log-uniform) the typical amount rather than 40: log-distance 1.1 to 2.1 from
 *       the baseline, against {@code zThreshold * minStdDev} (1.0) at the least and about 1.3 for a card's real
 *       spread; the low end is missed on cards with a wide baseline.</li>
 *   <li>impossible-travel: the second use 85 to 140% of {@code minDistanceKm} (85 to 140 km) away rather than on
 *       another continent, 15 to 45 s later; under {@code minDistanceKm} (about a quarter) it is missed.</li>
 *   <li>card-testing: exactly {@code minCount} (5) e-commerce payments at exactly {@code minMerchants} (4)
 *       merchants, of 80 to 105% of the small amount, with distinct amounts (so no duplicate); when one is over the
 *       small amount (about a quarter of the time) too few count: missed.</li>
 *   <li>duplicate-transaction: the re-submission 15 to 105% of the window (18 to 126 s) later rather than 5 to
 *       30 s; past the window (about one in twenty) it is missed.</li>
 * </ul>
 * A replay has no subtle variant: it is played as usual.
 */
final class SubtlePatterns {

    private static final double MIN_ANOMALY_MULTIPLIER = 3;
    private static final double MAX_ANOMALY_MULTIPLIER = 8;
    private static final int MERCHANT_STRIDE = 37;

    private final InjectionParameters rules;
    private final SpendingModel spending;

    SubtlePatterns(InjectionParameters rules, SpendingModel spending) {
        this.rules = rules;
        this.spending = spending;
    }

    /** Whether the pattern has a subtle variant. */
    static boolean has(Pattern pattern) {
        return pattern != Pattern.REPLAY;
    }

    PlannedInjection plan(Pattern pattern, String injectionId, CardProfile card, long startMillis,
                          SplittableRandom random) {
        List<Transaction> txs = switch (pattern) {
            case VELOCITY -> velocity(card, startMillis, random);
            case AMOUNT_ANOMALY -> List.of(atHome(card, startMillis, Math.round(card.typicalAmountMinor()
                    * Math.exp(random.nextDouble(Math.log(MIN_ANOMALY_MULTIPLIER), Math.log(MAX_ANOMALY_MULTIPLIER)))),
                    Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION)), random));
            case IMPOSSIBLE_TRAVEL -> travel(card, startMillis, random);
            case CARD_TESTING -> cardTesting(card, startMillis, random);
            case DUPLICATE_TRANSACTION -> duplicate(card, startMillis, random);
            case REPLAY -> throw new IllegalArgumentException("a replay has no subtle variant");
        };
        List<GeneratedEvent> events = txs.stream().map(GeneratedEvent::transaction).toList();
        return new PlannedInjection(new Injection(injectionId, pattern.id(), card.cardId(),
                txs.stream().map(Transaction::getEventId).toList(), txs.get(0).getTimestamp(),
                txs.get(txs.size() - 1).getTimestamp()), events);
    }

    private List<Transaction> velocity(CardProfile card, long startMillis, SplittableRandom random) {
        int count = rules.velocityMaxCount() + 1;
        long span = (long) (rules.velocityWindow().toMillis() * random.nextDouble(0.7, 1.15));
        int first = random.nextInt(Merchant.PER_REGION);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            txs.add(atHome(card, startMillis + span * i / (count - 1), spending.amount(card, random, i),
                    Merchant.regional(card.region(), (first + i * MERCHANT_STRIDE) % Merchant.PER_REGION), random));
        }
        return txs;
    }

    private List<Transaction> travel(CardProfile card, long startMillis, SplittableRandom random) {
        Transaction home = atHome(card, startMillis, spending.amount(card, random, 0),
                Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION)), random);
        // Measured from the first purchase itself, not from home, so that no jitter eats into the margin.
        GeoPoint from = new GeoPoint(home.getLatitude(), home.getLongitude());
        GeoPoint there = from.move(rules.minDistanceKm() * random.nextDouble(0.85, 1.4), random.nextDouble(2 * Math.PI));
        long later = startMillis + 15_000 + random.nextLong(30_001);
        Transaction away = SpendingModel.cardPresent(SpendingModel.eventId(random), card, later,
                spending.amount(card, random, 1), Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION)),
                there, card.country());
        return List.of(home, away);
    }

    private List<Transaction> cardTesting(CardProfile card, long startMillis, SplittableRandom random) {
        int count = rules.cardTestingMinCount();
        int merchants = Math.min(count, rules.cardTestingMinMerchants());
        long gap = (long) Math.ceil(1.05 * rules.velocityWindow().toMillis() / rules.velocityMaxCount());
        long base = (long) (rules.smallAmountMinor() * random.nextDouble(0.8, 1.05));
        int first = random.nextInt(Merchant.ONLINE);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Merchant merchant = Merchant.online((first + (i % merchants) * MERCHANT_STRIDE) % Merchant.ONLINE);
            // Distinct amounts: a repeated merchant charging the same amount again would be a duplicate.
            long amount = base + i;
            txs.add(SpendingModel.ecommerce(SpendingModel.eventId(random), card, startMillis + i * gap, amount, merchant));
        }
        return txs;
    }

    private List<Transaction> duplicate(CardProfile card, long startMillis, SplittableRandom random) {
        Transaction original = atHome(card, startMillis, spending.amount(card, random, 0),
                card.favouriteMerchant(random.nextInt(CardProfile.FAVOURITES)), random);
        long delay = (long) (rules.duplicateWindow().toMillis() * random.nextDouble(0.15, 1.05));
        return List.of(original, Transaction.newBuilder(original)
                .setEventId(SpendingModel.eventId(random))
                .setTimestamp(Instant.ofEpochMilli(startMillis + delay))
                .build());
    }

    private static Transaction atHome(CardProfile card, long timeMillis, long amountMinor, Merchant merchant,
                                      SplittableRandom random) {
        return SpendingModel.cardPresent(SpendingModel.eventId(random), card, timeMillis, amountMinor, merchant,
                SpendingModel.nearHome(card, random), card.country());
    }
}
