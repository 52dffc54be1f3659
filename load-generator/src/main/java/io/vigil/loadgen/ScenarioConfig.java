package io.vigil.loadgen;

import io.vigil.config.RuleSet;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a fraud scenario: the same config gives the same events, byte for byte.
 *
 * @param seed                root of all randomness
 * @param cards               size of the card population for normal traffic
 * @param start               scenario time of the first live event; history lies before it
 * @param eventsPerSecond     rate R of normal events in scenario time (injected events come on top)
 * @param liveEvents          number of normal live events, {@code Long.MAX_VALUE} for endless traffic
 * @param includeHistory      whether to emit the warm-up history first
 * @param historyCards        how many cards get a history; live normal traffic then uses only those. 0 means
 *                            only the cards reserved for amount anomalies are warmed and normal traffic uses all
 *                            cards: a short run then needs almost no history
 * @param injectionsPerMinute injections per minute of scenario time, per pattern (absent or 0 = none)
 * @param rules               the rules injections must trip and normal traffic must not
 * @param confounders         legitimate look-alike behaviour and subtle injections; {@link ConfounderRates#none()}
 *                            for clean traffic, where nothing normal comes near a rule
 */
public record ScenarioConfig(long seed, int cards, Instant start, double eventsPerSecond, long liveEvents,
                             boolean includeHistory, int historyCards, Map<Pattern, Double> injectionsPerMinute,
                             RuleSet rules, ConfounderRates confounders) {

    public static final int DEFAULT_CARDS = 20_000;
    public static final double DEFAULT_EVENTS_PER_SECOND = 500;
    public static final double DEFAULT_INJECTIONS_PER_MINUTE = 6;

    public ScenarioConfig {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(confounders, "confounders");
        require(cards >= 1, "cards must be at least 1, got " + cards);
        require(eventsPerSecond > 0 && Double.isFinite(eventsPerSecond), "eventsPerSecond must be > 0, got " + eventsPerSecond);
        require(liveEvents >= 0, "liveEvents must be >= 0, got " + liveEvents);
        require(!includeHistory || (historyCards >= 0 && historyCards <= cards),
                "historyCards must be between 0 and cards (" + cards + "), got " + historyCards);
        injectionsPerMinute.forEach((pattern, rate) -> require(rate >= 0 && Double.isFinite(rate),
                "injections per minute of " + pattern.id() + " must be >= 0, got " + rate));
        injectionsPerMinute = Map.copyOf(injectionsPerMinute);
    }

    /** Clean traffic: no confounders, no subtle injections. */
    public ScenarioConfig(long seed, int cards, Instant start, double eventsPerSecond, long liveEvents,
                          boolean includeHistory, int historyCards, Map<Pattern, Double> injectionsPerMinute,
                          RuleSet rules) {
        this(seed, cards, start, eventsPerSecond, liveEvents, includeHistory, historyCards, injectionsPerMinute, rules,
                ConfounderRates.none());
    }

    /** Defaults: 20,000 cards, all with history, 500 events/s, endless, 6 injections per minute of each pattern. */
    public static ScenarioConfig defaults(long seed, Instant start) {
        Map<Pattern, Double> rates = new EnumMap<>(Pattern.class);
        for (Pattern pattern : Pattern.values()) {
            rates.put(pattern, DEFAULT_INJECTIONS_PER_MINUTE);
        }
        return new ScenarioConfig(seed, DEFAULT_CARDS, start, DEFAULT_EVENTS_PER_SECOND, Long.MAX_VALUE, true,
                DEFAULT_CARDS, rates, RuleSet.defaults());
    }

    /** The number of cards live normal traffic draws from. */
    public int liveCards() {
        return includeHistory && historyCards > 0 ? historyCards : cards;
    }

    /** Sets the population and gives every card a history. */
    public ScenarioConfig withCards(int newCards) {
        return new ScenarioConfig(seed, newCards, start, eventsPerSecond, liveEvents, includeHistory, newCards,
                injectionsPerMinute, rules, confounders);
    }

    public ScenarioConfig withStart(Instant newStart) {
        return new ScenarioConfig(seed, cards, newStart, eventsPerSecond, liveEvents, includeHistory, historyCards,
                injectionsPerMinute, rules, confounders);
    }

    public ScenarioConfig withRate(double newEventsPerSecond) {
        return new ScenarioConfig(seed, cards, start, newEventsPerSecond, liveEvents, includeHistory, historyCards,
                injectionsPerMinute, rules, confounders);
    }

    public ScenarioConfig withLiveEvents(long newLiveEvents) {
        return new ScenarioConfig(seed, cards, start, eventsPerSecond, newLiveEvents, includeHistory, historyCards,
                injectionsPerMinute, rules, confounders);
    }

    public ScenarioConfig withHistory(boolean include, int newHistoryCards) {
        return new ScenarioConfig(seed, cards, start, eventsPerSecond, liveEvents, include, newHistoryCards,
                injectionsPerMinute, rules, confounders);
    }

    public ScenarioConfig withInjectionsPerMinute(Map<Pattern, Double> perMinute) {
        return new ScenarioConfig(seed, cards, start, eventsPerSecond, liveEvents, includeHistory, historyCards,
                perMinute, rules, confounders);
    }

    /** The same rate for every pattern; 0 turns injections off. */
    public ScenarioConfig withInjectionsPerMinute(double perMinute) {
        Map<Pattern, Double> rates = new EnumMap<>(Pattern.class);
        for (Pattern pattern : Pattern.values()) {
            rates.put(pattern, perMinute);
        }
        return withInjectionsPerMinute(rates);
    }

    public ScenarioConfig withRules(RuleSet newRules) {
        return new ScenarioConfig(seed, cards, start, eventsPerSecond, liveEvents, includeHistory, historyCards,
                injectionsPerMinute, newRules, confounders);
    }

    /** Realistic traffic with these rates, or clean traffic with {@link ConfounderRates#none()}. */
    public ScenarioConfig withConfounders(ConfounderRates newConfounders) {
        return new ScenarioConfig(seed, cards, start, eventsPerSecond, liveEvents, includeHistory, historyCards,
                injectionsPerMinute, rules, newConfounders);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
