package io.vigil.lab.bench;

import io.vigil.config.HumanFormat;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.RuleSet;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.InjectionParameters;
import io.vigil.runtime.KafkaEnvironment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code vigil bench} run on one cluster: load the card backlog and the telemetry backlog once, then for each
 * repetition the producer ceiling, the pass-through under exactly-once, card detection under exactly-once and
 * under at-least-once, the pass-through of the telemetry backlog and device detection with escalation, each drain
 * with a fresh {@code application.id} and state directory (every other repetition in reverse order); then the
 * latency stage at a share of the measured card-detection rate. Everything it creates is named {@code vigil-bench-<run id>...} and is
 * deleted at the end ({@link BenchCluster}), so a run against a real cluster leaves nothing behind.
 */
public final class BenchRun {

    /** A serialized transaction and its array header, with room to spare: for the memory check. */
    private static final long BYTES_PER_BACKLOG_EVENT = 200;

    private final KafkaEnvironment env;
    private final BenchSettings settings;
    private final PrintStream out;
    private final VigilConfig base;
    private final Map<String, Object> clients;

    public BenchRun(KafkaEnvironment env, BenchSettings settings, PrintStream out) {
        this.env = env;
        this.settings = settings;
        this.out = out;
        this.base = env.config();
        this.clients = env.clientProperties();
    }

