package io.vigil.loadgen;

import io.vigil.config.RuleSpec;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A seeded card-fraud scenario: first a warm-up history, then live normal traffic with fraud patterns injected,
 * each recorded in the {@link GroundTruth}. A scenario is one pass: it is an iterator, and the same
 * {@link ScenarioConfig} gives the same events again in a new instance.
 *
 * <p>Scenario time: normal live event {@code i} has event time {@code start + i / R}, so a sender that keeps
 * up reproduces the rate in wall-clock time. Generating is separate from sending: nothing here knows Kafka.
 *
 * <p>Independent random streams (history, live traffic, injections) split from the seed, so turning the
 * injections off or changing their rate leaves the normal traffic unchanged.
 *
 * <p>Cards, by index: {@code [0, liveCards)} carry normal traffic; {@code [cards, cards + pool)} are warmed
 * cards reserved for amount anomalies (sized for the run, at most two hours' worth, after which anomaly
 * injections are skipped and counted); then, in realistic traffic, as many warmed cards for big-ticket purchases;
 * from there on, every other injection and confounder gets a card never seen before.
 */
public final class FraudScenario implements Iterator<GeneratedEvent>, Scenario {

    /** Upper bound on the warmed cards reserved for amount anomalies, in minutes of injections. */
    static final int ANOMALY_POOL_MINUTES = 120;

    private final ScenarioConfig config;
    private final CardPopulation population;
    private final WarmupHistory history;
    private final LiveTraffic live;

    public FraudScenario(ScenarioConfig config) {
        this.config = config;
        this.population = new CardPopulation(config.seed());
        InjectionParameters parameters = InjectionParameters.from(config.rules());
        SpendingModel spending = new SpendingModel(parameters);
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom historyRandom = root.split();
        SplittableRandom liveRandom = root.split();
        SplittableRandom injectionRandom = root.split();
        // Split last, so that the streams above are the same with and without realistic traffic.
        SplittableRandom realismRandom = root.split();
        long startMillis = config.start().toEpochMilli();

        NormalTraffic normal = new NormalTraffic(population, spending, config.liveCards(), startMillis,
                config.eventsPerSecond(), config.liveEvents(), parameters.normalMinGap(), liveRandom);
        InjectionSchedule<Pattern> schedule = new InjectionSchedule<>(injectedRates(config), List.of(Pattern.values()),
                startMillis);
        InjectionSchedule<Confounder> confounders = new InjectionSchedule<>(config.confounders().perMinute(),
                List.of(Confounder.values()), startMillis);
        int pool = config.includeHistory() ? poolSize(schedule, Pattern.AMOUNT_ANOMALY,
                config.injectionsPerMinute().getOrDefault(Pattern.AMOUNT_ANOMALY, 0.0), normal.endMillis()) : 0;
        int bigTicketPool = config.includeHistory() ? poolSize(confounders, Confounder.BIG_TICKET,
                config.confounders().rate(Confounder.BIG_TICKET), normal.endMillis()) : 0;
        int historyCards = config.includeHistory() ? config.historyCards() : 0;
        int cards = config.cards();
        this.history = new WarmupHistory(population, spending, historyCards + pool + bigTicketPool,
                rank -> rank < historyCards ? rank : cards + (rank - historyCards),
                parameters.amountWarmup() + 2, startMillis, historyRandom);
        this.live = new LiveTraffic(normal, schedule, new FraudPatterns(parameters, spending), population,
                injectionRandom, cards, pool, new LiveTraffic.Realism(confounders, new Confounders(parameters, spending),
                        new SubtlePatterns(parameters, spending), config.confounders().subtleShare(), realismRandom,
                        bigTicketPool));
    }

    /**
     * The configured rates, minus the fraud patterns whose rule is missing or disabled in the rule set: an
     * injection that no running rule can catch would only lower the measured recall. A replay is always
     * injected, since it must raise nothing anyway.
     */
    private static Map<Pattern, Double> injectedRates(ScenarioConfig config) {
        Map<Pattern, Double> rates = new EnumMap<>(Pattern.class);
        config.injectionsPerMinute().forEach((pattern, rate) -> {
            boolean caught = pattern == Pattern.REPLAY
                    || config.rules().forDetector(pattern.id()).stream().anyMatch(RuleSpec::enabled);
            rates.put(pattern, caught ? rate : 0.0);
        });
        return rates;
    }

    /** Warmed cards to reserve for {@code kind}: as many as the run starts, at most two hours' worth. */
    private static <K> int poolSize(InjectionSchedule<K> schedule, K kind, double perMinute, long endMillis) {
        long cap = (long) Math.ceil(perMinute * ANOMALY_POOL_MINUTES);
        long needed = schedule.countBefore(kind, endMillis == Long.MAX_VALUE ? endMillis : endMillis + 1);
        return (int) Math.min(cap, needed);
    }

    public ScenarioConfig config() {
        return config;
    }

    @Override
    public Instant start() {
        return config.start();
    }

    @Override
    public double eventsPerSecond() {
        return config.eventsPerSecond();
    }

    /** The card behind a card id of this scenario, e.g. to check a purchase against its home. */
    public CardProfile card(String cardId) {
        return population.profile(CardPopulation.indexOf(cardId));
    }

    /** Number of warm-up events, emitted before any live event. */
    public long historySize() {
        return history.size();
    }

    /** The warm-up part of this scenario: what {@link #next()} returns until it is exhausted. */
    @Override
    public Iterator<GeneratedEvent> history() {
        return history;
    }

    /** The live part of this scenario: what {@link #next()} returns once the history is exhausted. */
    @Override
    public Iterator<GeneratedEvent> live() {
        return live;
    }

    /** The injections whose events have all been handed out so far. */
    @Override
    public GroundTruth groundTruth() {
        return live.groundTruth();
    }

    /** Amount-anomaly injections left out because the reserved warmed cards ran out (or there is no history). */
    @Override
    public long skippedInjections() {
        return live.skippedInjections();
    }

    @Override
    public boolean hasNext() {
        return history.hasNext() || live.hasNext();
    }

    @Override
    public GeneratedEvent next() {
        if (history.hasNext()) {
            return history.next();
        }
        if (live.hasNext()) {
            return live.next();
        }
        throw new NoSuchElementException("scenario exhausted");
    }
}
