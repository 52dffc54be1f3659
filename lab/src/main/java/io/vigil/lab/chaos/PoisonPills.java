package io.vigil.lab.chaos;

import io.vigil.config.TopicNames;
import io.vigil.events.Channel;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.chaos.TopicLog.Coordinates;
import io.vigil.serdes.SpecificAvroSerializer;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records that a stream instance cannot read, or whose processing throws: each must end up in the dead-letter
 * queue exactly once, with its original bytes, while the instance keeps running.
 *
 * <p>Every kind of bad input Vigil promises to survive is here: bytes that are not Avro at all, Avro cut short,
 * a record too short for the wire format's header, a wrong magic byte, a schema id the registry does not know,
 * and well-formed records the topology's input gate refuses: a transaction without its card id key, a reading
 * whose value is NaN, a transaction stamped in 2099, and oversized fields (issue 12, part 8: a ~900 KB merchant
 * id, every one on the same card, as the attack that once took every instance down used; a card id longer than
 * its bound). Each is under the broker's 1 MB limit, so it reaches the topology, and its dead letter does too.
 */
public final class PoisonPills {

    /** What is wrong with a poison record. */
    public enum Kind {
        NOT_AVRO("not-avro"),
        TRUNCATED_AVRO("truncated-avro"),
        TOO_SHORT("too-short"),
        WRONG_MAGIC_BYTE("wrong-magic-byte"),
        UNKNOWN_SCHEMA_ID("unknown-schema-id"),
        TRANSACTION_WITHOUT_KEY("transaction-without-key"),
        NAN_READING("nan-reading"),
        FAR_FUTURE_TRANSACTION("far-future-transaction"),
        OVERSIZED_MERCHANT_ID("oversized-merchant-id"),
        OVERSIZED_CARD_ID("oversized-card-id");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** A poison record to send: its kind, where it goes, and its exact bytes. */
    public record Pill(Kind kind, String topic, int partition, byte[] key, byte[] value) {
        public Pill {
            key = key == null ? null : key.clone();
            value = value == null ? null : value.clone();
        }

        @Override
        public byte[] key() {
            return key == null ? null : key.clone();
        }

