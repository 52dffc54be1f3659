package io.vigil.detectors.fraud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.config.RuleSet;
import io.vigil.detectors.Ewma;
import io.vigil.events.Transaction;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The card state's binary layout: what is written is read back, byte for byte the documented version 2; version 1 is still read. */
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
    void shouldReadTheVersionOneLayoutWhenAnOlderBuildWroteIt() throws IOException {
        // Given the version-1 bytes of a state with an ASCII and a non-ASCII merchant id, built by hand
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(v1);
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

        // When it is decoded
        CardState read = CardStateCodec.decode(v1.toByteArray());

        // Then it is the state those bytes describe
        CardState expected = sample();
        assertEquals(expected.maxEventTimeMillis(), read.maxEventTimeMillis());
        assertEquals(expected.history(), read.history());
        assertEquals(expected.baseline(), read.baseline());
        assertEquals(expected.lastPosition(), read.lastPosition());
        assertEquals(expected.lastTriggerMillis(), read.lastTriggerMillis());
    }

    @Test
    void shouldWriteTheVersionTwoLayoutByteForByteWhenIdsAreNotUuids() throws IOException {
        // Given the same state
        CardState state = sample();

        // When it is encoded
        byte[] encoded = CardStateCodecTest.encodeAndCheck(state);

        // Then the bytes are exactly version 2 as docs/state-format.md lays it out
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(expected);
        out.writeByte(2);
        out.writeByte(1 | 2 | 4 | 8 | 16);                 // watermark, baseline, position from history, fixed point
        varint(out, 2 * 2_000L);                           // zig-zag watermark
        varint(out, 2);
        out.writeDouble(1.5);
        out.writeDouble(0.25);
        varint(out, 2);                                    // merchants, sorted, front-coded
        varint(out, 0);
        bytes(out, "Bäckerei");
        varint(out, 0);
        bytes(out, "m-1");
        varint(out, 2);                                    // history
        varint(out, 1 << 1 | 1);                           // merchant 1, id not a UUID
        bytes(out, "ev-1");
        varint(out, 2 * 1_000L);                           // 1000 ms behind the watermark
        varint(out, 2 * 250L);
        varint(out, 0 << 1 | 1);
        bytes(out, "ev-2");
        varint(out, 0);
        varint(out, 2 * 1_999L);
        varint(out, 1);                                    // position: history entry 1
        out.writeInt(525_200_000);
        out.writeInt(134_050_000);
        varint(out, 1);                                    // triggers
        varint(out, 1 << 1);                               // rule code 1: velocity
        varint(out, 2 * 500L);
        assertArrayEquals(expected.toByteArray(), encoded);
    }

    @Test
    void shouldKeepEveryIdExactlyWhenIdsAreCanonicalUpperCaseOrNoUuidsAtAll() {
        // Given ids of every kind, a position whose entry left the history, arbitrary coordinates, an own rule id
        String canonical = "0e8a4c4b-8d1b-4e4b-9a55-1f0c2d3e4f50";
        String upper = canonical.toUpperCase(java.util.Locale.ROOT);
        List<RecentTransaction> history = new ArrayList<>(List.of(
                new RecentTransaction(canonical, 5_000L, "m-web-0001", 100L),
                new RecentTransaction(upper, 6_000L, "m-web-0002", -7L),
                new RecentTransaction("tx 7 ∑", 7_000L, "m-web-0001", 0L)));
        CardState state = new CardState(7_000L, history, new Ewma(3, 2.0000000000000004, 1e-300),
                new Position(canonical.replace('0', 'f'), 4_000L, 52.520008123456789, -13.404954987654321),
                new HashMap<>(Map.of("my-own-rule", 6_500L, "card-testing", 9_000L)));

        // When it is encoded and decoded
        byte[] encoded = encodeAndCheck(state);
        CardState read = CardStateCodec.decode(encoded);

        // Then every field is as it was, the canonical UUIDs in 16 bytes each
        assertEquals(state.history(), read.history());
        assertEquals(state.baseline(), read.baseline());
        assertEquals(state.lastPosition(), read.lastPosition());
        assertEquals(state.lastTriggerMillis(), read.lastTriggerMillis());
        assertEquals(state.maxEventTimeMillis(), read.maxEventTimeMillis());
        java.util.UUID uuid = java.util.UUID.fromString(canonical);
        byte[] raw = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        assertTrue(java.util.Collections.indexOfSubList(toList(encoded), toList(raw)) > 0, "16-byte UUID in the layout");
    }

    @Test
    void shouldRoundTripAnEmptyStateWhenACardWasNeverSeen() {
        CardState read = CardStateCodec.decode(encodeAndCheck(new CardState()));

        assertEquals(List.of(Long.MIN_VALUE, 0, Ewma.EMPTY, Map.of()),
                List.of(read.maxEventTimeMillis(), read.history().size(), read.baseline(), read.lastTriggerMillis()));
        assertEquals(null, read.lastPosition());
    }

    @Test
    void shouldRejectBytesAfterTheEndWhenAVersionTwoStateIsLonger() {
        byte[] encoded = CardStateCodec.encode(sample());
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CardStateCodec.decode(longer));
        assertEquals("Corrupt state: 1 bytes after the end", e.getMessage());
    }

    private static CardState sample() {
        List<RecentTransaction> history = new ArrayList<>(List.of(
                new RecentTransaction("ev-1", 1_000L, "m-1", 250L),
                new RecentTransaction("ev-2", 2_000L, "Bäckerei", 1_999L)));
        Map<String, Long> triggers = new LinkedHashMap<>(Map.of("velocity", 1_500L));
        return new CardState(2_000L, history, new Ewma(2, 1.5, 0.25), new Position("ev-2", 2_000L, 52.52, 13.405),
                triggers);
    }

    /** Encodes, and checks that what the size function reports is what is written. */
    private static byte[] encodeAndCheck(CardState state) {
        byte[] encoded = CardStateCodec.encode(state);
        assertEquals(encoded.length, CardStateCodec.encodedSize(state));
        return encoded;
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    private static void varint(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static void bytes(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varint(out, utf8.length);
        out.write(utf8);
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
    void shouldRejectAnUnknownVersionWhenTheFirstByteIsNeitherOneNorTwo() {
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
