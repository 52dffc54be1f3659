package io.vigil.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.events.Transaction;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Realistic traffic: confounders at their rates, recorded as not fraud, subtle injections, still seeded. */
class RealisticTrafficTest {

    /** 10 minutes of scenario time at 100 events/s. */
    private static ScenarioConfig realistic(long seed) {
        return Scenarios.small(seed).withHistory(true, 0).withLiveEvents(60_000).withInjectionsPerMinute(6)
                .withConfounders(ConfounderRates.realistic());
    }

    @Test
    void shouldEmitIdenticalEventsAndGroundTruthWhenSeedIsTheSame() {
        // Given two realistic scenarios from the same config
        FraudScenario first = new FraudScenario(realistic(42));
        FraudScenario second = new FraudScenario(realistic(42));

        // When both are drained
        List<GeneratedEvent> a = Scenarios.drain(first);
        List<GeneratedEvent> b = Scenarios.drain(second);

        // Then every event and the whole ground truth are the same
        assertEquals(a, b);
        assertEquals(first.groundTruth().injections(), second.groundTruth().injections());
        assertTrue(first.groundTruth().injections().stream().anyMatch(i -> Confounder.isConfounder(i.pattern())));
    }

    @Test
    void shouldPlayEachShortConfounderAtItsRateWhenTrafficIsRealistic() {
        // Given 10 minutes of realistic traffic
        FraudScenario scenario = new FraudScenario(realistic(7));

        // When it is drained
        Scenarios.drain(scenario);

        // Then each confounder that fits in a few minutes was played about rate x 10 times: evenly spaced, less
        // the episodes of the last two minutes (the longest such episode) that would have ended after the run
        Map<String, Long> played = scenario.groundTruth().countByPattern();
        for (Confounder kind : Confounder.values()) {
            if (kind == Confounder.FAST_TRAVEL) {
                continue;
            }
            double expected = ConfounderRates.realistic().rate(kind) * 10;
            long count = played.getOrDefault(kind.id(), 0L);
            assertTrue(count >= expected - ConfounderRates.realistic().rate(kind) * 2 - 1 && count <= expected, kind.id() + ": " + count + " of " + expected);
        }
    }

    @Test
    void shouldPlayFastTravelWhenTheRunOutlastsAFlight() {
        // Given 6 hours of realistic traffic at a low rate, with only fast travel
        Map<Confounder, Double> rates = new EnumMap<>(Confounder.class);
        rates.put(Confounder.FAST_TRAVEL, 1.0);
        FraudScenario scenario = new FraudScenario(Scenarios.small(3).withRate(5).withLiveEvents(5 * 6 * 3_600)
                .withConfounders(new ConfounderRates(rates, 0)));

        // When it is drained
        List<GeneratedEvent> events = Scenarios.drain(scenario);

        // Then over half of the 360 flights landed within the run (the longest take about 7 h), each far from home
        // and at an airliner's speed
        List<Injection> flights = scenario.groundTruth().injections();
        assertTrue(flights.size() > 180 && flights.size() < 360, "flights: " + flights.size());
        Map<String, Transaction> byId = new java.util.HashMap<>();
        events.forEach(e -> byId.put(e.valueAs(Transaction.class).getEventId(), e.valueAs(Transaction.class)));
        for (Injection flight : flights) {
            Transaction gate = byId.get(flight.eventIds().get(0));
            Transaction arrival = byId.get(flight.eventIds().get(1));
            double km = new GeoPoint(gate.getLatitude(), gate.getLongitude())
                    .distanceKm(new GeoPoint(arrival.getLatitude(), arrival.getLongitude()));
            double hours = (arrival.getTimestamp().toEpochMilli() - gate.getTimestamp().toEpochMilli()) / 3_600_000.0;
            assertTrue(km > 130 && km / hours > 350 && km / hours < 1_150, flight + ": " + km + " km, " + km / hours + " km/h");
        }
    }

