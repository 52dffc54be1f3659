package io.vigil.detectors;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small binary primitives the per-entity state codecs are written with.
 *
 * <p>State is read and written once per event, so its encoding is on the hot path: a fixed layout of longs,
 * doubles and length-prefixed UTF-8 is several times cheaper than going through Avro or JSON, and a leading
 * format version lets the layout evolve (a reader rejects a version it does not know instead of misreading).
 *
 * <p>Format version 2 adds what makes the state small as well as cheap (see {@code docs/state-format.md}):
 * unsigned and zig-zag variable-length longs, event ids as 16 bytes when they are canonical UUIDs, and rule
 * ids as codes from {@link #RULE_CODES}.
 */
public final class StateCodec {

    /**
     * Rule ids written as one small number instead of a string: the ids of the default rules, which are also the
     * catalog's detector names. The codes are part of the stored format, so this table only ever grows: a code
     * is never reused or renumbered, whatever happens to the rules or to the catalog's order. Code 0 means the
     * id is written out as a string (a rule of a user's own).
     */
    static final List<String> RULE_CODES = List.of(
            "",                         // 0: written out
            "velocity",                 // 1
            "amount-anomaly",           // 2
            "impossible-travel",        // 3
            "card-testing",             // 4
            "duplicate-transaction",    // 5
            "blocked-card-used",        // 6
            "threshold",                // 7
            "rate-of-change",           // 8
            "telemetry-anomaly",        // 9
            "flatline",                 // 10
            "silence");                 // 11

    private static final Map<String, Integer> RULE_CODE_OF = codesOf(RULE_CODES);

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private StateCodec() {
    }

    static Map<String, Integer> codesOf(List<String> table) {
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 1; i < table.size(); i++) {
            codes.put(table.get(i), i);
        }
        return Map.copyOf(codes);
    }

    /** The code of {@code ruleId} in {@link #RULE_CODES}, 0 when it has none. */
    public static int ruleCode(String ruleId) {
        return RULE_CODE_OF.getOrDefault(ruleId, 0);
    }

    /**
     * Packs {@code id} into {@code sixteen} and returns true when it is a UUID in the canonical form
     * {@link java.util.UUID#toString()} writes (36 characters, lower-case hex): only then do its 16 bytes give back
     * the identical string. An upper-case or otherwise spelled UUID is kept as a string, because alerts name event
     * ids exactly as they arrived. Checking and packing in one pass matters: every card's history is re-encoded on
     * every event.
     */
    public static boolean packCanonicalUuid(String id, byte[] sixteen) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
                || id.charAt(23) != '-') {
            return false;
        }
        // The hex runs between the dashes, each an even number of characters: 8, 4, 4, 4, 12. A bad character
        // makes its nibble -1, which the OR keeps negative; no branch per character (the profile's hottest
        // frame once, when this was a loop of comparisons).
        int bad = packHex(id, 0, 8, sixteen, 0) | packHex(id, 9, 13, sixteen, 4) | packHex(id, 14, 18, sixteen, 6)
                | packHex(id, 19, 23, sixteen, 8) | packHex(id, 24, 36, sixteen, 10);
        return bad >= 0;
    }

    /** Lower-case hex digit values by character; -1 for every other character below 128. */
    private static final byte[] NIBBLES = nibbles();

    private static byte[] nibbles() {
        byte[] nibbles = new byte[128];
        Arrays.fill(nibbles, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            nibbles[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            nibbles[c] = (byte) (c - 'a' + 10);
        }
        return nibbles;
    }

    /**
     * Packs the hex characters {@code from..to} of {@code id} into {@code out} from {@code at}; returns a negative
     * number if any of them is not lower-case hex.
     */
    private static int packHex(String id, int from, int to, byte[] out, int at) {
        int bad = 0;
        for (int i = from; i < to; i += 2) {
            int high = nibble(id.charAt(i));
            int low = nibble(id.charAt(i + 1));
            bad |= high | low;
            out[at++] = (byte) (high << 4 | low);
        }
        return bad;
    }

    private static int nibble(char c) {
        return c < 128 ? NIBBLES[c] : -1;
    }

    /** Grows as needed; one instance per codec call. */
    public static final class Writer {
        private byte[] buf;
        private int pos;

        public Writer(int initialCapacity) {
            buf = new byte[Math.max(16, initialCapacity)];
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        public Writer writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
            return this;
        }

        public Writer writeVarInt(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
            return this;
        }

        public Writer writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
            return this;
        }

        public Writer writeDouble(double v) {
            return writeLong(Double.doubleToRawLongBits(v));
        }

        public Writer writeInt(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
            return this;
        }

        /** Unsigned LEB128: 7 bits a byte, 1 to 10 bytes. */
        public Writer writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
            return this;
        }

        /** A signed long zig-zag mapped first, so that small negative numbers are short too. */
        public Writer writeZigZag(long v) {
            return writeVarLong((v << 1) ^ (v >> 63));
        }

        /** An event or alert id: varint 0 and 16 bytes for a canonical UUID, else varint (1 + length) and UTF-8. */
        public Writer writeId(String id) {
            byte[] uuid = new byte[16];
            if (packCanonicalUuid(id, uuid)) {
                return writeByte(0).writeBytes(uuid);
            }
            byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
            writeVarInt(bytes.length + 1);
            return writeBytes(bytes);
        }

        /** A rule id as varint ({@code code << 1 | bit}), the id itself following as a string when it has no code. */
        public Writer writeRule(String ruleId, boolean bit) {
            int code = ruleCode(ruleId);
            writeVarInt(code << 1 | (bit ? 1 : 0));
            return code == 0 ? writeString(ruleId) : this;
        }

        public Writer writeBytes(byte[] bytes) {
            return writeBytes(bytes, 0, bytes.length);
        }

        public Writer writeBytes(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, pos, length);
            pos += length;
            return this;
        }

        public int size() {
            return pos;
        }

        public Writer writeString(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            writeVarInt(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
            return this;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads what {@link Writer} wrote; truncated input is an {@link IllegalArgumentException}, never garbage. */
    public static final class Reader {
        private final ByteBuffer in;

        public Reader(byte[] bytes) {
            in = ByteBuffer.wrap(bytes);
        }

        public int readByte() {
            return guard(() -> in.get() & 0xFF);
        }

        public int readVarInt() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = readByte();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("Corrupt state: variable-length integer longer than 5 bytes");
        }

        public long readLong() {
            return guard(in::getLong);
        }

        public double readDouble() {
            return Double.longBitsToDouble(readLong());
        }

        public String readString() {
            return readUtf8(readVarInt());
        }

        private String readUtf8(int length) {
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("Corrupt state: string of " + length + " bytes with "
                        + in.remaining() + " left");
            }
            String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return s;
        }

        public byte[] readBytes(int length) {
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("Corrupt state: " + length + " bytes wanted with "
                        + in.remaining() + " left");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return bytes;
        }

        public int readInt() {
            return guard(in::getInt);
        }

        public long readVarLong() {
            long value = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("Corrupt state: variable-length long longer than 10 bytes");
        }

        public long readZigZag() {
            long v = readVarLong();
            return (v >>> 1) ^ -(v & 1);
        }

        /** A canonical UUID's 16 bytes, back to its 36 characters. */
        public String readUuid() {
            if (in.remaining() < 16) {
                throw new IllegalArgumentException("Corrupt state: truncated");
            }
            byte[] chars = new byte[36];
            int c = 0;
            for (int i = 0; i < 16; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10) {
                    chars[c++] = '-';
                }
                int b = in.get() & 0xFF;
                chars[c++] = HEX[b >>> 4];
                chars[c++] = HEX[b & 0xF];
            }
            return new String(chars, StandardCharsets.US_ASCII);
        }

        /** What {@link Writer#writeId} wrote. */
        public String readId() {
            int header = readVarInt();
            return header == 0 ? readUuid() : readUtf8(header - 1);
        }

        /** The varint of {@link Writer#writeRule}; pass it to {@link #readRule(int)}. */
        public String readRule(int header) {
            int code = header >>> 1;
            if (code == 0) {
                return readString();
            }
            if (code >= RULE_CODES.size()) {
                throw new IllegalArgumentException("Corrupt state: unknown rule code " + code);
            }
            return RULE_CODES.get(code);
        }

        /** A collection size; a negative or absurd one means corrupt bytes, not a huge allocation. */
        public int readCount() {
            int n = readVarInt();
            if (n < 0 || n > in.remaining()) {
                throw new IllegalArgumentException("Corrupt state: collection of " + n + " entries with "
                        + in.remaining() + " bytes left");
            }
            return n;
        }

        /** Fails unless every byte was read: a longer value is another format, not this one with noise after it. */
        public void expectEnd() {
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("Corrupt state: " + in.remaining() + " bytes after the end");
            }
        }

        public boolean hasRemaining() {
            return in.hasRemaining();
        }

        private static <T> T guard(java.util.function.Supplier<T> read) {
            try {
                return read.get();
            } catch (BufferUnderflowException e) {
                throw new IllegalArgumentException("Corrupt state: truncated", e);
            }
        }
    }
}
