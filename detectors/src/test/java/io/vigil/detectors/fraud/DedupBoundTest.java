package io.vigil.detectors.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigil.config.RuleSet;
import io.vigil.config.RuleSpec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * Issue 12, parts 7 and 8: a card's history (which also drops redelivered event ids) is capped, so a card faster
 * than the cap must not have a redelivery counted twice; and rules must not let one card's state outgrow what a
 * changelog record may hold.
 */
class DedupBoundTest {

    private final CardDetection detection =
            CardDetection.fromRules(new RuleSet(List.of(Cards.velocity(100, "1h"))), Duration.ofMinutes(10));

    @Test
    void shouldNotCountARedeliveryTwiceWhenTheCardOutranTheHistoryCap() {
        // Given a card making more transactions within the grace period than its history holds
        CardState state = new CardState();
        int burst = detection.capacity() + 5;
        for (int i = 0; i < burst; i++) {
            assertEquals(CardDetection.Disposition.ACCEPTED,
                    detection.process(state, Cards.tx("e" + i, i, 100, "m")).disposition());
        }

        // When the first transaction, evicted by the cap though well within grace, is delivered again
        CardDetection.Outcome redelivered = detection.process(state, Cards.tx("e0", 0, 100, "m"));

        // Then it is not accepted a second time
        assertEquals(CardDetection.Disposition.LATE, redelivered.disposition());
        assertEquals(detection.capacity(), state.history().size());
    }

    @Test
    void shouldRefuseRulesWhenACardsStateCouldOutgrowItsByteBound() {
        // Given a velocity rule counting up to 10,000 transactions: a card would keep 20,002 of them
        RuleSpec huge = Cards.velocity(10_000, "1h");

        // When
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CardDetection.fromRules(new RuleSet(List.of(huge)), Duration.ofSeconds(30)));

        // Then the message names the rule, the bound and how far to come down
        assertEquals("Rule 'velocity' (velocity) needs 10001 transactions of history at once, so a card keeps up to "
                + "20002 of them: up to 15509 KiB of state with ids and merchant ids at their 128-character bound, "
                + "more than the 512 KiB a card's state may hold. Expected the rule to need at most 329 transactions "
                + "(its count parameter at most 328)", e.getMessage());
    }

    @Test
    void shouldKeepEveryCardStateUnderTheBoundWhenRulesAreAccepted() {
        // Given the largest velocity rule the bound accepts
        CardDetection largest = CardDetection.fromRules(new RuleSet(List.of(Cards.velocity(328, "1h"))),
                Duration.ofSeconds(30));

        // Then its worst case fits
        assertEquals(true, CardDetection.worstCaseStateBytes(largest.detectors(), largest.capacity())
                <= CardDetection.MAX_STATE_BYTES);
    }
}
