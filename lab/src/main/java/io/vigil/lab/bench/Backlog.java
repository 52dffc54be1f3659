package io.vigil.lab.bench;

import io.vigil.events.Transaction;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.GeneratedEvent;
import io.vigil.loadgen.GroundTruth;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The benchmark's input: a fraud scenario (normal traffic with injected patterns, so the detectors do real work)
 * generated once and serialized once into the exact bytes the real topology reads (Confluent wire format Avro,
 * keyed by card id), kept in memory.
 *
 * <p>Why pre-serialized: the producer-ceiling stage must measure Kafka, not the generator; and every stage must
 * see byte-for-byte the same records. Keys are shared per card, so the backlog costs about one small array per
 * event (roughly 120 bytes of Avro plus the array header).
 */
public final class Backlog {

    private final byte[][] keys;
    private final byte[][] values;
    private final long[] timestamps;
    private final long valueBytes;
    private final int distinctKeys;
    private final GroundTruth groundTruth;

    private Backlog(byte[][] keys, byte[][] values, long[] timestamps, long valueBytes, int distinctKeys,
                    GroundTruth groundTruth) {
        this.keys = keys;
        this.values = values;
        this.timestamps = timestamps;
        this.valueBytes = valueBytes;
        this.distinctKeys = distinctKeys;
        this.groundTruth = groundTruth;
    }

    /**
     * The first {@code events} events of the scenario (its warm-up history first, then live traffic), values
     * serialized with {@code serializer} for {@code topic}.
     *
     * @param progress called with the number of events generated so far, every 100,000 events
     */
    public static Backlog generate(ScenarioConfig config, int events, Serializer<SpecificRecord> serializer,
                                   String topic, LongConsumer progress) {
        FraudScenario scenario = new FraudScenario(config);
        return generate(scenario, scenario::groundTruth, events, serializer, topic, progress);
    }

    /** Like {@link #generate(ScenarioConfig, int, Serializer, String, LongConsumer)}, for device readings. */
    public static Backlog generate(TelemetryScenarioConfig config, int events, Serializer<SpecificRecord> serializer,
                                   String topic, LongConsumer progress) {
        TelemetryScenario scenario = new TelemetryScenario(config);
        return generate(scenario, scenario::groundTruth, events, serializer, topic, progress);
    }

    private static Backlog generate(Iterator<GeneratedEvent> scenario, Supplier<GroundTruth> truth,
                                    int events, Serializer<SpecificRecord> serializer, String topic,
                                    LongConsumer progress) {
        byte[][] keys = new byte[events][];
        byte[][] values = new byte[events][];
        long[] timestamps = new long[events];
        Map<String, byte[]> keyBytes = new HashMap<>();
        long bytes = 0;
        int n = 0;
        while (n < events && scenario.hasNext()) {
            GeneratedEvent event = scenario.next();
            keys[n] = keyBytes.computeIfAbsent(event.key(), k -> k.getBytes(StandardCharsets.UTF_8));
            values[n] = serializer.serialize(topic, event.value());
            // The record timestamp is the transaction's own, also for a replayed copy, as the generator sends it.
            timestamps[n] = event.value() instanceof Transaction tx ? tx.getTimestamp().toEpochMilli()
                    : event.eventTime().toEpochMilli();
            bytes += values[n].length;
            n++;
            if (n % 100_000 == 0) {
                progress.accept(n);
            }
        }
        if (n < events) {
            throw new IllegalStateException("The scenario ended after " + n + " of " + events + " events");
        }
        return new Backlog(keys, values, timestamps, bytes, keyBytes.size(), truth.get());
    }

    public int size() {
        return values.length;
    }

    /** Total bytes of the serialized values. */
    public long valueBytes() {
        return valueBytes;
    }

    /** Cards that appear in the backlog: the number of keys in the detector's state store after a drain. */
    public int distinctKeys() {
        return distinctKeys;
    }

    /** The injections completed within the backlog. */
    public GroundTruth groundTruth() {
        return groundTruth;
    }

    /**
     * Sends every event to {@code topic} as fast as the producer takes them and waits for every acknowledgement.
     *
     * @param progress called with the number of events handed to the producer, about every 100 ms
     * @throws IllegalStateException with the first error when any send failed
     */
    public void sendAll(Producer<byte[], byte[]> producer, String topic, LongConsumer progress) {
        sendFirst(values.length, producer, topic, progress);
    }

    /** Like {@link #sendAll}, for the first {@code count} events only. */
    public void sendFirst(int count, Producer<byte[], byte[]> producer, String topic, LongConsumer progress) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long nextReport = System.nanoTime() + 100_000_000L;
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, null, timestamps[i], keys[i], values[i]), (metadata, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error);
                }
            });
            if ((i & 1023) == 0 && System.nanoTime() >= nextReport) {
                progress.accept(i);
                nextReport = System.nanoTime() + 100_000_000L;
            }
        }
        producer.flush();
        progress.accept(count);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + count + " events could not be sent to "
                    + topic + "; first error: " + firstError.get(), firstError.get());
        }
    }
}
