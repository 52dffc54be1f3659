package io.vigil.loadgen;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The live phase: normal traffic with the injections merged in, in order of event time.
 *
 * <p>Injections are planned lazily, just before the stream reaches their start, and their events wait in a
 * small priority queue; so memory stays proportional to the injections in flight, not to the run length. An
 * injection enters the ground truth once its last event has been handed out, which keeps the ground truth
 * honest when a sender stops part-way: a half-played pattern is not counted as injected.
 *
 * <p>Realistic traffic ({@link Realism}) adds confounders on their own schedule and plays a share of the
 * injections as their subtle variant. Every draw for it comes from its own random stream, and clean traffic
 * draws nothing from it, so clean traffic is the same with or without this code path.
 */
final class LiveTraffic implements Iterator<GeneratedEvent> {

    private static final Comparator<Pending> BY_TIME =
            Comparator.comparingLong((Pending p) -> p.event().eventTime().toEpochMilli()).thenComparingLong(Pending::seq);

    private final NormalTraffic normal;
    private final InjectionSchedule<Pattern> schedule;
    private final FraudPatterns patterns;
    private final CardPopulation population;
    private final SplittableRandom random;
    private final long endMillis;
    private final int anomalyPoolEnd;
    private final Realism realism;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(BY_TIME);
    private final Map<Pattern, Integer> planned = new EnumMap<>(Pattern.class);
    private final Map<Confounder, Integer> playedConfounders = new EnumMap<>(Confounder.class);
    private final GroundTruth groundTruth = new GroundTruth();
    private int nextAnomalyCard;
    private int nextBigTicketCard;
    private int nextFreshCard;
    private long seq;
    private long skipped;

    /**
     * Confounders and subtle injections; {@link #clean()} for none.
     *
     * @param bigTicketPool warmed cards reserved for big-ticket purchases, which follow the anomaly pool
     */
    record Realism(InjectionSchedule<Confounder> schedule, Confounders confounders, SubtlePatterns subtle,
                   double subtleShare, SplittableRandom random, int bigTicketPool) {

        static Realism clean() {
            return new Realism(new InjectionSchedule<>(Map.of(), java.util.List.of(), 0), null, null, 0, null, 0);
        }
    }

    /**
     * @param anomalyPoolStart first card with a warm-up history reserved for amount anomalies
     * @param anomalyPoolSize  how many such cards there are
     */
    LiveTraffic(NormalTraffic normal, InjectionSchedule<Pattern> schedule, FraudPatterns patterns,
                CardPopulation population, SplittableRandom random, int anomalyPoolStart, int anomalyPoolSize,
                Realism realism) {
        this.normal = normal;
        this.schedule = schedule;
        this.patterns = patterns;
        this.population = population;
        this.random = random;
        this.endMillis = normal.endMillis();
        this.nextAnomalyCard = anomalyPoolStart;
        this.anomalyPoolEnd = anomalyPoolStart + anomalyPoolSize;
        this.realism = realism;
        this.nextBigTicketCard = anomalyPoolEnd;
        this.nextFreshCard = anomalyPoolEnd + realism.bigTicketPool();
    }

    GroundTruth groundTruth() {
        return groundTruth;
    }

    /** Amount-anomaly injections left out because no warmed card was left for them. */
    long skippedInjections() {
        return skipped;
    }

    @Override
    public boolean hasNext() {
        planDueInjections();
        return normal.hasNext() || !pending.isEmpty();
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("live traffic exhausted");
        }
        Pending head = pending.peek();
        if (head != null && (!normal.hasNext() || head.event().eventTime().toEpochMilli() < normal.nextTimeMillis())) {
            pending.poll();
            head.played();
            return head.event();
        }
        return normal.next();
    }

    /** Plans every injection that starts no later than the next event out, since its events may come first. */
    private void planDueInjections() {
        while (true) {
            long horizon = normal.hasNext() ? normal.nextTimeMillis() : endMillis;
            if (!pending.isEmpty()) {
                horizon = Math.min(horizon, pending.peek().event().eventTime().toEpochMilli());
            }
            long start = schedule.nextStartMillis();
            long confounderStart = realism.schedule().nextStartMillis();
            if (Math.min(start, confounderStart) > horizon) {
                return;
            }
            if (confounderStart < start) {
                Confounder kind = realism.schedule().nextPattern();
                realism.schedule().advance();
                plan(kind, confounderStart);
            } else {
                Pattern pattern = schedule.nextPattern();
                schedule.advance();
                plan(pattern, start);
            }
        }
    }

    private void plan(Confounder kind, long startMillis) {
        int card;
        if (kind == Confounder.BIG_TICKET) {
            if (nextBigTicketCard >= anomalyPoolEnd + realism.bigTicketPool()) {
                return;
            }
            card = nextBigTicketCard++;
        } else {
            card = nextFreshCard++;
        }
        int number = playedConfounders.merge(kind, 1, Integer::sum);
        String id = String.format(Locale.ROOT, "%s-%06d", kind.id(), number);
        enqueue(realism.confounders().plan(kind, id, population.profile(card), startMillis, realism.random()));
    }

    private void plan(Pattern pattern, long startMillis) {
        int card;
        if (pattern == Pattern.AMOUNT_ANOMALY) {
            if (nextAnomalyCard >= anomalyPoolEnd) {
                skipped++;
                return;
            }
            card = nextAnomalyCard++;
        } else {
            card = nextFreshCard++;
        }
        int number = planned.merge(pattern, 1, Integer::sum);
        boolean subtle = realism.subtleShare() > 0 && SubtlePatterns.has(pattern)
                && realism.random().nextDouble() < realism.subtleShare();
        String id = String.format(Locale.ROOT, "%s-%06d%s", pattern.id(), number, subtle ? "-subtle" : "");
        enqueue(subtle ? realism.subtle().plan(pattern, id, population.profile(card), startMillis, random)
                : patterns.plan(pattern, id, population.profile(card), startMillis, random));
    }

    private void enqueue(PlannedInjection injection) {
        if (injection.lastEventMillis() > endMillis) {
            return;
        }
        Tracker tracker = new Tracker(injection, groundTruth);
        for (GeneratedEvent event : injection.events()) {
            pending.add(new Pending(event, seq++, tracker));
        }
    }

    private record Pending(GeneratedEvent event, long seq, Tracker tracker) {
        void played() {
            tracker.played();
        }
    }

    /** Counts down an injection's events and records it in the ground truth after the last one. */
    private static final class Tracker {
        private final PlannedInjection injection;
        private final GroundTruth groundTruth;
        private int remaining;

        Tracker(PlannedInjection injection, GroundTruth groundTruth) {
            this.injection = injection;
            this.groundTruth = groundTruth;
            this.remaining = injection.events().size();
        }

        void played() {
            if (--remaining == 0) {
                groundTruth.add(injection.injection());
            }
        }
    }
}
