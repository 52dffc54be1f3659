package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thirty minutes of scenario time with every pattern injected six times a minute: each injection trips exactly its
 * own rule under the default parameters, judged by {@link RuleOracle} from the events themselves.
 */
class InjectionPatternsTest {

    private static final RuleSet RULES = RuleSet.defaults();
    private static FraudScenario scenario;
    private static List<GeneratedEvent> live;
    private static Map<String, List<Transaction>> byCard;
    private static List<Injection> injections;

    @BeforeAll
    static void generate() {
        scenario = new FraudScenario(Scenarios.small(11).withLiveEvents(180_000).withInjectionsPerMinute(6));
        List<GeneratedEvent> all = Scenarios.drain(scenario);
        live = all.subList((int) scenario.historySize(), all.size());
        byCard = Scenarios.byCard(all);
        injections = scenario.groundTruth().injections();
    }

    private static List<Injection> of(Pattern pattern) {
        return injections.stream().filter(i -> i.pattern().equals(pattern.id())).toList();
    }

    @Test
    void shouldInjectEveryPatternSixTimesAMinuteWhenRunForThirtyMinutes() {
        // 180 starts each, 10 s apart; an injection that would end after the scenario is left out rather than
        // half played, so a pattern lasting up to d loses at most ceil(d / 10 s) starts at the end
        Map<Pattern, Duration> longest = Map.of(
                Pattern.VELOCITY, Duration.ofSeconds(30),
                Pattern.AMOUNT_ANOMALY, Duration.ZERO,
                Pattern.IMPOSSIBLE_TRAVEL, Duration.ofMinutes(20),
                Pattern.CARD_TESTING, Duration.ofSeconds(150),
                Pattern.DUPLICATE_TRANSACTION, Duration.ofSeconds(30),
                Pattern.REPLAY, Duration.ofSeconds(45));
        Map<String, Long> counts = scenario.groundTruth().countByPattern();
        for (Pattern pattern : Pattern.values()) {
            long count = counts.getOrDefault(pattern.id(), 0L);
            long least = 180 - (longest.get(pattern).toSeconds() + 9) / 10;
            assertTrue(count >= least && count <= 180, pattern.id() + " injected " + count + " times, expected at least " + least);
        }
        assertEquals(0, scenario.skippedInjections());
    }

    @Test
    void shouldTripOnlyItsOwnRuleWhenAnyFraudPatternIsInjected() {
        RuleOracle oracle = new RuleOracle(RULES);
        for (Injection injection : injections) {
            Set<String> fired = oracle.firedRules(byCard.get(injection.entityId()));
            Set<String> expected = injection.pattern().equals("replay") ? Set.of() : Set.of(injection.pattern());
            assertEquals(expected, fired, injection.injectionId());
            assertEquals(expected.size(), injection.expectedAlerts(), injection.injectionId());
        }
    }

    @Test
    void shouldListExactlyTheInjectedEventsWhenRecordingGroundTruth() {
        for (Injection injection : injections) {
            // The card carries no live traffic other than the injection
            List<GeneratedEvent> cardLive = live.stream().filter(e -> e.key().equals(injection.entityId())).toList();
            List<String> ids = cardLive.stream().map(e -> e.valueAs(Transaction.class).getEventId()).toList();
            assertEquals(injection.eventIds(), ids, injection.injectionId());
            assertEquals(cardLive.get(0).eventTime(), injection.firstEventTime());
            assertEquals(cardLive.get(cardLive.size() - 1).eventTime(), injection.lastEventTime());
        }
    }

    @Test
    void shouldBurstMaxCountPlusThreeWithinHalfTheWindowWhenVelocity() {
        for (Injection injection : of(Pattern.VELOCITY)) {
            List<Transaction> txs = byCard.get(injection.entityId());
            assertEquals(5 + 3, txs.size());
            long span = txs.get(txs.size() - 1).getTimestamp().toEpochMilli() - txs.get(0).getTimestamp().toEpochMilli();
            assertTrue(span < Duration.ofSeconds(30).toMillis(), "span " + span);
            assertEquals(txs.size(), txs.stream().map(Transaction::getMerchantId).distinct().count());
        }
    }

    @Test
    void shouldSpendFortyTimesTheTypicalAmountOnAWarmedCardWhenAmountAnomaly() {
        RuleOracle oracle = new RuleOracle(RULES);
        for (Injection injection : of(Pattern.AMOUNT_ANOMALY)) {
            List<Transaction> txs = byCard.get(injection.entityId());
            assertEquals(12 + 1, txs.size(), "history plus the spike");
            Transaction spike = txs.get(txs.size() - 1);
            assertEquals(40 * scenario.card(injection.entityId()).typicalAmountMinor(), spike.getAmountMinor());
            assertTrue(oracle.maxAmountZ(txs) > 5.0);
        }
    }

