package io.vigil.lab.bench;

import io.vigil.loadgen.LoadGenerator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The producer stages: loading the backlog into the input topic, and the producer ceiling (the same backlog sent
 * again at full speed by a plain producer with {@code vigil generate}'s settings, into a topic of its own).
 */
final class ProducerStage {

    private static final Duration PRINT_EVERY = Duration.ofSeconds(1);

    private final BenchCluster cluster;
    private final Map<String, Object> clients;
    private final PrintStream out;

    ProducerStage(BenchCluster cluster, Map<String, Object> clients, PrintStream out) {
        this.cluster = cluster;
        this.clients = clients;
        this.out = out;
    }

    ProducerRun ceiling(Backlog backlog, int rep) throws Exception {
        String topic = cluster.topic("producer-ceiling-" + rep);
        cluster.createTopics(List.of(topic));
        ProducerRun run = send(backlog, topic);
        out.printf(Locale.ROOT, "  [producer-ceiling] sent %,d events (%,d MiB) in %.2f s: %,.0f events/s%n",
                run.events(), run.bytes() >> 20, run.seconds(), run.eventsPerSec());
        cluster.deleteTopics(List.of(topic));
        return run;
    }

    ProducerRun send(Backlog backlog, String topic) {
        Map<String, Object> props = LoadGenerator.producerProperties(clients);
        HeapWatch heap = new HeapWatch();
        long[] lastPrint = {System.nanoTime()};
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // The producer is created outside the timing: its metadata fetch is start-up, not throughput.
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            backlog.sendAll(producer, topic, sent -> {
                heap.sample();
                long now = System.nanoTime();
                if (now - lastPrint[0] >= PRINT_EVERY.toNanos()) {
                    double seconds = (now - start) / 1e9;
                    out.printf(Locale.ROOT, "  [producer %4.1fs] sent %,d / %,d | %,.0f events/s%n", seconds, sent,
                            backlog.size(), sent / seconds);
                    lastPrint[0] = now;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ProducerRun(backlog.size(), backlog.valueBytes(), seconds, heap.peakBytes());
        }
    }
}
