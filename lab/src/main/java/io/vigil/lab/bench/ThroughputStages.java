package io.vigil.lab.bench;

import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.topology.DetectionMetrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The stages that drain a pre-loaded backlog ({@link DrainStage}): pass-through and card detection, each with a
 * fresh application id, state directory and output topic, all deleted after the stage; and the unmeasured
 * warm-up that runs both before anything is timed.
 */
final class ThroughputStages {

    private static final int WARM_UP_EVENTS = 250_000;
    static final int MIN_WARM_UP_ROUNDS = 2;
    static final int MAX_WARM_UP_ROUNDS = 5;
    /** Two warm-up rounds whose detection rates differ by at most this share of the larger have settled. */
    static final double SETTLED = 0.15;

    private final BenchCluster cluster;
    private final Map<String, Object> clients;
    private final PrintStream out;

    ThroughputStages(BenchCluster cluster, Map<String, Object> clients, PrintStream out) {
        this.cluster = cluster;
        this.clients = clients;
        this.out = out;
    }

    /**
     * Runs both stream topologies over the start of the backlog, unmeasured, until the machine has settled. The first
     * exactly-once application on a fresh broker creates and loads the transaction log, which stalls its first
     * transactions for seconds; and the JIT compiles the hot paths, the broker's included, for minutes on two cores.
     * Neither belongs to whichever stage happens to run first. One round over a quarter of a million events still
     * left every stage of the first repetition 16% to 61% slower than its median, so rounds repeat until two in a
     * row drain detection at rates within {@link #SETTLED} of each other (at least {@link #MIN_WARM_UP_ROUNDS}, at
     * most {@link #MAX_WARM_UP_ROUNDS}).
     */
    void warmUp(Backlog backlog, VigilConfig base, BenchSettings settings) throws Exception {
        int count = Math.min(WARM_UP_EVENTS, backlog.size() / 2);
        String topic = cluster.topic("warm-up");
        out.printf(Locale.ROOT, "Warm-up (not measured): pass-through and detection, exactly_once_v2, over %,d events, "
                + "in %d to %d rounds until detection's rate settles%n", count, MIN_WARM_UP_ROUNDS, MAX_WARM_UP_ROUNDS);
        cluster.createTopics(List.of(topic));
        Map<String, Object> props = LoadGenerator.producerProperties(clients);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            backlog.sendFirst(count, producer, topic, sent -> { });
        }
        DrainStage drain = new DrainStage(cluster.admin(), cluster.endOffsets(topic), settings.stageTimeout(),
                new PrintStream(OutputStream.nullOutputStream()));
        ThroughputStages quiet = new ThroughputStages(cluster, clients, new PrintStream(OutputStream.nullOutputStream()));
        try {
            double previous = 0;
            for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
                quiet.passThrough(drain, base, "warm-up-pass-through", topic, settings.threads(), round);
                double rate = quiet.cardDetection(drain, base, "warm-up-detection", topic,
                        ProcessingGuarantee.EXACTLY_ONCE_V2, settings.threads(), round, streams -> { })
                        .result().eventsPerSec();
                out.printf(Locale.ROOT, "  warm-up round %d: detection drained at %,.0f events/s%n", round, rate);
                if (round >= MIN_WARM_UP_ROUNDS && settled(previous, rate)) {
                    break;
                }
                previous = rate;
            }
        } finally {
            cluster.deleteTopics(List.of(topic));
        }
    }

    /** Whether two successive warm-up rates agree within {@link #SETTLED}. */
    static boolean settled(double previous, double rate) {
        return previous > 0 && rate > 0 && Math.abs(rate - previous) <= SETTLED * Math.max(rate, previous);
    }

    DrainStage.Result passThrough(DrainStage drain, VigilConfig base, String stage, String input, int threads, int rep)
            throws Exception {
        String output = cluster.topic(stage + "-" + rep);
        cluster.createTopics(List.of(output));
        // The pass-through reads only its input; the configuration still names a telemetry topic, never created.
        Properties props = BenchCluster.streamsProperties(cluster.stageConfig(base, stage, rep, input,
                cluster.topic(stage + "-" + rep + ".unused"), output, ProcessingGuarantee.EXACTLY_ONCE_V2, threads));
        try {
            return drain.run(stage, PassThroughTopology.build(input, output), props, streams -> { });
        } finally {
            BenchCluster.deleteStateDir(props);
            cluster.deleteTopics(List.of(output));
        }
    }

    /**
     * The state floor ({@link StateFloorTopology}) draining {@code input} under exactly-once: one read and one
     * write of a {@code stateBytes} value per record, in the store kind and with the caching the configuration sets.
     */
    DrainStage.Result stateFloor(DrainStage drain, VigilConfig base, String stage, String input, int threads, int rep,
                                 int stateBytes) throws Exception {
        VigilConfig config = cluster.stageConfig(base, stage, rep, input, cluster.topic(stage + "-" + rep + ".unused"),
                cluster.topic(stage + "-" + rep + ".unused-alerts"), ProcessingGuarantee.EXACTLY_ONCE_V2, threads);
        Properties props = BenchCluster.streamsProperties(config);
        try {
            return drain.run(stage, StateFloorTopology.build(input, config.streams().storeType(),
                    config.streams().cacheMaxBytes() > 0, stateBytes), props, streams -> { });
        } finally {
            BenchCluster.deleteStateDir(props);
        }
    }

    /**
     * Card detection draining {@code input}; {@code whenDrained} sees the still-running application (for the state
     * sizes). Returns the drain and the alerts it raised.
     */
    Detection cardDetection(DrainStage drain, VigilConfig base, String stage, String input,
                            ProcessingGuarantee guarantee, int threads, int rep, Consumer<KafkaStreams> whenDrained)
            throws Exception {
        String alerts = cluster.topic(stage + "-" + rep + ".alerts");
        cluster.createTopics(List.of(alerts));
        VigilConfig config = cluster.stageConfig(base, stage, rep, input, cluster.topic("telemetry"), alerts,
                guarantee, threads);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties props = BenchCluster.streamsProperties(config);
        try {
            DrainStage.Result result = drain.run(stage, BenchTopologies.cardDetection(config, clients, meters), props,
                    whenDrained);
            long alertCount = alerts(meters);
            out.printf(Locale.ROOT, "  [%s] %,d alerts raised%n", stage, alertCount);
            return new Detection(result, alertCount);
        } finally {
            BenchCluster.deleteStateDir(props);
            cluster.deleteTopics(List.of(alerts));
        }
    }

    /**
     * Device detection and escalation draining the telemetry backlog in {@code input}; timed to lag 0 on the
     * readings (escalation reads the stage's own alerts as they are committed, a small fraction of the records).
     */
    Detection telemetryDetection(DrainStage drain, VigilConfig base, String stage, String input, int threads, int rep,
                                 Consumer<KafkaStreams> whenDrained) throws Exception {
        String alerts = cluster.topic(stage + "-" + rep + ".alerts");
        String incidents = cluster.topic(stage + "-" + rep + ".incidents");
        cluster.createTopics(List.of(alerts, incidents));
        VigilConfig config = cluster.stageConfig(base, stage, rep, cluster.topic("transactions"), input, alerts,
                ProcessingGuarantee.EXACTLY_ONCE_V2, threads);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties props = BenchCluster.streamsProperties(config);
        try {
            DrainStage.Result result = drain.run(stage, BenchTopologies.telemetryAndEscalation(config, clients, meters),
                    props, whenDrained);
            long alertCount = alerts(meters);
            out.printf(Locale.ROOT, "  [%s] %,d alerts raised%n", stage, alertCount);
            return new Detection(result, alertCount);
        } finally {
            BenchCluster.deleteStateDir(props);
            cluster.deleteTopics(List.of(alerts, incidents));
        }
    }

    static long alerts(SimpleMeterRegistry meters) {
        return (long) meters.find(DetectionMetrics.ALERTS).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A detection drain and the alerts it raised. */
    record Detection(DrainStage.Result result, long alerts) {
    }
}