    @Test
    void shouldRecordConfoundersAsNotFraudOnCardsOfTheirOwn() {
        // Given realistic traffic
        FraudScenario scenario = new FraudScenario(realistic(11));

        // When it is drained
        List<GeneratedEvent> events = Scenarios.drain(scenario);

        // Then every confounder expects no alert, and no other injection or confounder shares its card
        Set<String> cards = new HashSet<>();
        for (Injection injection : scenario.groundTruth().injections()) {
            assertTrue(cards.add(injection.entityId()), "card used twice: " + injection);
            if (Confounder.isConfounder(injection.pattern())) {
                assertEquals(0, injection.expectedAlerts(), injection.toString());
            }
        }
        // and its events are in the stream, in event-time order
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.valueAs(Transaction.class).getEventId()));
        scenario.groundTruth().injections().forEach(i -> assertTrue(ids.containsAll(i.eventIds()), i.toString()));
        for (int i = 1; i < events.size(); i++) {
            assertFalse(events.get(i).eventTime().isBefore(events.get(i - 1).eventTime()), "out of order at " + i);
        }
    }

    @Test
    void shouldPlayAboutTheSubtleShareOfInjectionsSubtlyWhenTrafficIsRealistic() {
        // Given realistic traffic, where half the injections are subtle
        FraudScenario scenario = new FraudScenario(realistic(13));

        // When it is drained
        Scenarios.drain(scenario);

        // Then about half of the injections with a subtle variant were played subtly, replays never
        List<Injection> injections = scenario.groundTruth().injections().stream()
                .filter(i -> !Confounder.isConfounder(i.pattern()) && !i.pattern().equals("replay")).toList();
        long subtle = injections.stream().filter(i -> i.injectionId().endsWith("-subtle")).count();
        assertTrue(Math.abs(subtle - injections.size() / 2.0) < injections.size() * 0.15,
                subtle + " subtle of " + injections.size());
        assertTrue(scenario.groundTruth().injections().stream()
                .noneMatch(i -> i.pattern().equals("replay") && i.injectionId().endsWith("-subtle")));
    }

    @Test
    void shouldLeaveNormalTrafficUnchangedWhenTrafficIsRealistic() {
        // Given the same seed, clean and realistic
        FraudScenario clean = new FraudScenario(realistic(7).withConfounders(ConfounderRates.none()));
        FraudScenario realistic = new FraudScenario(realistic(7));

        // When the cards of injections and confounders are removed from both
        List<GeneratedEvent> cleanEvents = Scenarios.drain(clean);
        List<GeneratedEvent> realisticEvents = Scenarios.drain(realistic);
        Set<String> special = new HashSet<>();
        clean.groundTruth().injections().forEach(i -> special.add(i.entityId()));
        realistic.groundTruth().injections().forEach(i -> special.add(i.entityId()));

        // Then the normal traffic left is the same, event for event
        assertEquals(cleanEvents.stream().filter(e -> !special.contains(e.key())).toList(),
                realisticEvents.stream().filter(e -> !special.contains(e.key())).toList());
    }

    @Test
    void shouldReadRatesAndOverridesWhenParsingTheTrafficOption() {
        // When / Then
        assertTrue(ConfounderRates.parse("clean").isClean());
        assertEquals(ConfounderRates.realistic(), ConfounderRates.parse("realistic"));
        ConfounderRates custom = ConfounderRates.parse("realistic:big-ticket=10,subtle=0.2");
        assertEq(10.0, custom.rate(Confounder.BIG_TICKET));
        assertEq(4.0, custom.rate(Confounder.MERCHANT_RETRY));
        assertEq(0.2, custom.subtleShare());
        assertEquals("realistic:transit-burst=4,split-bill=4,big-ticket=10,fast-travel=2,wrong-terminal-position=3,"
                + "merchant-retry=4,small-payments=4,subtle=0.2", custom.describe());
        assertEquals("Unknown confounder 'taxi'; known confounders: transit-burst, split-bill, big-ticket, fast-travel, "
                        + "wrong-terminal-position, merchant-retry, small-payments",
                assertThrows(IllegalArgumentException.class, () -> ConfounderRates.parse("realistic:taxi=1")).getMessage());
        assertEquals("subtle share must be between 0 and 1, got 2.0",
                assertThrows(IllegalArgumentException.class, () -> ConfounderRates.parse("realistic:subtle=2")).getMessage());
        assertEquals("traffic must be clean, realistic or realistic:KIND=N,...; got 'noisy'",
                assertThrows(IllegalArgumentException.class, () -> ConfounderRates.parse("noisy")).getMessage());
    }

    private static void assertEq(double expected, double actual) {
        assertEquals(expected, actual, 1e-12);
    }
}
