package io.vigil.detectors.fraud;

import static io.vigil.detectors.fraud.Cards.T0;
import static io.vigil.detectors.fraud.Cards.online;
import static io.vigil.detectors.fraud.Cards.tx;
import static io.vigil.detectors.fraud.Cards.velocity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

class CardStateViewTest {

    private final CardDetection detection = new CardDetection(List.of(new VelocityDetector(velocity(2, "60s"))),
            Duration.ofSeconds(30));

    @Test
    void shouldShowAnEmptyCardWithNoTimesAndNoWindowsCounted() {
        // Given a card never seen
        CardStateView view = CardStateView.of("card-1", new CardState(), detection);

        // Then nothing is counted and no time is invented
        assertEquals(new CardStateView("card-1", null, 0,
                List.of(new CardStateView.Window("velocity", "velocity", 60.0, 0, null, null)),
                new CardStateView.Baseline(0, 0.0, 0.0, 0.0), null, List.of()), view);
    }

    @Test
    void shouldCountOnlyTransactionsInsideEachRuleWindowAndListTheRuleInCooldown() {
        // Given four transactions: one 90 s before the others, then three within 20 s (the third trips velocity)
        CardState state = new CardState();
        detection.process(state, tx("a", 0));
        detection.process(state, tx("b", 90));
        detection.process(state, tx("c", 100));
        int alerts = detection.process(state, online(tx("d", 110))).alerts().size();

        // When the state is viewed
        CardStateView view = CardStateView.of("card-1", state, detection);

        // Then the velocity window (60 s ending at 110 s) holds b, c and d, not a
        assertEquals(1, alerts);
        assertEquals(T0.plusSeconds(110).toString(), view.newestEventTime());
        assertEquals(List.of(new CardStateView.Window("velocity", "velocity", 60.0, 3,
                T0.plusSeconds(50).toString(), T0.plusSeconds(110).toString())), view.windows());
        // And the baseline folded all four amounts of 20.00
        assertEquals(4, view.baseline().count());
        assertEquals(20.0, view.baseline().typicalAmount(), 1e-9);
        // And the last card-present use is c (d was online)
        assertEquals("c", view.lastPosition().eventId());
        // And velocity is open until its 10-minute cooldown ends
        assertEquals(List.of(new CardStateView.OpenAlert("velocity", T0.plusSeconds(110).toString(),
                T0.plusSeconds(710).toString())), view.openAlerts());
    }

    @Test
    void shouldCloseTheEpisodeOnceTheCardsEventTimePassesTheCooldown() {
        // Given velocity fired at 20 s, then a transaction 11 minutes later
        CardState state = new CardState();
        for (int i = 0; i < 3; i++) {
            detection.process(state, tx("t" + i, 10L * i));
        }
        detection.process(state, tx("later", 20 + 660));

        // Then no episode is open any more
        assertEquals(List.of(), CardStateView.of("card-1", state, detection).openAlerts());
    }
}