    @Test
    void shouldJumpAtLeast1500KilometresWithinAMinuteWhenImpossibleTravel() {
        for (Injection injection : of(Pattern.IMPOSSIBLE_TRAVEL)) {
            List<Transaction> txs = byCard.get(injection.entityId());
            assertEquals(2, txs.size());
            Transaction home = txs.get(0);
            Transaction away = txs.get(1);
            assertEquals(Channel.CARD_PRESENT, home.getChannel());
            assertEquals(Channel.CARD_PRESENT, away.getChannel());
            double km = RuleOracle.haversineKm(home.getLatitude(), home.getLongitude(), away.getLatitude(), away.getLongitude());
            long seconds = Duration.between(home.getTimestamp(), away.getTimestamp()).toSeconds();
            assertTrue(km >= 1_500, "jump of " + km + " km");
            assertTrue(seconds >= 1 && seconds <= 45, "after " + seconds + " s");
        }
    }

    @Test
    void shouldChargeFiveSmallAmountsAtDistinctMerchantsSpacedClearOfVelocityWhenCardTesting() {
        for (Injection injection : of(Pattern.CARD_TESTING)) {
            List<Transaction> txs = byCard.get(injection.entityId());
            assertEquals(5, txs.size());
            assertEquals(5, txs.stream().map(Transaction::getMerchantId).distinct().count());
            for (int i = 0; i < txs.size(); i++) {
                assertTrue(txs.get(i).getAmountMinor() <= 150, "amount " + txs.get(i).getAmountMinor());
                assertEquals(Channel.ECOMMERCE, txs.get(i).getChannel());
                if (i > 0) {
                    // 1.05 x velocity's 60 s / 5: no 60 s window can hold more than 5 of them
                    assertEquals(12_600, txs.get(i).getTimestamp().toEpochMilli() - txs.get(i - 1).getTimestamp().toEpochMilli());
                }
            }
        }
    }

    @Test
    void shouldResubmitWithANewEventIdWhenDuplicateTransaction() {
        for (Injection injection : of(Pattern.DUPLICATE_TRANSACTION)) {
            List<Transaction> txs = byCard.get(injection.entityId());
            assertEquals(2, txs.size());
            Transaction original = txs.get(0);
            Transaction copy = txs.get(1);
            assertNotEquals(original.getEventId(), copy.getEventId());
            assertEquals(original.getMerchantId(), copy.getMerchantId());
            assertEquals(original.getAmountMinor(), copy.getAmountMinor());
            long seconds = Duration.between(original.getTimestamp(), copy.getTimestamp()).toSeconds();
            assertTrue(seconds >= 5 && seconds <= 30, "re-submitted after " + seconds + " s");
        }
    }

    @Test
    void shouldResendTheIdenticalRecordWhenReplay() {
        RuleOracle oracle = new RuleOracle(RULES);
        for (Injection injection : of(Pattern.REPLAY)) {
            List<Transaction> txs = byCard.get(injection.entityId());
            Transaction resent = txs.get(txs.size() - 1);
            Transaction original = txs.get(txs.size() - 2);
            // Same event id, same record, and ground truth lists the id twice
            assertEquals(original, resent);
            List<String> ids = injection.eventIds();
            assertEquals(ids.get(ids.size() - 2), ids.get(ids.size() - 1));
            assertEquals(0, injection.expectedAlerts());
            // A pipeline that counted the re-send would see one transaction too many
            assertEquals(Set.of("velocity"), oracle.firedRulesCountingRepeats(txs));
        }
    }

    @Test
    void shouldResendReplaysWithinTheGracePeriodAndInEmissionOrder() {
        Map<String, List<GeneratedEvent>> replays = live.stream()
                .filter(e -> of(Pattern.REPLAY).stream().anyMatch(i -> i.entityId().equals(e.key())))
                .collect(Collectors.groupingBy(GeneratedEvent::key));
        assertTrue(!replays.isEmpty());
        for (List<GeneratedEvent> events : replays.values()) {
            GeneratedEvent resent = events.get(events.size() - 1);
            Duration late = Duration.between(resent.valueAs(Transaction.class).getTimestamp(), resent.eventTime());
            assertTrue(late.compareTo(Duration.ofSeconds(3)) >= 0 && late.compareTo(Duration.ofSeconds(10)) <= 0,
                    "re-sent " + late + " after the original");
        }
    }
}
