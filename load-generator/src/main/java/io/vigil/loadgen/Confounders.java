package io.vigil.loadgen;

import io.vigil.events.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plays each {@link Confounder} on one card of its own, so that any alert on that card is a false alert the
 * confounder caused. Each is shaped around the rule thresholds in {@link InjectionParameters} so that some
 * episodes trip the rule they mimic under the default thresholds and some do not: the point is a realistic
 * spread across the threshold, which is what a threshold sweep then trades against the subtle injections.
 * Default thresholds in brackets:
 * <ul>
 *   <li>transit-burst: {@code maxCount - 1} to {@code maxCount + 2} (4 to 7) taps of one fare above the small
 *       amount, at distinct gates (transit merchants) within half to all of the velocity window. Over
 *       {@code maxCount} taps trip velocity.</li>
 *   <li>split-bill: 2 to 7 payments 3 to 10 s apart at one restaurant; half the bills are split in equal shares,
 *       which trips duplicate-transaction, and over {@code maxCount} parts within the window trip velocity.</li>
 *   <li>big-ticket: one purchase of 2 to 12 times (log-uniform) the typical amount on a card with a warm-up history:
 *       from about 3 times on it passes the amount rule's z-threshold, overlapping the subtle anomalies.</li>
 *   <li>fast-travel: a purchase near home, then one in a city of another home region at 450 to 1,000 km/h apparent
 *       speed (gate to arrival): the fastest trip the travel rule's 900 km/h. A flight takes an hour or more of
 *       scenario time, so only runs that long contain one.</li>
 *   <li>wrong-terminal-position: a purchase near home, then 10 to 60 s later one at another home merchant
 *       whose terminal reports its acquirer's office in another country: an impossible speed.</li>
 *   <li>merchant-retry: a purchase at a favourite merchant, retried for the same amount 10 to 90 s later with a
 *       new event id: within the duplicate window (2 min) it trips duplicate-transaction; a shorter window lets
 *       the later retries through.</li>
 *   <li>small-payments: {@code minCount - 2} to {@code minCount + 1} (3 to 6) card-present payments of half the
 *       small amount up to it, at distinct merchants 15 to 25 s apart (never faster than velocity allows):
 *       {@code minCount} or more trip card-testing.</li>
 * </ul>
 */
final class Confounders {

    private static final int CATEGORIES = 10;
    /** Offsets into the street categories of {@link Merchant}: 4111 transit, 5812 restaurants. */
    private static final int TRANSIT = 6;
    private static final int RESTAURANT = 1;
    private static final double MIN_FLIGHT_KMH = 450;
    private static final double MAX_FLIGHT_KMH = 1_000;
    /** Both positions' jitter: the home purchase's and the far one's. */
    private static final double JITTER_KM = SpendingModel.PURCHASE_RADIUS_KM + 10;

    private final InjectionParameters rules;
    private final SpendingModel spending;

    Confounders(InjectionParameters rules, SpendingModel spending) {
        this.rules = rules;
        this.spending = spending;
    }

    PlannedInjection plan(Confounder kind, String id, CardProfile card, long startMillis, SplittableRandom random) {
        List<Transaction> txs = switch (kind) {
            case TRANSIT_BURST -> transitBurst(card, startMillis, random);
            case SPLIT_BILL -> splitBill(card, startMillis, random);
            case BIG_TICKET -> List.of(atHome(card, startMillis, Math.round(card.typicalAmountMinor()
                    * Math.exp(random.nextDouble(Math.log(2), Math.log(12)))), regional(card, random), random));
            case FAST_TRAVEL -> fastTravel(card, startMillis, random);
            case WRONG_TERMINAL_POSITION -> wrongTerminal(card, startMillis, random);
            case MERCHANT_RETRY -> merchantRetry(card, startMillis, random);
            case SMALL_PAYMENTS -> smallPayments(card, startMillis, random);
        };
        List<GeneratedEvent> events = txs.stream().map(GeneratedEvent::transaction).toList();
        List<String> ids = txs.stream().map(Transaction::getEventId).toList();
        return new PlannedInjection(new Injection(id, kind.id(), card.cardId(), ids, txs.get(0).getTimestamp(),
                txs.get(txs.size() - 1).getTimestamp(), 0), events);
    }

