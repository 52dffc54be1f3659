package io.vigil.lab.bench;

import io.vigil.config.HumanFormat;
import io.vigil.config.KafkaSettings;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.runtime.KafkaEnvironment;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vigil bench --ab}: several configurations measured interleaved on one broker over one backlog. Each
 * repetition runs, for every variant in turn, the pass-through, the state floor ({@link StateFloorTopology}) and
 * card detection under exactly-once with that variant's settings; every other repetition runs them in reverse order, so that none always runs first or last. Then each variant's latency at one common rate (a share of the first variant's
 * detection rate), so that latencies compare at equal load.
 */
public final class AbRun {

    private final KafkaEnvironment env;
    private final BenchSettings settings;
    private final List<BenchVariant> variants;
    private final PrintStream out;

    /** @param variants the first is the baseline the others' ratios refer to */
    public AbRun(KafkaEnvironment env, BenchSettings settings, List<BenchVariant> variants, PrintStream out) {
        this.env = env;
        this.settings = settings;
        // Variants are loaded before the cluster starts: they get its addresses (the embedded broker's, by default).
        KafkaSettings cluster = env.config().kafka();
        this.variants = variants.stream().map(v -> new BenchVariant(v.name(), v.settings(), v.config().withKafka(
                new KafkaSettings(cluster.bootstrapServers(), cluster.schemaRegistryUrl(),
                        v.config().kafka().properties())), v.threads())).toList();
        this.out = out;
    }

    public AbReport run() throws Exception {
        Map<String, Object> clients = env.clientProperties();
        BenchCluster cluster = new BenchCluster(env.admin(), env.config());
        String input = cluster.topic("transactions");
        ProducerStage producer = new ProducerStage(cluster, clients, out);
        ThroughputStages drains = new ThroughputStages(cluster, clients, out);
        LatencyStage latency = new LatencyStage(cluster, settings, clients, out);
        BacklogSetup backlogs = new BacklogSetup(settings, env.config(), clients, out);
        AbReport report = new AbReport(settings, SettingsDescription.of(settings, env), variants);
        try {
            cluster.createTopics(List.of(input, cluster.dlq(), cluster.rulesTopic(), cluster.actionsTopic()));
            Backlog backlog = backlogs.transactions(input);
            DrainStage drain = new DrainStage(cluster.admin(), backlogs.load(cluster, producer, backlog, input, null),
                    settings.stageTimeout(), out);
            drains.warmUp(backlog, env.config(), settings);
            for (int rep = 1; rep <= settings.repeat(); rep++) {
                for (BenchVariant variant : order(rep)) {
                    out.printf(Locale.ROOT, "Variant %s (%s), repetition %d of %d%n", variant.name(),
                            variant.settings().isEmpty() ? "baseline" : variant.settings(), rep, settings.repeat());
                    String name = "ab-" + variant.name();
                    report.passThrough(variant, drains.passThrough(drain, variant.config(), name + "-pass-through",
                            input, variant.threads(), rep));
                    report.stateFloor(variant, drains.stateFloor(drain, variant.config(), name + "-state-floor",
                            input, variant.threads(), rep, settings.floorStateBytes()));
                    report.detection(variant, drains.cardDetection(drain, variant.config(), name + "-detection",
                            input, ProcessingGuarantee.EXACTLY_ONCE_V2, variant.threads(), rep, streams -> { })
                            .result());
                }
            }
            double rate = settings.latencyLoad() * report.detectionMedian(variants.get(0));
            for (BenchVariant variant : order(1)) {
                out.printf(Locale.ROOT, "Variant %s: latency at %,.0f events/s for %s%n", variant.name(), rate,
                        HumanFormat.duration(settings.latencyDuration()));
                report.latency(variant, latency.run(variant.config(), "ab-" + variant.name() + "-latency",
                        variant.threads(), rate, 1));
            }
            return report;
        } finally {
            cluster.cleanUp();
        }
    }

    /**
     * Repetition {@code rep}'s order: every even repetition reverses the one before, so over each pair every variant
     * sits on average mid-run (rotating as well would cancel the reversal for the first variant: the baseline would
     * run first every time); every pair rotates by one more.
     */
    private List<BenchVariant> order(int rep) {
        List<BenchVariant> order = new ArrayList<>(variants);
        Collections.rotate(order, -((rep - 1) / 2));
        if (rep % 2 == 0) {
            Collections.reverse(order);
        }
        return order;
    }
}
