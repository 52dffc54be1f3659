package io.vigil.detectors;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The small binary primitives the per-entity state codecs are written with.
 *
 * <p>State is read and written once per event, so its encoding is on the hot path: a fixed layout of longs,
 * doubles and length-prefixed UTF-8 is several times cheaper than going through Avro or JSON, and a leading
 * format version lets the layout evolve (a reader rejects a version it does not know instead of misreading).
 */
public final class StateCodec {

    private StateCodec() {
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
            int length = readVarInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("Corrupt state: string of " + length + " bytes with "
                        + in.remaining() + " left");
            }
            String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
            in.position(in.position() + length);
            return s;
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
