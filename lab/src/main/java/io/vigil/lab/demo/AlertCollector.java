package io.vigil.lab.demo;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the alerts topic the way a downstream consumer sees it ({@code read_committed}, from the beginning)
 * and keeps what the demo's summary needs: every distinct alert, how many records repeated an alert id, and
 * the event-to-visible latency of each alert.
 *
 * <p>Latency is measured when the alert becomes visible to this consumer, minus the event time of the event
 * that fired it: so it includes the generator's send, detection, the commit interval and the poll. Silence
 * alerts have no triggering event (they fire on the wall clock), so they report their delay past the device's
 * deadline instead.
 */
public final class AlertCollector implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertCollector.class);
    private static final String SILENCE = "silence";

    private final KafkaConsumer<String, Alert> consumer;
    private final String topic;
    private volatile long latencyFromMillis;
    private long timedAlerts;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Histogram latencyMillis = new Histogram(3_600_000L, 3);
    private final List<Double> silenceDelaySeconds = new ArrayList<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param latencyFromMillis alerts on events older than this are not timed (see {@link #timeLatencyFrom}):
     *                          {@code Long.MAX_VALUE} times none until told
     */
    public AlertCollector(Map<String, Object> clientProperties, String topic, Deserializer<Alert> deserializer,
                          long latencyFromMillis) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-demo-collector-" + System.nanoTime());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer);
        this.topic = topic;
        this.latencyFromMillis = latencyFromMillis;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ofMillis(100))) {
                    accept(record.value(), System.currentTimeMillis());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("Alert collector stopped", e);
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    synchronized void accept(Alert alert, long visibleAtMillis) {
        records.incrementAndGet();
        if (alerts.putIfAbsent(alert.getAlertId(), alert) != null) {
            duplicates.incrementAndGet();
            return;
        }
        long eventTime = alert.getEventTimestamp().toEpochMilli();
        if (SILENCE.equals(alert.getDetector())) {
            // Silence fires on the wall clock with no triggering event: its figure is the delay past the deadline.
            if (alert.getStatus() == AlertStatus.OPEN && alert.getFeatures().containsKey("delaySeconds")) {
                silenceDelaySeconds.add(alert.getFeatures().get("delaySeconds"));
            }
            return;
        }
        if (alert.getStatus() == AlertStatus.OPEN && eventTime >= latencyFromMillis) {
            latencyMillis.recordValue(Math.max(0, Math.min(visibleAtMillis - eventTime, latencyMillis.getHighestTrackableValue())));
            timedAlerts++;
        }
    }

    /**
     * Times alerts on events from {@code epochMillis} on. Why a demo moves it: the warm-up history's event time
     * is hours in the past by design, and live events sent while the stream instances still work through the
     * history wait behind it; timing those would report the catch-up, not detection.
     */
    public void timeLatencyFrom(long epochMillis) {
        latencyFromMillis = epochMillis;
    }

    /** Alerts whose latency was recorded. */
    public synchronized long timedAlerts() {
        return timedAlerts;
    }

    /** Alert records seen, including repeats. */
    public long records() {
        return records.get();
    }

    /** Records whose alert id had been seen before: exactly-once means zero. */
    public long duplicates() {
        return duplicates.get();
    }

    public synchronized List<Alert> distinctAlerts() {
        return new ArrayList<>(alerts.values());
    }

    public synchronized Map<String, Long> countByRule() {
        Map<String, Long> counts = new TreeMap<>();
        for (Alert alert : alerts.values()) {
            counts.merge(alert.getRuleId() + (alert.getStatus() == AlertStatus.RESOLVED ? " (resolved)" : ""), 1L, Long::sum);
        }
        return counts;
    }

    /** For silence alerts: seconds from the device's deadline to the alert, p50 and max; empty when none fired. */
    public synchronized Map<String, Double> silenceDelaySeconds() {
        if (silenceDelaySeconds.isEmpty()) {
            return Map.of();
        }
        List<Double> sorted = new ArrayList<>(silenceDelaySeconds);
        sorted.sort(null);
        return Map.of("p50", sorted.get((sorted.size() - 1) / 2), "max", sorted.get(sorted.size() - 1),
                "count", (double) sorted.size());
    }

    public synchronized Histogram latency() {
        return latencyMillis.copy();
    }

    public synchronized Map<String, Double> latencyPercentiles() {
        Map<String, Double> p = new HashMap<>();
        boolean any = latencyMillis.getTotalCount() > 0;
        p.put("p50", any ? (double) latencyMillis.getValueAtPercentile(50) : Double.NaN);
        p.put("p99", any ? (double) latencyMillis.getValueAtPercentile(99) : Double.NaN);
        p.put("p999", any ? (double) latencyMillis.getValueAtPercentile(99.9) : Double.NaN);
        return p;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
