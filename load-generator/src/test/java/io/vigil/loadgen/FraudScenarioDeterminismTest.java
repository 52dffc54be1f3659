package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Transaction;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

class FraudScenarioDeterminismTest {

    private static ScenarioConfig withInjections(long seed) {
        return Scenarios.small(seed).withLiveEvents(12_000).withInjectionsPerMinute(6);
    }

    @Test
    void shouldEmitIdenticalEventsWhenSeedIsTheSame() {
        // Given two scenarios from the same config
        FraudScenario first = new FraudScenario(withInjections(42));
        FraudScenario second = new FraudScenario(withInjections(42));

        // When both are drained
        List<GeneratedEvent> a = Scenarios.drain(first);
        List<GeneratedEvent> b = Scenarios.drain(second);

        // Then event ids, timestamps, amounts (indeed whole records) and the ground truth are the same
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            Transaction x = a.get(i).valueAs(Transaction.class);
            Transaction y = b.get(i).valueAs(Transaction.class);
            assertEquals(x.getEventId(), y.getEventId(), "event id at " + i);
            assertEquals(x.getTimestamp(), y.getTimestamp(), "timestamp at " + i);
            assertEquals(x.getAmountMinor(), y.getAmountMinor(), "amount at " + i);
            assertEquals(a.get(i), b.get(i), "event at " + i);
        }
        assertFalse(first.groundTruth().injections().isEmpty());
        assertEquals(first.groundTruth().injections(), second.groundTruth().injections());
    }

    @Test
    void shouldEmitDifferentEventsWhenSeedDiffers() {
        // Given two scenarios that differ only in the seed
        List<GeneratedEvent> a = Scenarios.drain(new FraudScenario(withInjections(42)));
        List<GeneratedEvent> b = Scenarios.drain(new FraudScenario(withInjections(43)));

        // When their first live events are compared
        int firstLive = (int) new FraudScenario(withInjections(42)).historySize();
        Transaction x = a.get(firstLive).valueAs(Transaction.class);
        Transaction y = b.get(firstLive).valueAs(Transaction.class);

        // Then ids differ and so do the amounts overall (timestamps are the rate's, the same by design)
        assertNotEquals(x.getEventId(), y.getEventId());
        assertEquals(x.getTimestamp(), y.getTimestamp());
        long sameAmounts = 0;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (a.get(i).valueAs(Transaction.class).getAmountMinor() == b.get(i).valueAs(Transaction.class).getAmountMinor()) {
                sameAmounts++;
            }
        }
        assertTrue(sameAmounts < a.size() / 10, "amounts matching by position: " + sameAmounts + " of " + a.size());
    }

    @Test
    void shouldKeepNormalTrafficUnchangedWhenInjectionsAreTurnedOff() {
        // Given the same seed with and without injections
        List<GeneratedEvent> plain = Scenarios.drain(new FraudScenario(Scenarios.small(7).withLiveEvents(6_000)));
        FraudScenario injected = new FraudScenario(Scenarios.small(7).withLiveEvents(6_000).withInjectionsPerMinute(6));

        // When the injected events are removed from the second
        List<GeneratedEvent> all = Scenarios.drain(injected);
        Set<String> injectedCards = new HashSet<>();
        injected.groundTruth().injections().forEach(i -> injectedCards.add(i.entityId()));
        List<GeneratedEvent> normalOnly = all.stream().filter(e -> !injectedCards.contains(e.key())).toList();

        // Then what is left is exactly the plain scenario's traffic, history of the anomaly cards aside
        List<GeneratedEvent> plainLive = plain.subList((int) new FraudScenario(Scenarios.small(7)).historySize(), plain.size());
        List<GeneratedEvent> normalLive = normalOnly.stream().filter(e -> !e.eventTime().isBefore(Scenarios.START)).toList();
        assertEquals(plainLive, normalLive);
    }
}
