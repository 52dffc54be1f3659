package io.vigil.topology;

import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the silence deadline index: the deadline as 8 big-endian bytes, then the device id in UTF-8.
 *
 * <p>Stores order keys by unsigned bytes, and big-endian non-negative millis sort like the numbers, so the
 * entries of every device due by {@code now} are exactly the range from the first key to {@link #dueBy(long)}:
 * a check visits the due devices and nothing else, however many devices the store holds.
 */
final class DeadlineIndex {

    /** The index carries everything in its key; an empty value (not null, which would delete) marks presence. */
    static final byte[] PRESENT = new byte[0];

    private DeadlineIndex() {
    }

    static Bytes key(long deadlineMillis, String deviceId) {
        byte[] id = deviceId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(deadlineMillis).put(id).array());
    }

    static long deadlineMillis(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String deviceId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
    }

    /**
     * The inclusive upper bound of a range holding every entry with a deadline at or before {@code nowMillis}:
     * the bare 8-byte prefix of the next millisecond sorts after all keys of {@code nowMillis} and before all
     * keys of later deadlines (which are longer, since device ids are never empty).
     */
    static Bytes dueBy(long nowMillis) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(nowMillis + 1).array());
    }
}
