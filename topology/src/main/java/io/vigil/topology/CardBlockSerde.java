package io.vigil.topology;

import io.vigil.detectors.fraud.CardBlock;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The blocked-cards store's value serde: a version byte, the action and alert ids, the block time and the last
 * alert time per blocked-card rule. Hand-written rather than Avro because it is private state with no schema
 * subject to register, and the version byte leaves room to change it.
 */
final class CardBlockSerde implements Serde<CardBlock> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<CardBlock> serializer() {
        return (topic, block) -> block == null ? null : encode(block);
    }

    @Override
    public Deserializer<CardBlock> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot read a card block from " + topic + ": " + e.getMessage(), e);
            }
        };
    }

    static byte[] encode(CardBlock block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(block.actionId());
            out.writeUTF(block.alertId());
            out.writeLong(block.blockedAtMillis());
            out.writeShort(block.lastAlertMillis().size());
            for (Map.Entry<String, Long> entry : block.lastAlertMillis().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static CardBlock decode(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IOException("unknown card block format version " + version);
            }
            String actionId = in.readUTF();
            String alertId = in.readUTF();
            long blockedAt = in.readLong();
            int rules = in.readUnsignedShort();
            Map<String, Long> lastAlert = new HashMap<>();
            for (int i = 0; i < rules; i++) {
                lastAlert.put(in.readUTF(), in.readLong());
            }
            return new CardBlock(actionId, alertId, blockedAt, lastAlert);
        }
    }
}