        @Override
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pill p && kind == p.kind && topic.equals(p.topic) && partition == p.partition
                    && Arrays.equals(key, p.key) && Arrays.equals(value, p.value);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * kind.hashCode() + topic.hashCode() + partition) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return kind.id() + "->" + topic + "-" + partition;
        }
    }

    /** A pill that the broker acknowledged, and where it landed. */
    public record Sent(Pill pill, Coordinates at) {
    }

    /** Well above any id a registry hands out in a test or a demo, so no schema has it. */
    static final int UNKNOWN_SCHEMA_ID = 987_654_321;
    /**
     * Characters of the oversized merchant id: two such transactions on one card once made its state exceed 1 MB.
     * The record (and its dead letter, which carries the original bytes) stays under the 1 MB request limit.
     */
    static final int OVERSIZED_MERCHANT_LENGTH = 900_000;
    /** Every oversized merchant id goes to this card, so the card would hold several if the gate let them in. */
    static final String OVERSIZED_CARD = "poison-card-oversized";

    private final TopicNames topics;
    private final SpecificAvroSerializer<SpecificRecord> serializer;
    private int sequence;

    /**
     * @param serdeConfig at least {@code schema.registry.url}: well-formed bodies are registered and written with
     *                    the same serializer the generator uses, so only the intended defect differs
     */
    public PoisonPills(TopicNames topics, Map<String, ?> serdeConfig) {
        this.topics = topics;
        this.serializer = new SpecificAvroSerializer<>();
        this.serializer.configure(serdeConfig, false);
    }

    /**
     * One pill of every kind, spread over the partitions starting at {@code firstPartition}, and a second oversized
     * merchant id next to the first.
     */
    public List<Pill> oneOfEach(int firstPartition, int partitions) {
        List<Pill> pills = new ArrayList<>();
        int p = firstPartition;
        int oversized = -1;
        for (Kind kind : Kind.values()) {
            if (kind == Kind.OVERSIZED_MERCHANT_ID) {
                oversized = p % partitions;
            }
            pills.add(pill(kind, p++ % partitions));
        }
        // A second ~900 KB merchant id on the same card in the same partition: the pair that, let into state,
        // made one card's state exceed 1 MB.
        pills.add(pill(Kind.OVERSIZED_MERCHANT_ID, oversized));
        return pills;
    }

    /** A pill of {@code kind} for {@code partition}; transactions-topic pills except for the NaN reading. */
    public Pill pill(Kind kind, int partition) {
        int n = ++sequence;
        String card = "poison-card-" + n;
        return switch (kind) {
            case NOT_AVRO -> new Pill(kind, topics.transactions(), partition, utf8(card),
                    utf8("{\"cardId\":\"" + card + "\",\"amount\":12.5}"));
            case TRUNCATED_AVRO -> {
                byte[] valid = serialize(topics.telemetry(), reading("poison-device-" + n, n, 21.5));
                yield new Pill(kind, topics.telemetry(), partition, utf8("poison-device-" + n),
                        Arrays.copyOf(valid, 8));
            }
            case TOO_SHORT -> new Pill(kind, topics.transactions(), partition, utf8(card), new byte[] {0, 0, 1});
            case WRONG_MAGIC_BYTE -> {
                byte[] bytes = serialize(topics.transactions(), transaction(card, n));
                bytes[0] = 1;
                yield new Pill(kind, topics.transactions(), partition, utf8(card), bytes);
            }
            case UNKNOWN_SCHEMA_ID -> {
                byte[] bytes = serialize(topics.transactions(), transaction(card, n));
                ByteBuffer.wrap(bytes).putInt(1, UNKNOWN_SCHEMA_ID);
                yield new Pill(kind, topics.transactions(), partition, utf8(card), bytes);
            }
            case TRANSACTION_WITHOUT_KEY -> new Pill(kind, topics.transactions(), partition, null,
                    serialize(topics.transactions(), transaction(card, n)));
            case NAN_READING -> new Pill(kind, topics.telemetry(), partition, utf8("poison-device-" + n),
                    serialize(topics.telemetry(), reading("poison-device-" + n, n, Double.NaN)));
            case FAR_FUTURE_TRANSACTION -> {
                Transaction tx = transaction(card, n);
                tx.setTimestamp(Instant.parse("2099-01-01T00:00:00Z"));
                yield new Pill(kind, topics.transactions(), partition, utf8(card), serialize(topics.transactions(), tx));
            }
            case OVERSIZED_MERCHANT_ID -> {
                Transaction tx = transaction(OVERSIZED_CARD, n);
                tx.setMerchantId("m".repeat(OVERSIZED_MERCHANT_LENGTH));
                yield new Pill(kind, topics.transactions(), partition, utf8(OVERSIZED_CARD),
                        serialize(topics.transactions(), tx));
            }
            case OVERSIZED_CARD_ID -> {
                String longCard = card + "-" + "x".repeat(200);
                yield new Pill(kind, topics.transactions(), partition, utf8(longCard),
                        serialize(topics.transactions(), transaction(longCard, n)));
            }
        };
    }

    /** Sends {@code pill} and waits for the broker's acknowledgement. */
    public static Sent send(Producer<byte[], byte[]> producer, Pill pill) {
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(pill.topic(), pill.partition(),
                    System.currentTimeMillis(), pill.key(), pill.value())).get(60, TimeUnit.SECONDS);
            return new Sent(pill, new Coordinates(metadata.topic(), metadata.partition(), metadata.offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send poison record " + pill + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out sending poison record " + pill, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending poison record " + pill, e);
        }
    }

    private byte[] serialize(String topic, SpecificRecord record) {
        return serializer.serialize(topic, record);
    }

    private static Transaction transaction(String card, int n) {
        return Transaction.newBuilder()
                .setEventId("poison-tx-" + n)
                .setCardId(card)
                .setTimestamp(Instant.now())
                .setAmountMinor(1_250)
                .setMerchantId("poison-merchant")
                .setChannel(Channel.ECOMMERCE)
                .build();
    }

    private static Telemetry reading(String device, int n, double value) {
        return Telemetry.newBuilder()
                .setEventId("poison-reading-" + n)
                .setDeviceId(device)
                .setTimestamp(Instant.now())
                .setMetric("temperature")
                .setValue(value)
                .setUnit("C")
                .build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
