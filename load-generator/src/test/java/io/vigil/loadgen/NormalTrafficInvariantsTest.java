package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normal traffic only, over the default population (20,000 cards with history) at 1,000 events/s for four
 * minutes of scenario time: every invariant the rules of thumb promise, checked on every event.
 */
class NormalTrafficInvariantsTest {

    private static final long LIVE_EVENTS = 240_000;
    private static final double RATE = 1_000;
    private static final double SIGMA = 0.35;

    private static FraudScenario scenario;
    private static List<GeneratedEvent> events;
    private static int historySize;

    @BeforeAll
    static void generate() {
        scenario = new FraudScenario(ScenarioConfig.defaults(2025, Scenarios.START)
                .withRate(RATE)
                .withLiveEvents(LIVE_EVENTS)
                .withInjectionsPerMinute(0));
        historySize = (int) scenario.historySize();
        events = Scenarios.drain(scenario);
    }

    @Test
    void shouldEmitHistoryFirstThenLiveEventsAtStartPlusIOverR() {
        // Then warmup + 2 = 12 history events per card, all before the start, and live event i at start + i / R
        assertEquals(20_000 * 12, historySize);
        assertEquals(historySize + LIVE_EVENTS, events.size());
        for (int i = 0; i < historySize; i++) {
            assertTrue(events.get(i).eventTime().isBefore(Scenarios.START), "history event " + i);
        }
        for (int i = 0; i < LIVE_EVENTS; i++) {
            long expected = Scenarios.START.toEpochMilli() + (long) Math.floor(i * 1000.0 / RATE);
            assertEquals(expected, events.get(historySize + i).eventTime().toEpochMilli(), "live event " + i);
        }
        for (int i = 1; i < events.size(); i++) {
            assertFalse(events.get(i).eventTime().isBefore(events.get(i - 1).eventTime()), "out of order at " + i);
        }
    }

    @Test
    void shouldKeepEachCardAtLeastFifteenSecondsApartWhenLive() {
        Map<String, Long> last = new HashMap<>();
        long minGap = Long.MAX_VALUE;
        for (GeneratedEvent event : events.subList(historySize, events.size())) {
            long t = event.eventTime().toEpochMilli();
            Long previous = last.put(event.key(), t);
            if (previous != null) {
                minGap = Math.min(minGap, t - previous);
            }
        }
        assertTrue(minGap >= Duration.ofSeconds(15).toMillis(), "smallest gap " + minGap + " ms");
        assertTrue(minGap < Duration.ofSeconds(20).toMillis(), "cards are reused soon after the gap: " + minGap + " ms");
    }

    @Test
    void shouldSpaceHistoryHoursApartAndEndBeforeStart() {
        Map<String, List<Transaction>> byCard = Scenarios.byCard(events.subList(0, historySize));
        assertEquals(20_000, byCard.size());
        for (List<Transaction> txs : byCard.values()) {
            assertEquals(12, txs.size());
            for (int i = 1; i < txs.size(); i++) {
                long gap = txs.get(i).getTimestamp().toEpochMilli() - txs.get(i - 1).getTimestamp().toEpochMilli();
                assertTrue(gap >= Duration.ofHours(2).toMillis(), "history gap " + gap);
            }
            assertTrue(txs.get(txs.size() - 1).getTimestamp().isBefore(Scenarios.START.minus(Duration.ofMinutes(30))));
        }
    }

    @Test
    void shouldClipAmountsAroundEachCardsTypicalAmount() {
        for (GeneratedEvent event : events) {
            Transaction tx = event.valueAs(Transaction.class);
            long typical = scenario.card(tx.getCardId()).typicalAmountMinor();
            assertTrue(typical >= 500, "typical " + typical);
            double low = Math.max(301, typical * Math.exp(-3 * SIGMA));
            double high = typical * Math.exp(3 * SIGMA);
            assertTrue(tx.getAmountMinor() >= low && tx.getAmountMinor() <= high,
                    tx.getAmountMinor() + " outside [" + low + ", " + high + "] for typical " + typical);
            assertEquals("EUR", tx.getCurrency());
        }
    }

    @Test
    void shouldKeepCardPresentWithinThirtyKilometresOfHomeAndEcommerceWithoutPosition() {
        long ecommerce = 0;
        for (GeneratedEvent event : events) {
            Transaction tx = event.valueAs(Transaction.class);
            if (tx.getChannel() == Channel.ECOMMERCE) {
                ecommerce++;
                assertNull(tx.getLatitude());
                assertNull(tx.getLongitude());
            } else {
                GeoPoint home = scenario.card(tx.getCardId()).home();
                double km = RuleOracle.haversineKm(home.latitude(), home.longitude(), tx.getLatitude(), tx.getLongitude());
                assertTrue(km <= 30, tx.getCardId() + " bought " + km + " km from home");
            }
        }
        double share = (double) ecommerce / events.size();
        assertTrue(share > 0.28 && share < 0.32, "e-commerce share " + share);
    }

    @Test
    void shouldTripNoDefaultRuleWhenTrafficIsNormal() {
        // Given every card's history and live traffic
        Map<String, List<Transaction>> byCard = Scenarios.byCard(events);
        RuleOracle oracle = RuleOracle.defaults();

        // When each card's transactions are put to the default rules
        double maxZ = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<Transaction>> card : byCard.entrySet()) {
            Set<String> fired = oracle.firedRules(card.getValue());

            // Then none fires; amounts are kept in a log-range below zThreshold * minStdDev = 1.0, so no z reaches 5
            assertTrue(fired.isEmpty(), card.getKey() + " fired " + fired);
            maxZ = Math.max(maxZ, oracle.maxAmountZ(card.getValue()));
        }
        assertTrue(maxZ < 4.9, "largest amount z-score " + maxZ);
    }

    @Test
    void shouldUseUniqueEventIds() {
        assertEquals(events.size(), events.stream().map(e -> e.valueAs(Transaction.class).getEventId()).distinct().count());
    }
}
