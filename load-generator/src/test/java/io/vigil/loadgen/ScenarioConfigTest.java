package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class ScenarioConfigTest {

    @Test
    void shouldNameTheCardsNeededWhenTheRateIsTooHighForThePopulation() {
        // Given 1,000 cards asked for 100 events/s: 1,500 purchases within any 15 s
        ScenarioConfig config = Scenarios.small(1).withCards(1_000).withRate(100);

        // When the scenario is built
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new FraudScenario(config));

        // Then the message says how many cards that rate needs
        assertEquals("100 events/s with at least 15 s between two purchases of one card needs at least 1875 cards"
                + " with history; got 1000 (raise --cards or lower the rate)", error.getMessage());
    }

    @Test
    void shouldRejectMoreHistoryCardsThanCards() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Scenarios.small(1).withHistory(true, 3_001));
        assertEquals("historyCards must be between 0 and cards (3000), got 3001", error.getMessage());
    }

    @Test
    void shouldDrawLiveTrafficOnlyFromCardsWithHistoryWhenHistoryIsPartial() {
        // Given 3,000 cards of which the first 2,000 have history
        FraudScenario scenario = new FraudScenario(Scenarios.small(3).withHistory(true, 2_000).withLiveEvents(20_000));

        // When drained
        long historySize = scenario.historySize();
        long outsideHistory = Scenarios.drain(scenario).stream()
                .skip(historySize)
                .filter(e -> CardPopulation.indexOf(e.key()) >= 2_000)
                .count();

        // Then no live event uses a card without history
        assertEquals(2_000 * 12, historySize);
        assertEquals(0, outsideHistory);
    }

    @Test
    void shouldWarmOnlyTheAmountAnomalyCardsWhenHistoryCardsIsZero() {
        // Given 3,000 cards, history on but for no normal card, six amount anomalies a minute for one minute
        FraudScenario scenario = new FraudScenario(Scenarios.small(3).withHistory(true, 0)
                .withLiveEvents(6_000).withInjectionsPerMinute(6));

        // When drained
        long historySize = scenario.historySize();
        List<GeneratedEvent> events = Scenarios.drain(scenario);
        long liveOnHighCards = events.stream().skip(historySize)
                .filter(e -> CardPopulation.indexOf(e.key()) >= 2_000 && CardPopulation.indexOf(e.key()) < 3_000)
                .count();

        // Then only the six reserved cards are warmed (12 events each), every anomaly is injected,
        // and normal traffic still spreads over all 3,000 cards
        assertEquals(6 * 12, historySize);
        assertEquals(0, scenario.skippedInjections());
        assertEquals(6L, scenario.groundTruth().countByPattern().get("amount-anomaly"));
        assertTrue(liveOnHighCards > 0, "cards above 2,000 carry live traffic too");
    }

    @Test
    void shouldSkipAmountAnomaliesAndEmitNoHistoryWhenHistoryIsOff() {
        FraudScenario scenario = new FraudScenario(Scenarios.small(3).withHistory(false, 0)
                .withLiveEvents(6_000).withInjectionsPerMinute(6));

        Scenarios.drain(scenario);

        assertEquals(0, scenario.historySize());
        assertEquals(6, scenario.skippedInjections(), "six a minute, for one minute");
        assertEquals(0, scenario.groundTruth().countByPattern().getOrDefault("amount-anomaly", 0L));
    }

    @Test
    void shouldNotInjectAPatternWhenItsRuleIsDisabled() {
        // Given the default rules with card testing switched off
        RuleSet rules = new RuleSet(RuleSet.defaults().rules().stream()
                .map(r -> r.id().equals("card-testing")
                        ? new RuleSpec(r.id(), r.version() + 1, r.detector(), false, r.severity(), r.cooldown(), r.parameters())
                        : r)
                .toList());
        FraudScenario scenario = new FraudScenario(Scenarios.small(3).withLiveEvents(30_000)
                .withInjectionsPerMinute(6).withRules(rules));

        // When drained
        Scenarios.drain(scenario);

        // Then card testing, which nothing would catch, is not injected, and the others are
        Map<String, Long> counts = scenario.groundTruth().countByPattern();
        assertEquals(List.of("amount-anomaly", "duplicate-transaction", "impossible-travel", "replay", "velocity"),
                List.copyOf(counts.keySet()));
    }
}
