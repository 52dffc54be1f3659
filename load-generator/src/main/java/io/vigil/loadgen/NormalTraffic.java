package io.vigil.loadgen;

import java.time.Duration;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Everyday purchases at a fixed aggregate rate: normal event {@code i} happens at {@code start + i / rate}.
 *
 * <p>Card choice keeps every card at least {@code minGap} apart in event time: a card that just bought moves to
 * a cooling queue and returns to its region's pool of ready cards once the gap has passed. Since every card
 * cools for the same gap, the queue is plain FIFO and the whole choice costs O(1) per event with a few
 * primitive arrays, whatever the population size. Which region buys follows the {@link DayNightRhythm}; if that
 * region has no ready card, any ready card buys, which keeps the aggregate rate exact.
 */
final class NormalTraffic {

    /** Most of the live cards that may be cooling at once; beyond it, choice gets too predictable. */
    static final double MAX_COOLING_SHARE = 0.8;

    private final CardPopulation population;
    private final SpendingModel spending;
    private final DayNightRhythm rhythm;
    private final SplittableRandom random;
    private final long startMillis;
    private final double millisPerEvent;
    private final long count;
    private final long gapMillis;
    private final byte[] regionOfCard;
    private final int[][] ready;
    private final int[] readySize;
    private final long[] coolingUntil;
    private final int[] coolingCard;
    private final int[] useCount;
    private int coolingHead;
    private int coolingSize;
    private long index;

    NormalTraffic(CardPopulation population, SpendingModel spending, int liveCards, long startMillis,
                  double eventsPerSecond, long count, Duration minGap, SplittableRandom random) {
        requireCapacity(liveCards, eventsPerSecond, minGap);
        this.population = population;
        this.spending = spending;
        this.random = random;
        this.startMillis = startMillis;
        this.millisPerEvent = 1000.0 / eventsPerSecond;
        this.count = count;
        this.gapMillis = minGap.toMillis();
        int regions = population.regions().size();
        this.regionOfCard = new byte[liveCards];
        long[] perRegion = new long[regions];
        for (int card = 0; card < liveCards; card++) {
            regionOfCard[card] = (byte) population.regionOf(card);
            perRegion[regionOfCard[card]]++;
        }
        this.ready = new int[regions][];
        this.readySize = new int[regions];
        for (int r = 0; r < regions; r++) {
            ready[r] = new int[(int) perRegion[r]];
        }
        for (int card = 0; card < liveCards; card++) {
            ready[regionOfCard[card]][readySize[regionOfCard[card]]++] = card;
        }
        this.rhythm = new DayNightRhythm(population.regions(), perRegion);
        this.coolingUntil = new long[liveCards];
        this.coolingCard = new int[liveCards];
        this.useCount = new int[liveCards];
    }

    static void requireCapacity(int liveCards, double eventsPerSecond, Duration minGap) {
        double cooling = eventsPerSecond * minGap.toMillis() / 1000.0;
        if (cooling > MAX_COOLING_SHARE * liveCards) {
            long needed = (long) Math.ceil(cooling / MAX_COOLING_SHARE);
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%.0f events/s with at least %d s between two purchases of one card needs at least %d cards"
                            + " with history; got %d (raise --cards or lower the rate)",
                    eventsPerSecond, minGap.toSeconds(), needed, liveCards));
        }
    }

    boolean hasNext() {
        return index < count;
    }

    /** Event time of the next normal event; only meaningful while {@link #hasNext()}. */
    long nextTimeMillis() {
        return startMillis + (long) Math.floor(index * millisPerEvent);
    }

    /** Event time of the last normal event, or {@code Long.MAX_VALUE} for endless traffic. */
    long endMillis() {
        return count == Long.MAX_VALUE ? Long.MAX_VALUE : startMillis + (long) Math.floor((count - 1) * millisPerEvent);
    }

    GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("normal traffic exhausted");
        }
        long time = nextTimeMillis();
        index++;
        releaseCooledCards(time);
        int card = takeReadyCard(time);
        coolingUntil[(coolingHead + coolingSize) % coolingUntil.length] = time + gapMillis;
        coolingCard[(coolingHead + coolingSize) % coolingCard.length] = card;
        coolingSize++;
        return GeneratedEvent.transaction(spending.purchase(population.profile(card), time, random, useCount[card]++));
    }

    private void releaseCooledCards(long time) {
        while (coolingSize > 0 && coolingUntil[coolingHead] <= time) {
            int card = coolingCard[coolingHead];
            ready[regionOfCard[card]][readySize[regionOfCard[card]]++] = card;
            coolingHead = (coolingHead + 1) % coolingCard.length;
            coolingSize--;
        }
    }

    private int takeReadyCard(long time) {
        int region = rhythm.pickRegion(time, random.nextDouble());
        if (readySize[region] == 0) {
            region = anyRegionWithReadyCards();
        }
        int slot = random.nextInt(readySize[region]);
        int card = ready[region][slot];
        ready[region][slot] = ready[region][--readySize[region]];
        return card;
    }

    /** A region drawn in proportion to its ready cards; the capacity check guarantees there is one. */
    private int anyRegionWithReadyCards() {
        int total = 0;
        for (int size : readySize) {
            total += size;
        }
        int pick = random.nextInt(total);
        for (int r = 0; r < readySize.length; r++) {
            pick -= readySize[r];
            if (pick < 0) {
                return r;
            }
        }
        throw new IllegalStateException("no ready card although " + total + " were counted");
    }
}
