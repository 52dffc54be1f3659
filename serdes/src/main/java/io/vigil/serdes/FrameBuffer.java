package io.vigil.serdes;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A per-thread scratch buffer and Avro encoder for serializing, so the hot path allocates only the returned array.
 *
 * <p>Per thread rather than per serializer because a producer may call one serializer from many threads at once.
 * The encoder is Avro's direct (unbuffered) encoder, bound to this buffer for the thread's lifetime: it keeps no
 * bytes of its own, so a record that fails halfway leaves nothing behind for the next one. A buffer that grew for
 * an unusually large record is dropped afterwards rather than held by the thread forever.
 */
final class FrameBuffer extends OutputStream {

    private static final int INITIAL_CAPACITY = 512;
    private static final int MAX_RETAINED_CAPACITY = 1 << 20;
    private static final ThreadLocal<FrameBuffer> CURRENT = ThreadLocal.withInitial(FrameBuffer::new);

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int count;
    private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(this, null);

    private FrameBuffer() {
    }

    /** Writes {@code header} followed by {@code datum}'s Avro binary encoding, and returns the bytes. */
    static <T> byte[] frame(byte[] header, DatumWriter<T> writer, T datum) throws IOException {
        FrameBuffer buffer = CURRENT.get();
        buffer.count = 0;
        try {
            buffer.write(header, 0, header.length);
            writer.write(datum, buffer.encoder);
            return Arrays.copyOf(buffer.bytes, buffer.count);
        } finally {
            if (buffer.bytes.length > MAX_RETAINED_CAPACITY) {
                CURRENT.remove();
            }
        }
    }

    @Override
    public void write(int b) {
        ensureCapacity(count + 1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensureCapacity(count + length);
        System.arraycopy(source, offset, bytes, count, length);
        count += length;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
