package io.vigil.loadgen;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * The past purchases that warm up each card's amount baseline before live traffic starts.
 *
 * <p>Every card gets {@code perCard} purchases at home, one per {@value #SLOT_HOURS}-hour slot, the last slot
 * ending about half an hour before the scenario start. Within a slot the cards take turns in a fixed order, so
 * the whole history comes out in global event-time order without being held in memory: that matters because a
 * stream processor tracks lateness by event time, and history emitted card by card (card A's last purchase,
 * then card B's first, 33 hours earlier) would look hopelessly late.
 */
final class WarmupHistory implements Iterator<GeneratedEvent> {

    static final int SLOT_HOURS = 3;
    private static final long SLOT_MILLIS = Duration.ofHours(SLOT_HOURS).toMillis();
    /** Share of a slot the cards' purchases are spread over; the rest is a quiet gap before the next slot. */
    private static final double SPREAD = 0.8;

    private final CardPopulation population;
    private final SpendingModel spending;
    private final int cardCount;
    private final IntUnaryOperator cardAtRank;
    private final int perCard;
    private final long startMillis;
    private final SplittableRandom random;
    private final double stepMillis;
    private int slot;
    private int rank;

    /**
     * @param cardAtRank maps 0 to {@code cardCount - 1} to the card indices that get a history
     * @param perCard    purchases per card ({@code warmup + 2})
     */
    WarmupHistory(CardPopulation population, SpendingModel spending, int cardCount, IntUnaryOperator cardAtRank,
                  int perCard, long startMillis, SplittableRandom random) {
        this.population = population;
        this.spending = spending;
        this.cardCount = cardCount;
        this.cardAtRank = cardAtRank;
        this.perCard = cardCount == 0 ? 0 : perCard;
        this.startMillis = startMillis;
        this.random = random;
        this.stepMillis = cardCount == 0 ? 0 : SPREAD * SLOT_MILLIS / cardCount;
    }

    /** Events this history emits in total. */
    long size() {
        return (long) cardCount * perCard;
    }

    @Override
    public boolean hasNext() {
        return slot < perCard;
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("warm-up history exhausted");
        }
        long slotStart = startMillis - (long) (perCard - slot) * SLOT_MILLIS;
        // Offsets grow with the rank and the jitter stays below one step, so times never go backwards.
        long jitter = stepMillis >= 1 ? random.nextLong((long) stepMillis) : 0;
        long time = slotStart + (long) (rank * stepMillis) + jitter;
        CardProfile card = population.profile(cardAtRank.applyAsInt(rank));
        GeneratedEvent event = GeneratedEvent.transaction(spending.purchase(card, time, random, slot));
        if (++rank == cardCount) {
            rank = 0;
            slot++;
        }
        return event;
    }
}
