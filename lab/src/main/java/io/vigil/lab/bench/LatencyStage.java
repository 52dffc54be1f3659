package io.vigil.lab.bench;

import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.SendProgress;
import io.vigil.loadgen.Ticker;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.VigilSerdes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The latency stage: open-loop fraud-scenario load at a given rate through card detection under exactly-once,
 * each OPEN alert timed from its event's timestamp to the moment a {@code read_committed} consumer sees it.
 */
final class LatencyStage {

    private static final Logger log = LoggerFactory.getLogger(LatencyStage.class);
    private static final Duration START_AHEAD = Duration.ofSeconds(2);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_JOIN = Duration.ofSeconds(10);
    private static final Duration CAUGHT_UP_POLL = Duration.ofMillis(200);
    /** Polls in a row with lag 0 and no new alert before the stage counts as caught up. */
    private static final int QUIET_POLLS = 5;
    /** The stage's rate is only known at run time: give its card population some room above the minimum. */
    private static final double CARD_MARGIN = 1.2;

    private final BenchCluster cluster;
    private final BenchSettings settings;
    private final Map<String, Object> clients;
    private final PrintStream out;

    LatencyStage(BenchCluster cluster, BenchSettings settings, Map<String, Object> clients, PrintStream out) {
        this.cluster = cluster;
        this.settings = settings;
        this.clients = clients;
        this.out = out;
    }

    /** One latency run of {@code base}'s settings with {@code threads} stream threads, named {@code stage}. */
    LatencyRun run(VigilConfig base, String stage, int threads, double rate, int rep) throws Exception {
        String input = cluster.topic(stage + "-" + rep + ".transactions");
        String alerts = cluster.topic(stage + "-" + rep + ".alerts");
        cluster.createTopics(List.of(input, alerts));
        VigilConfig config = cluster.stageConfig(base, stage, rep, input, cluster.topic("telemetry"), alerts,
                ProcessingGuarantee.EXACTLY_ONCE_V2, threads);
        Properties props = BenchCluster.streamsProperties(config);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        VigilSerdes serdes = new VigilSerdes(config.topics(), clients);
        try (StreamInstance instance = new StreamInstance(stage,
                BenchTopologies.cardDetection(config, clients, meters), props).leavingGroupOnClose();
             LatencyProbe probe = new LatencyProbe(clients, alerts, serdes.alerts().valueSerde().deserializer());
             Producer<String, SpecificRecord> producer = LoadGenerator.createProducer(clients)) {
            instance.start();
            Thread probeThread = new Thread(probe, "vigil-bench-latency-probe");
            probeThread.setDaemon(true);
            probeThread.start();
            instance.awaitRunning(START_TIMEOUT);
            probe.awaitPositioned(PROBE_TIMEOUT);

            long liveEvents = (long) Math.ceil(rate * settings.latencyDuration().toNanos() / 1e9);
            int cards = (int) Math.max(settings.cards(),
                    Math.ceil(BenchRun.cardsNeeded(rate, config.rules()) * CARD_MARGIN));
            ScenarioConfig scenario = ScenarioConfig.defaults(settings.seed() + rep, Instant.now().plus(START_AHEAD))
                    .withCards(cards)
                    .withHistory(true, 0)
                    .withRate(rate)
                    .withLiveEvents(liveEvents)
                    .withInjectionsPerMinute(settings.latencyInjectionsPerMinute())
                    .withRules(config.rules());
            probe.timeFrom(scenario.start().toEpochMilli());
            LoadGenerator generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(),
                    p -> printProgress(p, probe, instance));
            // The duration counts from the sender's start, which waits for the scenario's start: add that wait, so
            // that the load runs for the whole duration (the scenario's event count ends it).
            LoadGenerator.Report sent = generator.run(new FraudScenario(scenario), Long.MAX_VALUE,
                    settings.latencyDuration().plus(START_AHEAD));
            long endNanos = System.nanoTime();
            if (sent.live().failed() + sent.history().failed() > 0) {
                throw new IllegalStateException("The latency stage could not send " + sent.live().failed()
                        + " events: " + sent.live().firstError().map(Throwable::toString).orElse("?"));
            }
            awaitCaughtUp(stage, config.streams().applicationId(), input, probe, instance);
            probe.close();
            probeThread.join(PROBE_JOIN.toMillis());
            long waitedMillis = Math.max(0, scenario.start().toEpochMilli() - liveStartMillis(sent, endNanos));
            double liveSeconds = Math.max(1e-3, sent.live().elapsed().toMillis() - waitedMillis) / 1000.0;
            LatencyRun run = new LatencyRun(probe.latency(), rate, sent.live().acknowledged() / liveSeconds,
                    sent.live().maxBehind().toMillis(), sent.eventTimeLag().toMillis(), probe.alerts());
            out.printf(Locale.ROOT, "  [%s] %,d alerts timed: p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms "
                            + "(sent %,.0f events/s, at most %d ms behind schedule)%n", stage,
                    run.histogram().getTotalCount(), run.p50(), run.p99(), run.p999(),
                    run.histogram().getMaxValue(), run.achievedPerSec(), run.maxBehindMs());
            if (run.eventTimeLagMs() > 0) {
                out.printf(Locale.ROOT, "  [%s] note: live event time started %d ms behind the wall clock, which "
                        + "the latencies include%n", stage, run.eventTimeLagMs());
            }
            return run;
        } finally {
            BenchCluster.deleteStateDir(props);
            cluster.deleteTopics(List.of(input, alerts));
        }
    }

    /** Wall-clock time at which the live phase's sender started, from its elapsed time and when it returned. */
    private static long liveStartMillis(LoadGenerator.Report sent, long endNanos) {
        long elapsedSinceEndMillis = (System.nanoTime() - endNanos) / 1_000_000;
        return System.currentTimeMillis() - elapsedSinceEndMillis - sent.live().elapsed().toMillis();
    }

    private void printProgress(SendProgress p, LatencyProbe probe, StreamInstance instance) {
        if (Double.isNaN(p.targetPerSecond())) {
            return;
        }
        var h = probe.latency();
        out.printf(Locale.ROOT, "  [latency %4ds] sent %,d | %,.0f/s (target %,.0f/s) | behind %,d ms | alerts %,d | "
                        + "p99 so far %s ms | %s%n", p.elapsed().toSeconds(), p.sent(), p.achievedPerSecond(),
                p.targetPerSecond(), p.behind().toMillis(), probe.alerts(),
                h.getTotalCount() == 0 ? "-" : String.valueOf(h.getValueAtPercentile(99)), instance.state());
    }

    /** After the load stops: waits until the input is committed and no new alert has arrived for a second. */
    private void awaitCaughtUp(String stage, String groupId, String input, LatencyProbe probe, StreamInstance instance)
            throws Exception {
        Map<TopicPartition, Long> ends = cluster.endOffsets(input);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long lastAlerts = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            if (instance.failure() != null || instance.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("Stage " + stage + ": the stream application failed: "
                        + instance.failure(), instance.failure());
            }
            long alerts = probe.alerts();
            quiet = cluster.lag(groupId, ends) == 0 && alerts == lastAlerts ? quiet + 1 : 0;
            if (quiet >= QUIET_POLLS) {
                return;
            }
            lastAlerts = alerts;
            Thread.sleep(CAUGHT_UP_POLL.toMillis());
        }
        log.warn("The latency stage had not caught up {} after the load stopped; alerts still pending are not timed",
                DRAIN_TIMEOUT);
    }
}