    /** Fails before anything starts when the backlog cannot fit the heap with room for everything else. */
    public static void checkHeap(int events) {
        long max = HeapWatch.maxBytes();
        long needed = events * BYTES_PER_BACKLOG_EVENT;
        if (max > 0 && needed > max / 3) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--events %,d needs about %,d MiB of heap for the backlog, more than a third of the %,d MiB this "
                            + "JVM has; lower --events or raise -Xmx (VIGIL_JAVA_OPTS)", events, needed >> 20, max >> 20));
        }
    }

    /**
     * The fewest cards normal traffic at {@code eventsPerSec} can use: each card buys at most once per the rules'
     * normal-traffic gap, and the generator keeps a quarter of the cards free.
     */
    public static long cardsNeeded(double eventsPerSec, RuleSet rules) {
        double gapSeconds = InjectionParameters.from(rules).normalMinGap().toMillis() / 1000.0;
        return (long) Math.ceil(eventsPerSec * gapSeconds / 0.8);
    }

    public BenchReport run() throws Exception {
        BenchCluster cluster = new BenchCluster(env.admin(), base);
        String input = cluster.topic("transactions");
        String telemetryInput = cluster.topic("telemetry");
        ProducerStage producer = new ProducerStage(cluster, clients, out);
        ThroughputStages drains = new ThroughputStages(cluster, clients, out);
        LatencyStage latency = new LatencyStage(cluster, settings, clients, out);
        BacklogSetup backlogs = new BacklogSetup(settings, base, clients, out);
        try {
            // Detection reads the rules (a global store) and the actions (the blocked-cards table): both stay empty,
            // so the default rules are in force and no card is blocked, but every event pays for the lookups.
            cluster.createTopics(List.of(input, telemetryInput, cluster.dlq(), cluster.rulesTopic(),
                    cluster.actionsTopic()));
            Backlog backlog = backlogs.transactions(input);
            Backlog telemetry = backlogs.telemetry(telemetryInput);
            BenchReport report = new BenchReport(settings, SettingsDescription.of(settings, env), backlog, telemetry);
            DrainStage drain = new DrainStage(cluster.admin(), backlogs.load(cluster, producer, backlog, input, report),
                    settings.stageTimeout(), out);
            DrainStage telemetryDrain = new DrainStage(cluster.admin(),
                    backlogs.load(cluster, producer, telemetry, telemetryInput, null), settings.stageTimeout(), out);
            drains.warmUp(backlog, base, settings);

            for (int rep = 1; rep <= settings.repeat(); rep++) {
                int r = rep;
                List<Stage> stages = new ArrayList<>(List.of(
                        new Stage("Stage 1: producer ceiling", () -> report.producerCeiling(producer.ceiling(backlog, r))),
                        new Stage("Stage 2: pass-through, exactly_once_v2", () -> report.passThroughEos(
                                drains.passThrough(drain, base, "pass-through-eos", input, settings.threads(), r))),
                        new Stage("Stage 2b: state floor, exactly_once_v2", () -> report.stateFloorEos(
                                drains.stateFloor(drain, base, "state-floor-eos", input, settings.threads(), r,
                                        settings.floorStateBytes()))),
                        new Stage("Stage 3: full detection, exactly_once_v2", () -> cardDetection(drains, drain,
                                input, ProcessingGuarantee.EXACTLY_ONCE_V2, r, report)),
                        new Stage("Stage 4: full detection, at_least_once", () -> cardDetection(drains, drain, input,
                                ProcessingGuarantee.AT_LEAST_ONCE, r, report)),
                        new Stage("Stage 5: pass-through of the telemetry backlog, exactly_once_v2", () ->
                                report.passThroughTelemetryEos(drains.passThrough(telemetryDrain, base,
                                        "pass-through-telemetry-eos", telemetryInput, settings.threads(), r))),
                        new Stage("Stage 6: device detection and escalation, exactly_once_v2", () ->
                                telemetryDetection(drains, telemetryDrain, telemetryInput, r, report))));
                // Every other repetition runs the stages in reverse, so no stage always runs on a warmer machine
                // (JIT, page cache, the broker's log segments) or always right after the heaviest one.
                if (rep % 2 == 0) {
                    Collections.reverse(stages);
                }
                for (Stage stage : stages) {
                    out.println(stage.title() + round(rep));
                    stage.body().run();
                }
            }
            double rate = settings.latencyLoad() * report.detectionEos().median();
            for (int rep = 1; rep <= settings.repeat(); rep++) {
                out.printf(Locale.ROOT, "Stage 7: latency at %.0f%% of full detection, %,.0f events/s for %s%s%n",
                        settings.latencyLoad() * 100, rate, HumanFormat.duration(settings.latencyDuration()),
                        round(rep));
                report.latency(latency.run(base, "latency", settings.threads(), rate, rep));
            }
            report.heap(HeapWatch.maxBytes(), HeapWatch.liveBytesAfterGc());
            return report;
        } finally {
            cluster.cleanUp();
        }
    }

    private void cardDetection(ThroughputStages drains, DrainStage drain, String input, ProcessingGuarantee guarantee,
                               int rep, BenchReport report) throws Exception {
        boolean eos = guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2;
        String stage = eos ? "detection-eos" : "detection-alos";
        ThroughputStages.Detection detection = drains.cardDetection(drain, base, stage, input, guarantee,
                settings.threads(), rep, eos && rep == 1
                        ? streams -> report.cardState(StateSizes.cards(streams), StoreEntries.of(streams))
                        : streams -> { });
        report.alerts(stage, detection.alerts());
        if (eos) {
            report.detectionEos(detection.result());
        } else {
            report.detectionAlos(detection.result());
        }
    }

    private void telemetryDetection(ThroughputStages drains, DrainStage drain, String input, int rep,
                                    BenchReport report) throws Exception {
        String stage = "telemetry-eos";
        ThroughputStages.Detection detection = drains.telemetryDetection(drain, base, stage, input,
                settings.threads(), rep, rep == 1
                        ? streams -> report.deviceState(StateSizes.devices(streams), StoreEntries.of(streams))
                        : streams -> { });
        report.alerts(stage, detection.alerts());
        report.telemetryEos(detection.result());
    }

    private String round(int rep) {
        return settings.repeat() > 1 ? String.format(Locale.ROOT, " (%d of %d)", rep, settings.repeat()) : "";
    }

    /** One measured stage of a repetition: its heading and what it runs. */
    private record Stage(String title, StageBody body) {
    }

    @FunctionalInterface
    private interface StageBody {
        void run() throws Exception;
    }
}
