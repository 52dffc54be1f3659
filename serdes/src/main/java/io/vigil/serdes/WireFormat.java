package io.vigil.serdes;

/**
 * Confluent's framing of a Schema Registry record: byte 0 is the magic byte {@code 0}, bytes 1 to 4 are the schema's
 * registry id as a big-endian int, and the Avro binary body follows. Also the subject naming of Confluent's default
 * {@code TopicNameStrategy}.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int ID_SIZE = 4;
    static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {
    }

    /** The subject a topic's keys or values are registered under: {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /** The five header bytes for schema {@code id}. */
    static byte[] header(int id) {
        return new byte[] {MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    /** Reads the schema id that follows the magic byte at {@code offset}. */
    static int schemaId(byte[] bytes, int offset) {
        return ((bytes[offset + 1] & 0xff) << 24) | ((bytes[offset + 2] & 0xff) << 16)
                | ((bytes[offset + 3] & 0xff) << 8) | (bytes[offset + 4] & 0xff);
    }
}
