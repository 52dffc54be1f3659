package io.vigil.detectors.fraud;

import io.vigil.detectors.Ewma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.events.Transaction;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The card state's binary layout: what is written is read back, byte for byte the documented version 1. */
class CardStateCodecTest {

    @Test
    void shouldReadBackEveryFieldWhenAStateBuiltByDetectionIsEncoded() {
        // Given a card whose state has history, a baseline, a position and a cooldown (the duplicate fired)
        CardDetection detection = CardDetection.fromRules(RuleSet.defaults(), Duration.ofSeconds(30));
        CardState state = new CardState();
        detection.process(state, Cards.tx("e1", 0, 2_000, "Café Müller"));
        detection.process(state, Cards.tx("e2", 30, 2_000, "Café Müller"));
        detection.process(state, Cards.tx("e3", 60, 999, "m-3"));
        assertTrue(state.lastTriggerMillis().containsKey("duplicate-transaction"), state.lastTriggerMillis()::toString);

        // When it is encoded and decoded
        CardState read = CardStateCodec.decode(CardStateCodec.encode(state));

        // Then every field is as it was
        assertEquals(state.maxEventTimeMillis(), read.maxEventTimeMillis());
        assertEquals(state.history(), read.history());
        assertEquals(state.baseline(), read.baseline());
        assertEquals(state.lastPosition(), read.lastPosition());
        assertEquals(state.lastTriggerMillis(), read.lastTriggerMillis());
    }

    @Test
    void shouldWriteTheVersionOneLayoutByteForByteWhenIdsAreAsciiOrNot() throws IOException {
        // Given a state with an ASCII and a non-ASCII merchant id
        List<RecentTransaction> history = new ArrayList<>(List.of(
                new RecentTransaction("ev-1", 1_000L, "m-1", 250L),
                new RecentTransaction("ev-2", 2_000L, "Bäckerei", 1_999L)));
        Map<String, Long> triggers = new LinkedHashMap<>(Map.of("velocity", 1_500L));
        CardState state = new CardState(2_000L, history, new Ewma(2, 1.5, 0.25),
                new Position("ev-2", 2_000L, 52.52, 13.405), triggers);

        // When it is encoded
        byte[] encoded = CardStateCodec.encode(state);

        // Then the bytes are exactly version 1: big-endian numbers, strings as a length and their UTF-8 bytes
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeByte(1);
        out.writeLong(2_000L);
        out.writeLong(2);
        out.writeDouble(1.5);
        out.writeDouble(0.25);
        out.writeByte(1);
        string(out, "ev-2");
        out.writeLong(2_000L);
        out.writeDouble(52.52);
        out.writeDouble(13.405);
        out.writeByte(1);
        string(out, "velocity");
        out.writeLong(1_500L);
        out.writeByte(2);
        string(out, "ev-1");
        out.writeLong(1_000L);
        string(out, "m-1");
        out.writeLong(250L);
        string(out, "ev-2");
        out.writeLong(2_000L);
        string(out, "Bäckerei");
        out.writeLong(1_999L);
        assertArrayEquals(expected.toByteArray(), encoded);
    }

    @Test
    void shouldRejectEveryTruncationWithIllegalArgumentExceptionWhenStateIsCut() {
        // Given a valid encoded state
        CardDetection detection = CardDetection.fromRules(RuleSet.defaults(), Duration.ofSeconds(30));
        CardState state = new CardState();
        Transaction tx = Cards.tx("e1", 0);
        detection.process(state, tx);
        byte[] encoded = CardStateCodec.encode(state);

        // When any proper prefix of it is decoded, then it is rejected as corrupt, never misread
        for (int length = 0; length < encoded.length; length++) {
            byte[] cut = Arrays.copyOf(encoded, length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardStateCodec.decode(cut),
                    "prefix of " + length + " bytes");
            assertTrue(e.getMessage().startsWith("Corrupt state") || e.getMessage().startsWith("Unknown card state"),
                    e.getMessage());
        }
    }

    @Test
    void shouldRejectAnUnknownVersionWhenTheFirstByteIsNotOne() {
        byte[] encoded = CardStateCodec.encode(new CardState());
        encoded[0] = 9;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardStateCodec.decode(encoded));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(bytes.length);
        out.write(bytes);
    }
}
