package io.vigil.topology;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

import java.util.HashMap;
import java.util.Map;

/**
 * The lag of each input partition as this instance's main consumers see it: their {@code records-lag} metric
 * ({@code consumer-fetch-manager-metrics}, per topic and partition: the last stable offset minus the consumer's
 * position, after the last fetch). It does not count records already fetched into a task's buffer; the silence
 * check covers those separately (see {@link SilenceHold}).
 *
 * <p>Read on a stream thread at each silence check; the metrics are scanned at most every {@link #REFRESH_MILLIS},
 * so a check costs a map lookup. Thread-safe: several stream threads may ask.
 */
final class ConsumerInputLag implements InputLag {

    static final long REFRESH_MILLIS = 250;
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String NAME = "records-lag";

    private volatile KafkaStreams streams;
    private volatile Map<String, Long> lags = Map.of();
    private volatile long refreshedAtMillis;

    /** Gives the lag its instance, once it exists. */
    void bind(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public long unprocessed(String topic, int partition) {
        refreshIfStale();
        return lags.getOrDefault(key(topic, partition), 0L);
    }

    private void refreshIfStale() {
        long now = System.currentTimeMillis();
        KafkaStreams bound = streams;
        if (bound == null || now - refreshedAtMillis < REFRESH_MILLIS) {
            return;
        }
        synchronized (this) {
            if (now - refreshedAtMillis < REFRESH_MILLIS) {
                return;
            }
            Map<String, Long> fresh = new HashMap<>();
            for (Map.Entry<MetricName, ? extends Metric> e : bound.metrics().entrySet()) {
                MetricName name = e.getKey();
                String client = name.tags().getOrDefault("client-id", "");
                // Main consumers only: the restore consumer reads changelogs, the global one the rules topic.
                if (!NAME.equals(name.name()) || !GROUP.equals(name.group()) || client.endsWith("-restore-consumer")
                        || client.endsWith("-global-consumer")) {
                    continue;
                }
                String topic = name.tags().get("topic");
                String partition = name.tags().get("partition");
                Object value = e.getValue().metricValue();
                if (topic == null || partition == null || !(value instanceof Double lag) || lag.isNaN()) {
                    continue;
                }
                fresh.merge(key(topic, Integer.parseInt(partition)), (long) Math.max(0, lag), Math::max);
            }
            lags = Map.copyOf(fresh);
            refreshedAtMillis = now;
        }
    }

    /** Older clients write dots in topic tags as underscores; both spellings name the same partition here. */
    private static String key(String topic, int partition) {
        return topic.replace('.', '_') + "-" + partition;
    }
}