    private List<Transaction> transitBurst(CardProfile card, long startMillis, SplittableRandom random) {
        int taps = Math.max(2, rules.velocityMaxCount() - 1 + random.nextInt(4));
        long span = (long) (rules.velocityWindow().toMillis() * random.nextDouble(0.5, 0.95));
        long fare = rules.smallAmountMinor() + 10 + random.nextLong(250);
        int firstGate = random.nextInt(Merchant.PER_REGION / CATEGORIES);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < taps; i++) {
            int gate = (firstGate + i) % (Merchant.PER_REGION / CATEGORIES);
            txs.add(atHome(card, startMillis + span * i / (taps - 1), fare,
                    Merchant.regional(card.region(), gate * CATEGORIES + TRANSIT), random));
        }
        return txs;
    }

    private List<Transaction> splitBill(CardProfile card, long startMillis, SplittableRandom random) {
        int parts = 2 + random.nextInt(6);
        Merchant restaurant = Merchant.regional(card.region(),
                random.nextInt(Merchant.PER_REGION / CATEGORIES) * CATEGORIES + RESTAURANT);
        long bill = Math.round(card.typicalAmountMinor() * random.nextDouble(2, 6));
        boolean equal = random.nextBoolean();
        GeoPoint at = SpendingModel.nearHome(card, random);
        java.util.Set<Long> used = new java.util.HashSet<>();
        List<Transaction> txs = new ArrayList<>();
        long time = startMillis;
        for (int i = 0; i < parts; i++) {
            long share = Math.max(rules.smallAmountMinor() + 1,
                    equal ? bill / parts : Math.round(bill / (double) parts * random.nextDouble(0.6, 1.4)));
            // Itemised shares differ by at least a cent, so only equal splits look like a double charge.
            while (!equal && !used.add(share)) {
                share++;
            }
            txs.add(SpendingModel.cardPresent(SpendingModel.eventId(random), card, time, share, restaurant, at,
                    card.country()));
            time += 3_000 + random.nextLong(7_001);
        }
        return txs;
    }

    private List<Transaction> fastTravel(CardProfile card, long startMillis, SplittableRandom random) {
        Place city = otherRegionCity(card, random);
        Transaction gate = atHome(card, startMillis, spending.amount(card, random, 0), regional(card, random), random);
        double km = card.home().distanceKm(city.position());
        long flightMillis = (long) (km / random.nextDouble(MIN_FLIGHT_KMH, MAX_FLIGHT_KMH) * 3_600_000);
        HomeRegion region = regionOf(city);
        Transaction arrival = SpendingModel.cardPresent(SpendingModel.eventId(random), card, startMillis + flightMillis,
                spending.amount(card, random, 1), Merchant.regional(region, random.nextInt(Merchant.PER_REGION)),
                city.position().jitter(10, random), city.country());
        return List.of(gate, arrival);
    }

    private List<Transaction> wrongTerminal(CardProfile card, long startMillis, SplittableRandom random) {
        Transaction first = atHome(card, startMillis, spending.amount(card, random, 0), regional(card, random), random);
        Place office = otherRegionCity(card, random);
        long later = startMillis + 10_000 + random.nextLong(50_001);
        Transaction misplaced = SpendingModel.cardPresent(SpendingModel.eventId(random), card, later,
                spending.amount(card, random, 1), regional(card, random), office.position(), card.country());
        return List.of(first, misplaced);
    }

    private List<Transaction> merchantRetry(CardProfile card, long startMillis, SplittableRandom random) {
        Transaction declined = atHome(card, startMillis, spending.amount(card, random, 0),
                card.favouriteMerchant(random.nextInt(CardProfile.FAVOURITES)), random);
        Transaction retried = Transaction.newBuilder(declined)
                .setEventId(SpendingModel.eventId(random))
                .setTimestamp(Instant.ofEpochMilli(startMillis + 10_000 + random.nextLong(80_001)))
                .build();
        return List.of(declined, retried);
    }

    private List<Transaction> smallPayments(CardProfile card, long startMillis, SplittableRandom random) {
        int count = Math.max(1, rules.cardTestingMinCount() - 2 + random.nextInt(4));
        long minGap = Math.max(15_000, rules.velocityWindow().toMillis() / rules.velocityMaxCount() + 1);
        int first = random.nextInt(Merchant.PER_REGION);
        List<Transaction> txs = new ArrayList<>();
        long time = startMillis;
        for (int i = 0; i < count; i++) {
            long amount = rules.smallAmountMinor() / 2 + random.nextLong(rules.smallAmountMinor() / 2 + 1);
            txs.add(atHome(card, time, amount, Merchant.regional(card.region(), (first + i * 37) % Merchant.PER_REGION),
                    random));
            time += minGap + random.nextLong(Math.max(1, 25_000 - minGap));
        }
        return txs;
    }

    /** A city of another home region at least the travel rule's minimum distance (and the jitter) from home. */
    private Place otherRegionCity(CardProfile card, SplittableRandom random) {
        List<Place> candidates = HomeRegion.EUROPE.stream()
                .filter(region -> !region.equals(card.region()))
                .flatMap(region -> region.cities().stream())
                .filter(city -> city.position().distanceKm(card.home()) >= rules.minDistanceKm() + JITTER_KM)
                .toList();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No home-region city is " + (rules.minDistanceKm() + JITTER_KM)
                    + " km from " + card.home());
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static HomeRegion regionOf(Place city) {
        return HomeRegion.EUROPE.stream().filter(r -> r.cities().contains(city)).findFirst().orElseThrow();
    }

    private static Merchant regional(CardProfile card, SplittableRandom random) {
        return Merchant.regional(card.region(), random.nextInt(Merchant.PER_REGION));
    }

    private static Transaction atHome(CardProfile card, long timeMillis, long amountMinor, Merchant merchant,
                                      SplittableRandom random) {
        return SpendingModel.cardPresent(SpendingModel.eventId(random), card, timeMillis, amountMinor, merchant,
                SpendingModel.nearHome(card, random), card.country());
    }
}
