package io.vigil.detectors.fraud;

import static io.vigil.detectors.fraud.Cards.tx;
import static io.vigil.detectors.fraud.Cards.velocity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vigil.events.Alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class VelocityDetectorTest {

    private final CardDetection detection = new CardDetection(
            List.of(new VelocityDetector(velocity(3, "60s"))), Duration.ofSeconds(60));
    private final CardState state = new CardState();

    private List<Alert> feed(io.vigil.events.Transaction... txs) {
        List<Alert> alerts = new ArrayList<>();
        for (var tx : txs) {
            alerts.addAll(detection.process(state, tx).alerts());
        }
        return alerts;
    }

    @Test
    void shouldNotAlertWhenExactlyMaxCountInWindow() {
        // Given maxCount 3 / 60 s, When three transactions within 20 s, Then nothing: the rule is "more than".
        assertEquals(List.of(), feed(tx("a", 0), tx("b", 10), tx("c", 20)));
    }

    @Test
    void shouldAlertOnceWhenOneMoreThanMaxCountInWindow() {
        // When a fourth transaction lands 30 s after the first, Then one alert naming all four.
        List<Alert> alerts = feed(tx("a", 0), tx("b", 10), tx("c", 20), tx("d", 30));

        assertEquals(1, alerts.size());
        Alert alert = alerts.get(0);
        assertEquals(List.of("a", "b", "c", "d"), alert.getTriggeringEventIds());
        assertEquals(Map.of("count", 4.0, "limit", 3.0, "windowSeconds", 60.0), alert.getFeatures());
        assertEquals(Cards.T0, alert.getWindowStart());
        assertEquals(Cards.T0.plusSeconds(30), alert.getWindowEnd());
        assertEquals("4 transactions in 30 s on card card-1 (limit 3)", alert.getExplanation());
        assertEquals("velocity", alert.getRuleId());
        assertEquals(1, alert.getRuleVersion());
    }

    @Test
    void shouldNotCountTransactionsExactlyOneWindowApart() {
        // Window is (t - 60 s, t]: at t = 60 the transaction at 0 has left it, so only 3 remain.
        assertEquals(List.of(), feed(tx("a", 0), tx("b", 20), tx("c", 40), tx("d", 60)));
    }

    @Test
    void shouldPlaceOutOfOrderTransactionWithinGraceInEventTimeOrder() {
        // Given 0, 20, 40 s; When a transaction stamped 10 s arrives last (30 s behind, grace 60 s),
        // Then the window ending at 40 s holds 0, 10, 20, 40: four, so it fires, listing them in event-time order.
        List<Alert> alerts = feed(tx("a", 0), tx("b", 20), tx("c", 40), tx("late", 10));

        assertEquals(1, alerts.size());
        assertEquals(List.of("a", "late", "b", "c"), alerts.get(0).getTriggeringEventIds());
    }

    @Test
    void shouldCountTransactionBeyondGraceAsLateAndLeaveStateAlone() {
        feed(tx("a", 200));

        CardDetection.Outcome outcome = detection.process(state, tx("old", 100));

        assertEquals(CardDetection.Disposition.LATE, outcome.disposition());
        assertEquals(List.of(), outcome.alerts());
        assertEquals(1, state.history().size());
    }

    @Test
    void shouldStayQuietDuringCooldownAndAlertAgainForANewEpisode() {
        // One burst of six: one alert. Fifteen quiet minutes later (cooldown 10 min), a second burst: a second alert.
        List<Alert> first = feed(tx("a", 0), tx("b", 5), tx("c", 10), tx("d", 15), tx("e", 20), tx("f", 25));
        List<Alert> second = feed(tx("g", 900), tx("h", 905), tx("i", 910), tx("j", 915));

        assertEquals(1, first.size());
        assertEquals(1, second.size());
        assertNotEquals(first.get(0).getAlertId(), second.get(0).getAlertId());
    }

    @Test
    void shouldDropSameEventIdSeenTwice() {
        feed(tx("a", 0), tx("b", 10), tx("c", 20));

        CardDetection.Outcome outcome = detection.process(state, tx("c", 20));

        assertEquals(CardDetection.Disposition.DUPLICATE_EVENT, outcome.disposition());
        assertEquals(3, state.history().size());
    }

    @Test
    void shouldNameTheSameAlertIdWhenTheSameInputIsReplayed() {
        String first = feed(tx("a", 0), tx("b", 10), tx("c", 20), tx("d", 30)).get(0).getAlertId();
        CardState fresh = new CardState();
        String replayed = null;
        for (var tx : List.of(tx("a", 0), tx("b", 10), tx("c", 20), tx("d", 30))) {
            for (Alert alert : detection.process(fresh, tx).alerts()) {
                replayed = alert.getAlertId();
            }
        }
        assertEquals(first, replayed);
    }
}
