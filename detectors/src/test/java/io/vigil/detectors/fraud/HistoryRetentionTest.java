package io.vigil.detectors.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.config.RuleSet;
import io.vigil.events.Alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a card's history keeps a transaction under the default rules (grace 30 s): as long as some detector
 * may still read it. Payments in general for the duplicate window (2 min), small ones for card testing (10 min).
 */
class HistoryRetentionTest {

    private final CardDetection detection = CardDetection.fromRules(RuleSet.defaults(), Duration.ofSeconds(30));
    private final CardState state = new CardState();

    @Test
    void shouldForgetALargePaymentAfterTheDuplicateWindowButKeepASmallOneForCardTesting() {
        // Given a large and a small payment
        feed(Cards.tx("large", 0, 5_000, "m-1"), Cards.tx("small", 1, 150, "m-2"));

        // When the card pays again five minutes later
        feed(Cards.tx("later", 300, 5_000, "m-3"));

        // Then the large payment is gone (2.5 min old is beyond any reader), the small one is still there
        assertEquals(List.of("small", "later"), ids(state.history()));
    }

    @Test
    void shouldKeepEveryPaymentWhileTheDuplicateWindowAndGraceCoverIt() {
        feed(Cards.tx("a", 0, 5_000, "m-1"), Cards.tx("b", 150, 5_000, "m-2"));

        assertEquals(List.of("a", "b"), ids(state.history()));
    }

    @Test
    void shouldStillDetectCardTestingWhenLargePaymentsBetweenTheSmallOnesWereForgotten() {
        // Given five small payments at four merchants over eight minutes, with large payments in between
        List<Alert> alerts = feed(
                Cards.tx("s1", 0, 100, "m-1"), Cards.tx("big1", 30, 9_000, "m-9"),
                Cards.tx("s2", 120, 100, "m-2"), Cards.tx("big2", 200, 9_000, "m-9"),
                Cards.tx("s3", 240, 100, "m-3"), Cards.tx("big3", 330, 9_000, "m-9"),
                Cards.tx("s4", 360, 100, "m-4"),
                Cards.tx("s5", 480, 100, "m-1"));

        // Then the fifth small payment completes the card-testing window, naming all five
        List<Alert> cardTesting = alerts.stream().filter(a -> a.getRuleId().equals("card-testing")).toList();
        assertEquals(1, cardTesting.size(), alerts::toString);
        assertEquals(List.of("s1", "s2", "s3", "s4", "s5"), cardTesting.get(0).getTriggeringEventIds());
    }

    private List<Alert> feed(io.vigil.events.Transaction... txs) {
        List<Alert> alerts = new ArrayList<>();
        for (io.vigil.events.Transaction tx : txs) {
            alerts.addAll(detection.process(state, tx).alerts());
        }
        return alerts;
    }

    private static List<String> ids(List<RecentTransaction> history) {
        return history.stream().map(RecentTransaction::eventId).toList();
    }
}
