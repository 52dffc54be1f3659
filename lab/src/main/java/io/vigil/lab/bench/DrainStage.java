package io.vigil.lab.bench;

import io.vigil.topology.StreamInstance;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one Kafka Streams application over the pre-loaded backlog until it has drained it, and times the drain.
 *
 * <p>How a drain is timed: it starts when the first record is processed (the stream threads' {@code process-total}
 * metric leaves zero, polled every 20 ms from the moment the instance starts, not from when it reports RUNNING,
 * which can come after one thread has already drained its partitions), so start-up, group join and task
 * assignment are not counted; it ends
 * when the application's consumer group has committed the end offset of every input partition (consumer-group
 * lag 0, polled every 100 ms). Under exactly-once the committed offsets move with each transaction, so lag 0
 * means every input record's effects (output, state changelog) are committed. Both polls add their interval to
 * the measured time at most, under 2% for drains of several seconds.
 */
final class DrainStage {

    private static final long METRIC_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LAG_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PRINT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One drain.
     *
     * @param events        records in the backlog
     * @param seconds       from the first record processed to consumer-group lag 0
     * @param peakHeapBytes the most heap in use at any sample during the drain, for the whole process
     */
    record Result(String stage, long events, double seconds, long peakHeapBytes) {
        double eventsPerSec() {
            return events / seconds;
        }
    }

    private final Admin admin;
    private final Map<TopicPartition, Long> endOffsets;
    private final long events;
    private final Duration timeout;
    private final PrintStream out;

    /**
     * @param endOffsets the input topic's end offset per partition: the backlog
     * @param timeout    how long a drain may take before the stage fails
     */
    DrainStage(Admin admin, Map<TopicPartition, Long> endOffsets, Duration timeout, PrintStream out) {
        this.admin = admin;
        this.endOffsets = Map.copyOf(endOffsets);
        this.events = endOffsets.values().stream().mapToLong(Long::longValue).sum();
        this.timeout = timeout;
        this.out = out;
    }

    /**
     * Starts {@code topology} with {@code props}, times its drain of the backlog, lets {@code whenDrained} look at
     * the still-running application (e.g. query its state store), then closes it.
     */
    Result run(String stage, Topology topology, Properties props, Consumer<KafkaStreams> whenDrained)
            throws InterruptedException, ExecutionException, TimeoutException {
        String groupId = props.getProperty("application.id");
        try (StreamInstance instance = new StreamInstance(stage, topology, props).leavingGroupOnClose()) {
            instance.start();
            // Not awaitRunning: the instance is RUNNING only once every thread has its tasks, and on a loaded machine
            // one thread can drain its partitions for seconds before the other is ready. The clock starts at the
            // first record processed, whenever that is.
            Result result = awaitDrained(stage, instance, groupId);
            whenDrained.accept(instance.streams());
            awaitJoined(instance);
            return result;
        }
    }

    private Result awaitDrained(String stage, StreamInstance instance, String groupId)
            throws InterruptedException, ExecutionException, TimeoutException {
        HeapWatch heap = new HeapWatch();
        long startNanos = System.nanoTime();
        long deadline = startNanos + START_TIMEOUT.toNanos() + timeout.toNanos();
        long firstProcessed = -1;
        long nextMetricPoll = 0;
        long nextLagPoll = 0;
        long nextPrint = startNanos + PRINT_NANOS;
        long lag = events;
        while (true) {
            failIfDead(stage, instance);
            long now = System.nanoTime();
            heap.sample();
            if (firstProcessed < 0 && now >= nextMetricPoll) {
                if (processed(instance.streams()) > 0) {
                    firstProcessed = now;
                }
                nextMetricPoll = now + METRIC_POLL_NANOS;
            }
            if (now >= nextLagPoll) {
                lag = lag(groupId);
                long polled = System.nanoTime();
                if (lag == 0 && firstProcessed >= 0) {
                    double seconds = (polled - firstProcessed) / 1e9;
                    out.printf(Locale.ROOT, "  [%s] drained %,d events in %.2f s: %,.0f events/s%n", stage, events,
                            seconds, events / seconds);
                    return new Result(stage, events, seconds, heap.peakBytes());
                }
                nextLagPoll = polled + LAG_POLL_NANOS;
            }
            if (now >= nextPrint) {
                double elapsed = firstProcessed < 0 ? 0 : (now - firstProcessed) / 1e9;
                long done = events - lag;
                out.printf(Locale.ROOT, "  [%s %4.1fs] committed %,d / %,d (lag %,d) | %,.0f events/s | heap %,d MiB%n",
                        stage, elapsed, done, events, lag, elapsed > 0 ? done / elapsed : 0.0,
                        heap.currentBytes() >> 20);
                nextPrint = now + PRINT_NANOS;
            }
            if (now > deadline) {
                throw new TimeoutException("Stage " + stage + " had not drained the backlog after " + timeout
                        + " (lag " + lag + " of " + events + "); raise --stage-timeout or lower --events");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits (at most {@link #JOIN_TIMEOUT}) for every thread to have joined the group before the instance is closed.
     * On a fresh broker one thread can drain the whole backlog while the other is still joining; closed then, that
     * thread ignores the close for up to a rebalance timeout and spins in its join loop meanwhile, taking CPU from
     * whichever stage runs next (seen in a profile: a warm-up thread busy through the producer and pass-through
     * stages). Not timed: the drain's clock has already stopped.
     */
    private static void awaitJoined(StreamInstance instance) throws InterruptedException {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        while (instance.state() == KafkaStreams.State.REBALANCING && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static void failIfDead(String stage, StreamInstance instance) {
        KafkaStreams.State state = instance.state();
        if (instance.failure() != null || state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("Stage " + stage + ": the stream application stopped (" + state + ")"
                    + (instance.failure() == null ? "" : ": " + instance.failure()), instance.failure());
        }
    }

    /** Records processed so far by all stream threads: the sum of their {@code process-total} metrics. */
    static double processed(KafkaStreams streams) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("process-total") && name.group().equals("stream-thread-metrics")) {
                Object value = entry.getValue().metricValue();
                if (value instanceof Number number) {
                    total += number.doubleValue();
                }
            }
        }
        return total;
    }

    /** End offsets minus committed offsets of {@code groupId}, summed over the input partitions. */
    long lag(String groupId) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += Math.max(0, end.getValue() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }
}
