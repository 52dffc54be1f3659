package io.vigil.lab.bench;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times alerts the way a downstream subscriber sees them: a {@code read_committed} consumer of the alerts topic,
 * recording for each OPEN alert the wall-clock time it became visible minus the event time of the transaction
 * that fired it.
 *
 * <p>It assigns itself every partition instead of joining a group, so it is reading before the first alert can
 * appear: a group join could take longer than the latencies it is meant to measure.
 */
final class LatencyProbe implements Runnable, AutoCloseable {

    private static final long HIGHEST_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final KafkaConsumer<String, Alert> consumer;
    private final String topic;
    private final Histogram latencyMillis = new Histogram(HIGHEST_MILLIS, 3);
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final AtomicLong alerts = new AtomicLong();
    private volatile long fromEventMillis = Long.MAX_VALUE;
    private volatile boolean running = true;

    LatencyProbe(Map<String, Object> clientProperties, String topic, Deserializer<Alert> deserializer) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer);
        this.topic = topic;
    }

    /** Times only alerts on events at or after {@code eventMillis}: the live phase, not the warm-up history. */
    void timeFrom(long eventMillis) {
        fromEventMillis = eventMillis;
    }

    /** Waits until the consumer has its positions, so no alert can become visible before it looks. */
    void awaitPositioned(Duration timeout) throws InterruptedException {
        if (!positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The latency probe could not read " + topic + " within " + timeout);
        }
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(20))) {
                    accept(record.value(), System.currentTimeMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void accept(Alert alert, long visibleMillis) {
        alerts.incrementAndGet();
        long eventMillis = alert.getEventTimestamp().toEpochMilli();
        if (alert.getStatus() == AlertStatus.OPEN && eventMillis >= fromEventMillis) {
            synchronized (latencyMillis) {
                latencyMillis.recordValue(Math.max(0, Math.min(visibleMillis - eventMillis, HIGHEST_MILLIS)));
            }
        }
    }

    /** Alert records seen, timed or not. */
    long alerts() {
        return alerts.get();
    }

    Histogram latency() {
        synchronized (latencyMillis) {
            return latencyMillis.copy();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
