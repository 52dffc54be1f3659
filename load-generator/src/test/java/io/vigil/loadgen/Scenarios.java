package io.vigil.loadgen;

import io.vigil.events.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-data factory: small scenarios with sensible defaults, and ways to look at what they emit. */
final class Scenarios {

    static final Instant START = Instant.parse("2025-03-14T09:00:00Z");

    private Scenarios() {
    }

    /** 3,000 cards with history, 100 events/s for 5 minutes of scenario time, no injections. */
    static ScenarioConfig small(long seed) {
        return ScenarioConfig.defaults(seed, START)
                .withCards(3_000)
                .withRate(100)
                .withLiveEvents(30_000)
                .withInjectionsPerMinute(0);
    }

    static List<GeneratedEvent> drain(FraudScenario scenario) {
        List<GeneratedEvent> events = new ArrayList<>();
        scenario.forEachRemaining(events::add);
        return events;
    }

    /** Each card's transactions in arrival order. */
    static Map<String, List<Transaction>> byCard(List<GeneratedEvent> events) {
        Map<String, List<Transaction>> byCard = new LinkedHashMap<>();
        for (GeneratedEvent event : events) {
            Transaction tx = event.valueAs(Transaction.class);
            byCard.computeIfAbsent(tx.getCardId(), card -> new ArrayList<>()).add(tx);
        }
        return byCard;
    }
}
