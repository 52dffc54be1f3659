package io.vigil.runtime.console;

import io.vigil.topology.DetectionMetrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The console's charts, from the instance's own meters: a sample a second of throughput (input events a second,
 * from {@value DetectionMetrics#EVENTS}), consumer lag on the input topics (the Kafka consumer's per-partition
 * {@value #RECORDS_LAG} gauges, summed) and alerts raised per rule in that second (from
 * {@value DetectionMetrics#ALERTS}, OPEN alerts only). The last {@link #HISTORY} samples are kept, so a page
 * opened now starts with the last two minutes drawn.
 *
 * <p>The per-partition lag gauges appear when Kafka Streams assigns the partitions and Micrometer's Kafka binder
 * refreshes (once a minute), so lag reads 0 for up to a minute after start.
 */
final class MeterSampler {

    static final int HISTORY = 120;
    static final String RECORDS_LAG = "kafka.consumer.fetch.manager.records.lag";

    private final MeterRegistry registry;
    private final Set<String> inputTopics;
    private final Deque<Map<String, Object>> samples = new ArrayDeque<>();
    private long lastNanos;
    private double lastEvents = Double.NaN;
    private final Map<String, Double> lastAlerts = new HashMap<>();

    MeterSampler(MeterRegistry registry, Set<String> inputTopics) {
        this.registry = registry;
        this.inputTopics = inputTopics;
    }

    /** Takes one sample; called once a second. */
    synchronized void sample(long nowMillis, long nowNanos) {
        double events = registry.find(DetectionMetrics.EVENTS).counters().stream().mapToDouble(Counter::count).sum();
        Map<String, Double> alerts = alertsByRule();
        double seconds = (nowNanos - lastNanos) / 1e9;
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("t", nowMillis);
        sample.put("eventsPerSecond", Double.isNaN(lastEvents) || seconds <= 0 ? 0 : (events - lastEvents) / seconds);
        sample.put("lag", lag());
        Map<String, Double> raised = new TreeMap<>();
        alerts.forEach((rule, count) -> {
            double delta = count - lastAlerts.getOrDefault(rule, Double.isNaN(lastEvents) ? count : 0.0);
            if (delta > 0) {
                raised.put(rule, delta);
            }
        });
        sample.put("alerts", raised);
        lastEvents = events;
        lastNanos = nowNanos;
        lastAlerts.putAll(alerts);
        samples.addLast(sample);
        if (samples.size() > HISTORY) {
            samples.removeFirst();
        }
    }

    synchronized List<Map<String, Object>> samples() {
        return new ArrayList<>(samples);
    }

    /** Alerts raised so far by each rule on this instance. */
    Map<String, Double> alertsByRule() {
        Map<String, Double> byRule = new TreeMap<>();
        registry.find(DetectionMetrics.ALERTS).tag("status", "OPEN").counters()
                .forEach(c -> byRule.merge(c.getId().getTag("rule"), c.count(), Double::sum));
        return byRule;
    }

    private double lag() {
        double lag = 0;
        for (Gauge gauge : registry.find(RECORDS_LAG).gauges()) {
            String topic = gauge.getId().getTag("topic");
            String client = String.valueOf(gauge.getId().getTag("client.id"));
            double value = gauge.value();
            // The restore consumer's lag is about changelogs being restored, not about input waiting.
            if (topic != null && inputTopics.contains(topic) && !client.endsWith("restore-consumer")
                    && Double.isFinite(value) && value > 0) {
                lag += value;
            }
        }
        return lag;
    }
}
