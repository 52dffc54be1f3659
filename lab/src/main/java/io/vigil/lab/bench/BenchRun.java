package io.vigil.lab.bench;

import io.vigil.config.HumanFormat;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.RuleSet;
import io.vigil.config.VigilConfig;
import io.vigil.loadgen.InjectionParameters;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.serdes.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code vigil bench} run on one cluster: load the backlog once, then for each repetition the producer
 * ceiling, the pass-through under exactly-once, full detection under exactly-once and under at-least-once, each
 * draining the same backlog with a fresh {@code application.id} and state directory; then the latency stage at a
 * share of the measured detection rate. Everything it creates is named {@code vigil-bench-<run id>...} and is
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
        ProducerStage producer = new ProducerStage(cluster, clients, out);
        ThroughputStages drains = new ThroughputStages(cluster, clients, out);
        LatencyStage latency = new LatencyStage(cluster, settings, clients, out);
        try {
            // Detection reads the rules (a global store) and the actions (the blocked-cards table): both stay empty,
            // so the default rules are in force and no card is blocked, but every event pays for the lookups.
            cluster.createTopics(List.of(input, cluster.dlq(), cluster.rulesTopic(), cluster.actionsTopic()));
            Backlog backlog = generateBacklog(input);
            BenchReport report = new BenchReport(settings, SettingsDescription.of(settings, env), backlog);
            Map<TopicPartition, Long> ends = loadBacklog(cluster, producer, backlog, input, report);
            drains.warmUp(backlog, base, settings);
            DrainStage drain = new DrainStage(cluster.admin(), ends, settings.stageTimeout(), out);

            for (int rep = 1; rep <= settings.repeat(); rep++) {
                String round = round(rep);
                out.println("Stage 1: producer ceiling" + round);
                report.producerCeiling(producer.ceiling(backlog, rep));
                out.println("Stage 2: pass-through, exactly_once_v2" + round);
                report.passThroughEos(drains.passThrough(drain, base, "pass-through-eos", input, settings.threads(),
                        rep));
                for (ProcessingGuarantee guarantee : List.of(ProcessingGuarantee.EXACTLY_ONCE_V2,
                        ProcessingGuarantee.AT_LEAST_ONCE)) {
                    boolean eos = guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2;
                    String stage = eos ? "detection-eos" : "detection-alos";
                    out.println((eos ? "Stage 3: full detection, exactly_once_v2" : "Stage 4: full detection, "
                            + "at_least_once") + round);
                    ThroughputStages.Detection detection = drains.cardDetection(drain, base, stage, input, guarantee,
                            settings.threads(), rep, eos && rep == 1
                                    ? streams -> report.stateSizes(StateSizes.sample(streams))
                                    : streams -> { });
                    report.alerts(stage, detection.alerts());
                    if (eos) {
                        report.detectionEos(detection.result());
                    } else {
                        report.detectionAlos(detection.result());
                    }
                }
            }
            double rate = settings.latencyLoad() * report.detectionEos().median();
            for (int rep = 1; rep <= settings.repeat(); rep++) {
                out.printf(Locale.ROOT, "Stage 5: latency at %.0f%% of full detection, %,.0f events/s for %s%s%n",
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

    private String round(int rep) {
        return settings.repeat() > 1 ? String.format(Locale.ROOT, " (%d of %d)", rep, settings.repeat()) : "";
    }

    private Backlog generateBacklog(String input) {
        ScenarioConfig scenario = backlogScenario();
        out.printf(Locale.ROOT, "Generating the backlog: %,d fraud-scenario events over %,d cards, %s injections "
                        + "per minute per pattern (seed %d)...%n", settings.events(), settings.cards(),
                HumanFormat.number(settings.injectionsPerMinute()), settings.seed());
        long start = System.nanoTime();
        SpecificAvroSerializer<SpecificRecord> serializer = new SpecificAvroSerializer<>();
        serializer.configure(clients, false);
        Backlog backlog = Backlog.generate(scenario, settings.events(), serializer, input,
                n -> out.printf(Locale.ROOT, "  generated %,d%n", n));
        serializer.close();
        out.printf(Locale.ROOT, "  %,d events (%,d distinct cards, %,d bytes of Avro, %d bytes each on average, "
                        + "%,d complete injections) in %.1f s%n", backlog.size(), backlog.distinctKeys(),
                backlog.valueBytes(), backlog.valueBytes() / backlog.size(), backlog.groundTruth().injections().size(),
                (System.nanoTime() - start) / 1e9);
        return backlog;
    }

    /**
     * The backlog's scenario: event time ends about now (so no broker retention can touch it) and runs at
     * {@code scenarioEventsPerSec}, so each card's windows hold what they would in production at that rate.
     */
    private ScenarioConfig backlogScenario() {
        long spanMillis = (long) Math.ceil(settings.events() * 1000.0 / settings.scenarioEventsPerSec());
        return ScenarioConfig.defaults(settings.seed(), Instant.now().minusMillis(spanMillis))
                .withCards(settings.cards())
                .withHistory(true, 0)
                .withRate(settings.scenarioEventsPerSec())
                .withLiveEvents(settings.events())
                .withInjectionsPerMinute(settings.injectionsPerMinute())
                .withRules(base.rules());
    }

    private Map<TopicPartition, Long> loadBacklog(BenchCluster cluster, ProducerStage producer, Backlog backlog,
                                                  String input, BenchReport report) throws Exception {
        out.printf(Locale.ROOT, "Loading the backlog into %s (%d partitions)...%n", input, base.topics().partitions());
        ProducerRun load = producer.send(backlog, input);
        out.printf(Locale.ROOT, "  loaded in %.1f s (%,.0f events/s)%n", load.seconds(), load.eventsPerSec());
        Map<TopicPartition, Long> ends = cluster.endOffsets(input);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        if (total != backlog.size()) {
            throw new IllegalStateException("The input topic " + input + " holds " + total + " records, expected "
                    + backlog.size());
        }
        report.backlogLoad(load);
        return ends;
    }
}
