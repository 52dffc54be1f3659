package io.vigil.detectors.fraud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.events.Transaction;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

/**
 * The state bound the README documents: with the default rules a card's encoded state never exceeds
 * {@value #MAX_BYTES} bytes, however long it lives and however hard it is hit (36-character event ids,
 * merchant ids up to 16 characters).
 */
class CardStateBoundTest {

    static final int MAX_BYTES = 2_600;
    private final CardDetection detection = CardDetection.fromRules(RuleSet.defaults(), Duration.ofSeconds(30));

    private static Transaction tx(long seconds, long amountMinor, String merchant) {
        return Transaction.newBuilder(Cards.tx(UUID.randomUUID().toString(), seconds, amountMinor, merchant)).build();
    }

    @Test
    void shouldKeepAQuietCardSmallWhenItLivesForAYear() {
        // Given a card used twice a day for a year
        CardState state = new CardState();
        int largest = 0;
        for (int day = 0; day < 365; day++) {
            for (int use = 0; use < 2; use++) {
                detection.process(state, tx(day * 86_400L + use * 30_000L, 1_000 + use, "merchant-" + (day % 50)));
                largest = Math.max(largest, CardStateCodec.encode(state).length);
            }
        }

        // Then its state holds one transaction of history and stays about 150 bytes
        assertEquals(1, state.history().size());
        assertTrue(largest <= 250, "largest quiet state " + largest + " bytes");
    }

    @Test
    void shouldCapTheHistoryWhenACardIsHammered() {
        // Given a thousand small payments within one minute at many merchants
        CardState state = new CardState();
        int largest = 0;
        for (int i = 0; i < 1_000; i++) {
            detection.process(state, tx(i / 20, 100, "merchant-" + String.format("%07d", i)));
            largest = Math.max(largest, CardStateCodec.encode(state).length);
        }

        // Then the history stops at the capacity and the bytes at the documented bound
        assertEquals(detection.capacity(), state.history().size());
        assertEquals(32, detection.capacity(), "default rules need 12 entries; the floor is 32");
        assertTrue(largest <= MAX_BYTES, "largest state " + largest + " bytes");
    }
}
