package io.vigil.lab.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.config.Directories;
import io.vigil.config.HumanFormat;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.WritableTopics;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.RuleSet;
import io.vigil.config.StreamsSettings;
import io.vigil.config.TopicNames;
import io.vigil.config.VigilConfig;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.InjectionParameters;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.SendProgress;
import io.vigil.loadgen.Ticker;
import io.vigil.serdes.SpecificAvroSerializer;
import io.vigil.topology.DetectionMetrics;
import io.vigil.topology.LiveRules;
import io.vigil.topology.RuleSetCheck;
import io.vigil.topology.RulesMetrics;
import io.vigil.topology.RulesTopology;
import io.vigil.topology.StreamInstance;
import io.vigil.topology.StreamsProperties;
import io.vigil.topology.TransactionTopology;
import io.vigil.topology.VigilSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One {@code vigil bench} run on one cluster: load the backlog once, then for each repetition the producer
 * ceiling, the pass-through under exactly-once, full detection under exactly-once and under at-least-once, each
 * draining the same backlog with a fresh {@code application.id} and state directory; then the latency stage at a
 * share of the measured detection rate. Everything it creates is named {@code vigil-bench-<run id>...} and is
 * deleted at the end, so a run against a real cluster leaves nothing behind.
 */
public final class BenchRun {

    private static final Logger log = LoggerFactory.getLogger(BenchRun.class);
    /** A serialized transaction and its array header, with room to spare: for the memory check. */
    private static final long BYTES_PER_BACKLOG_EVENT = 200;
    private static final Duration LATENCY_START_AHEAD = Duration.ofSeconds(2);
    private static final Duration LATENCY_DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final int WARM_UP_EVENTS = 50_000;
    /** The latency stage's rate is only known at run time: give its card population some room above the minimum. */
    private static final double LATENCY_CARD_MARGIN = 1.2;

    private final KafkaEnvironment env;
    private final BenchSettings settings;
    private final PrintStream out;
    private final String prefix;
    private final VigilConfig base;
    private final Map<String, Object> clients;

    public BenchRun(KafkaEnvironment env, BenchSettings settings, PrintStream out) {
        this.env = env;
        this.settings = settings;
        this.out = out;
        this.prefix = "vigil-bench-" + Long.toString(System.currentTimeMillis(), 36);
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
        Admin admin = env.admin();
        String input = prefix + ".transactions";
        try {
            // Detection reads the rules (a global store) and the actions (the blocked-cards table): both stay empty,
            // so the default rules are in force and no card is blocked, but every event pays for the lookups.
            createTopics(admin, List.of(input, dlq(), rulesTopic(), actionsTopic()));
            Backlog backlog = generateBacklog(input);
            BenchReport report = new BenchReport(settings, describeSettings(), backlog);
            Map<TopicPartition, Long> ends = loadBacklog(backlog, input, report);
            warmUp(backlog);
            DrainStage drain = new DrainStage(admin, ends, settings.stageTimeout(), out);

            for (int rep = 1; rep <= settings.repeat(); rep++) {
                String round = settings.repeat() > 1 ? String.format(Locale.ROOT, " (%d of %d)", rep, settings.repeat()) : "";
                out.println("Stage 1: producer ceiling" + round);
                report.producerCeiling(producerCeiling(backlog, rep));
                out.println("Stage 2: pass-through, exactly_once_v2" + round);
                report.passThroughEos(passThrough(drain, input, rep));
                out.println("Stage 3: full detection, exactly_once_v2" + round);
                report.detectionEos(detection(drain, input, ProcessingGuarantee.EXACTLY_ONCE_V2, rep, report));
                out.println("Stage 4: full detection, at_least_once" + round);
                report.detectionAlos(detection(drain, input, ProcessingGuarantee.AT_LEAST_ONCE, rep, report));
            }
            double rate = settings.latencyLoad() * report.detectionEos().median();
            for (int rep = 1; rep <= settings.repeat(); rep++) {
                out.printf(Locale.ROOT, "Stage 5: latency at %.0f%% of full detection, %,.0f events/s for %s%s%n",
                        settings.latencyLoad() * 100, rate, HumanFormat.duration(settings.latencyDuration()),
                        settings.repeat() > 1 ? String.format(Locale.ROOT, " (%d of %d)", rep, settings.repeat()) : "");
                report.latency(latency(rate, rep));
            }
            report.heap(HeapWatch.maxBytes(), HeapWatch.liveBytesAfterGc());
            return report;
        } finally {
            cleanUp(admin);
        }
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

    private Map<TopicPartition, Long> loadBacklog(Backlog backlog, String input, BenchReport report)
            throws Exception {
        out.printf(Locale.ROOT, "Loading the backlog into %s (%d partitions)...%n", input, base.topics().partitions());
        ProducerRun load = send(backlog, input);
        out.printf(Locale.ROOT, "  loaded in %.1f s (%,.0f events/s)%n", load.seconds(), load.eventsPerSec());
        Map<TopicPartition, Long> ends = endOffsets(env.admin(), input);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        if (total != backlog.size()) {
            throw new IllegalStateException("The input topic " + input + " holds " + total + " records, expected "
                    + backlog.size());
        }
        report.backlogLoad(load);
        return ends;
    }

    /**
     * Runs both stream topologies once over the start of the backlog, unmeasured. The first exactly-once
     * application on a fresh broker creates and loads the transaction log, which stalls its first transactions
     * for seconds; and the JIT compiles the hot paths. Neither belongs to whichever stage happens to run first.
     */
    private void warmUp(Backlog backlog) throws Exception {
        int count = Math.min(WARM_UP_EVENTS, backlog.size() / 4);
        String topic = prefix + ".warm-up";
        out.printf(Locale.ROOT, "Warm-up (not measured): pass-through and detection, exactly_once_v2, over %,d events%n",
                count);
        createTopics(env.admin(), List.of(topic));
        Map<String, Object> props = LoadGenerator.producerProperties(clients);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            backlog.sendFirst(count, producer, topic, sent -> { });
        }
        DrainStage drain = new DrainStage(env.admin(), endOffsets(env.admin(), topic), settings.stageTimeout(),
                new PrintStream(java.io.OutputStream.nullOutputStream()));
        String output = prefix + ".warm-up-out";
        createTopics(env.admin(), List.of(output));
        Properties passThrough = streamsProperties(stageConfig("warm-up-pass-through", 0, topic, output,
                ProcessingGuarantee.EXACTLY_ONCE_V2));
        try {
            drain.run("warm-up-pass-through", PassThroughTopology.build(topic, output), passThrough, streams -> { });
        } finally {
            deleteStateDir(passThrough);
        }
        VigilConfig detection = stageConfig("warm-up-detection", 0, topic, output, ProcessingGuarantee.EXACTLY_ONCE_V2);
        Properties detectionProps = streamsProperties(detection);
        try {
            drain.run("warm-up-detection", detectionTopology(detection, new SimpleMeterRegistry()), detectionProps,
                    streams -> { });
        } finally {
            deleteStateDir(detectionProps);
            deleteTopics(env.admin(), List.of(topic, output));
        }
    }

    private ProducerRun producerCeiling(Backlog backlog, int rep) throws Exception {
        String topic = prefix + ".producer-ceiling-" + rep;
        createTopics(env.admin(), List.of(topic));
        ProducerRun run = send(backlog, topic);
        out.printf(Locale.ROOT, "  [producer-ceiling] sent %,d events (%,d MiB) in %.2f s: %,.0f events/s%n",
                run.events(), run.bytes() >> 20, run.seconds(), run.eventsPerSec());
        deleteTopics(env.admin(), List.of(topic));
        return run;
    }

    private ProducerRun send(Backlog backlog, String topic) {
        Map<String, Object> props = LoadGenerator.producerProperties(clients);
        HeapWatch heap = new HeapWatch();
        long[] lastPrint = {System.nanoTime()};
        long start = System.nanoTime();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            // The producer is created outside the timing: its metadata fetch is start-up, not throughput.
            producer.partitionsFor(topic);
            start = System.nanoTime();
            long begin = start;
            backlog.sendAll(producer, topic, sent -> {
                heap.sample();
                long now = System.nanoTime();
                if (now - lastPrint[0] >= 1_000_000_000L) {
                    double seconds = (now - begin) / 1e9;
                    out.printf(Locale.ROOT, "  [producer %4.1fs] sent %,d / %,d | %,.0f events/s%n", seconds, sent,
                            backlog.size(), sent / seconds);
                    lastPrint[0] = now;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ProducerRun(backlog.size(), backlog.valueBytes(), seconds, heap.peakBytes());
        }
    }

    private DrainStage.Result passThrough(DrainStage drain, String input, int rep) throws Exception {
        String stage = "pass-through-eos";
        String output = prefix + "." + stage + "-" + rep;
        createTopics(env.admin(), List.of(output));
        Properties props = streamsProperties(stageConfig(stage, rep, input, output,
                ProcessingGuarantee.EXACTLY_ONCE_V2));
        try {
            return drain.run(stage, PassThroughTopology.build(input, output), props, streams -> { });
        } finally {
            deleteStateDir(props);
            deleteTopics(env.admin(), List.of(output));
        }
    }

    private DrainStage.Result detection(DrainStage drain, String input, ProcessingGuarantee guarantee, int rep,
                                        BenchReport report) throws Exception {
        boolean eos = guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2;
        String stage = eos ? "detection-eos" : "detection-alos";
        String alerts = prefix + "." + stage + "-" + rep + ".alerts";
        createTopics(env.admin(), List.of(alerts));
        VigilConfig config = stageConfig(stage, rep, input, alerts, guarantee);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties props = streamsProperties(config);
        Consumer<KafkaStreams> whenDrained = eos && rep == 1
                ? streams -> report.stateSizes(StateSizes.sample(streams))
                : streams -> { };
        try {
            DrainStage.Result result = drain.run(stage, detectionTopology(config, meters), props, whenDrained);
            long alertCount = (long) meters.find(DetectionMetrics.ALERTS).counters().stream()
                    .mapToDouble(Counter::count).sum();
            out.printf(Locale.ROOT, "  [%s] %,d alerts raised%n", stage, alertCount);
            report.alerts(stage, alertCount);
            return result;
        } finally {
            deleteStateDir(props);
            deleteTopics(env.admin(), List.of(alerts));
        }
    }

    /**
     * Card-fraud detection exactly as {@code VigilTopology} wires it: the rules topic as a global store feeding
     * the rules in force, and the transaction topology following them, with the blocked-cards table from the
     * actions topic. Device detection and escalation are left out: the backlog holds only transactions, so they
     * would sit idle.
     */
    private Topology detectionTopology(VigilConfig config, SimpleMeterRegistry meters) {
        VigilSerdes serdes = new VigilSerdes(config.topics(), clients);
        Duration grace = config.streams().grace();
        LiveRules rules = new LiveRules(config.rules());
        Topology topology = new Topology();
        new RulesTopology(serdes.rules(), rules, ruleSet -> RuleSetCheck.check(ruleSet, grace),
                config.streams().storeType(), new RulesMetrics(meters, rules))
                .addTo(topology);
        new TransactionTopology(serdes.transactions(), serdes.alerts(), Optional.empty(),
                CardDetection.fromRules(config.rules(), grace), config.streams().storeType(),
                config.streams().cacheMaxBytes() > 0, meters)
                .withRules(rules, grace)
                .withBlockedCards(serdes.actions())
                .addTo(topology);
        return topology;
    }

    private LatencyRun latency(double rate, int rep) throws Exception {
        String stage = "latency";
        String input = prefix + "." + stage + "-" + rep + ".transactions";
        String alerts = prefix + "." + stage + "-" + rep + ".alerts";
        createTopics(env.admin(), List.of(input, alerts));
        VigilConfig config = stageConfig(stage, rep, input, alerts, ProcessingGuarantee.EXACTLY_ONCE_V2);
        Properties props = streamsProperties(config);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        VigilSerdes serdes = new VigilSerdes(config.topics(), clients);
        try (StreamInstance instance = new StreamInstance(stage, detectionTopology(config, meters), props);
             LatencyProbe probe = new LatencyProbe(clients, alerts, serdes.alerts().valueSerde().deserializer());
             Producer<String, SpecificRecord> producer = LoadGenerator.createProducer(clients)) {
            instance.start();
            Thread probeThread = new Thread(probe, "vigil-bench-latency-probe");
            probeThread.setDaemon(true);
            probeThread.start();
            instance.awaitRunning(Duration.ofSeconds(90));
            probe.awaitPositioned(Duration.ofSeconds(30));

            long liveEvents = (long) Math.ceil(rate * settings.latencyDuration().toNanos() / 1e9);
            int cards = (int) Math.max(settings.cards(), Math.ceil(cardsNeeded(rate, config.rules()) * LATENCY_CARD_MARGIN));
            ScenarioConfig scenario = ScenarioConfig.defaults(settings.seed() + rep, Instant.now().plus(LATENCY_START_AHEAD))
                    .withCards(cards)
                    .withHistory(true, 0)
                    .withRate(rate)
                    .withLiveEvents(liveEvents)
                    .withInjectionsPerMinute(settings.latencyInjectionsPerMinute())
                    .withRules(config.rules());
            probe.timeFrom(scenario.start().toEpochMilli());
            LoadGenerator generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(),
                    p -> printLatencyProgress(p, probe, instance));
            // The duration counts from the sender's start, which waits for the scenario's start: add that wait, so
            // that the load runs for the whole duration (the scenario's event count ends it).
            LoadGenerator.Report sent = generator.run(new FraudScenario(scenario), Long.MAX_VALUE,
                    settings.latencyDuration().plus(LATENCY_START_AHEAD));
            long endNanos = System.nanoTime();
            if (sent.live().failed() + sent.history().failed() > 0) {
                throw new IllegalStateException("The latency stage could not send " + sent.live().failed()
                        + " events: " + sent.live().firstError().map(Throwable::toString).orElse("?"));
            }
            awaitCaughtUp(stage, config.streams().applicationId(), input, probe, instance);
            probe.close();
            probeThread.join(10_000);
            long waitedMillis = Math.max(0, scenario.start().toEpochMilli() - liveStartMillis(sent, endNanos));
            double liveSeconds = Math.max(1e-3, sent.live().elapsed().toMillis() - waitedMillis) / 1000.0;
            LatencyRun run = new LatencyRun(probe.latency(), rate, sent.live().acknowledged() / liveSeconds,
                    sent.live().maxBehind().toMillis(), sent.eventTimeLag().toMillis(), probe.alerts());
            out.printf(Locale.ROOT, "  [latency] %,d alerts timed: p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms "
                            + "(sent %,.0f events/s, at most %d ms behind schedule)%n", run.histogram().getTotalCount(),
                    run.p50(), run.p99(), run.p999(), run.histogram().getMaxValue(), run.achievedPerSec(),
                    run.maxBehindMs());
            if (run.eventTimeLagMs() > 0) {
                out.printf(Locale.ROOT, "  [latency] note: live event time started %d ms behind the wall clock, which "
                        + "the latencies include%n", run.eventTimeLagMs());
            }
            return run;
        } finally {
            deleteStateDir(props);
            deleteTopics(env.admin(), List.of(input, alerts));
        }
    }

    /** Wall-clock time at which the live phase's sender started, from its elapsed time and when it returned. */
    private static long liveStartMillis(LoadGenerator.Report sent, long endNanos) {
        long elapsedSinceEndMillis = (System.nanoTime() - endNanos) / 1_000_000;
        return System.currentTimeMillis() - elapsedSinceEndMillis - sent.live().elapsed().toMillis();
    }

    private void printLatencyProgress(SendProgress p, LatencyProbe probe, StreamInstance instance) {
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
        Map<TopicPartition, Long> ends = endOffsets(env.admin(), input);
        long deadline = System.nanoTime() + LATENCY_DRAIN_TIMEOUT.toNanos();
        long lastAlerts = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            if (instance.failure() != null || instance.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("Stage " + stage + ": the stream application failed: "
                        + instance.failure(), instance.failure());
            }
            long alerts = probe.alerts();
            quiet = lag(groupId, ends) == 0 && alerts == lastAlerts ? quiet + 1 : 0;
            if (quiet >= 5) {
                return;
            }
            lastAlerts = alerts;
            Thread.sleep(200);
        }
        log.warn("The latency stage had not caught up {} after the load stopped; alerts still pending are not timed",
                LATENCY_DRAIN_TIMEOUT);
    }

    private long lag(String groupId, Map<TopicPartition, Long> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = env.admin().listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += Math.max(0, end.getValue() - (done == null ? 0 : done.offset()));
        }
        return lag;
    }

    /**
     * The configuration of one stage: the user's, with a fresh application id and state directory, this run's
     * topics, the stage's processing guarantee and the bench's thread count.
     */
    private VigilConfig stageConfig(String stage, int rep, String input, String output, ProcessingGuarantee guarantee)
            throws IOException {
        TopicNames t = base.topics();
        TopicNames topics = new TopicNames(input, prefix + ".telemetry", rulesTopic(), output,
                prefix + ".incidents", actionsTopic(), dlq(), Optional.empty(), t.partitions(),
                t.replicationFactor());
        StreamsSettings s = base.streams();
        Path stateDir = Files.createTempDirectory("vigil-bench-state-");
        StreamsSettings streams = new StreamsSettings(prefix + "-" + stage + "-" + rep, guarantee, settings.threads(),
                s.commitInterval(), stateDir, s.storeType(), s.cacheMaxBytes(), s.grace());
        return new VigilConfig(base.kafka(), topics, streams, base.rules());
    }

    private static Properties streamsProperties(VigilConfig config) {
        return StreamsProperties.forInstance(config, "bench");
    }

    private String rulesTopic() {
        return prefix + ".rules";
    }

    private String actionsTopic() {
        return prefix + ".actions";
    }

    private String dlq() {
        return prefix + ".dlq";
    }

    private Map<String, Object> describeSettings() {
        Map<String, Object> producer = LoadGenerator.producerProperties(clients);
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("events", settings.events());
        s.put("repeat", settings.repeat());
        s.put("partitions", base.topics().partitions());
        s.put("streamThreads", settings.threads());
        s.put("cards", settings.cards());
        s.put("scenarioEventsPerSec", settings.scenarioEventsPerSec());
        s.put("injectionsPerMinute", settings.injectionsPerMinute());
        s.put("latencyDurationSec", settings.latencyDuration().toMillis() / 1000.0);
        s.put("latencyLoad", settings.latencyLoad());
        s.put("latencyInjectionsPerMinute", settings.latencyInjectionsPerMinute());
        s.put("seed", settings.seed());
        s.put("commitIntervalMs", base.streams().commitInterval().toMillis());
        s.put("stateStore", base.streams().storeType().configValue());
        s.put("cacheMaxBytes", base.streams().cacheMaxBytes());
        s.put("producerAcks", String.valueOf(producer.get("acks")));
        s.put("producerCompression", String.valueOf(producer.get("compression.type")));
        s.put("producerLingerMs", String.valueOf(producer.get("linger.ms")));
        s.put("producerBatchSize", String.valueOf(producer.get("batch.size")));
        s.put("embeddedBroker", env.embedded());
        s.put("bootstrapServers", env.embedded() ? "embedded" : base.kafka().bootstrapServers().orElse(""));
        s.put("throughputMeasuredAs", "backlog events / (first record processed, from the stream threads' "
                + "process-total metric, to consumer-group lag 0 on the input topic)");
        s.put("cores", Runtime.getRuntime().availableProcessors());
        // Other processes on the machine take CPU from every stage: the load says how quiet the machine was.
        s.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        s.put("heapMaxBytes", HeapWatch.maxBytes());
        s.put("java", System.getProperty("java.version"));
        s.put("kafka", org.apache.kafka.common.utils.AppInfoParser.getVersion());
        return s;
    }

    private void createTopics(Admin admin, List<String> names) throws Exception {
        List<NewTopic> topics = names.stream()
                .map(n -> new NewTopic(n, base.topics().partitions(), base.topics().replicationFactor()))
                .toList();
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        WritableTopics.await(admin, names, Duration.ofSeconds(30));
    }

    private static void deleteTopics(Admin admin, List<String> names) {
        try {
            admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not delete bench topics {}: {}", names, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes every topic and consumer group this run created (internal changelog topics included). */
    private void cleanUp(Admin admin) {
        try {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(n -> n.startsWith(prefix)).toList();
            if (!topics.isEmpty()) {
                deleteTopics(admin, topics);
            }
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).filter(g -> g.startsWith(prefix)).toList();
            deleteGroups(admin, groups);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not remove everything this bench run created (names start with {}): {}", prefix,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes the stages' consumer groups. A closed application's members leave the group asynchronously, so a
     * group can still be "not empty" for a moment after its last stage closed: retried for a few seconds.
     */
    private static void deleteGroups(Admin admin, List<String> groups)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!groups.isEmpty()) {
            try {
                admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupNotEmptyException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
                groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                        .map(g -> g.groupId()).filter(groups::contains).toList();
            }
        }
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ends.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static void deleteStateDir(Properties props) {
        Path dir = Path.of(props.getProperty("state.dir")).getParent();
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            log.warn("Could not delete bench state directory {}: {}", dir, e.toString());
        }
    }


    /** One producer run: the backlog sent once at full speed. */
    record ProducerRun(long events, long bytes, double seconds, long peakHeapBytes) {
        double eventsPerSec() {
            return events / seconds;
        }
    }

    /** One latency stage: the histogram of event-to-visible-alert milliseconds and how the load went. */
    record LatencyRun(org.HdrHistogram.Histogram histogram, double targetPerSec, double achievedPerSec,
                      long maxBehindMs, long eventTimeLagMs, long alerts) {
        long p50() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(50);
        }

        long p99() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99);
        }

        long p999() {
            return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99.9);
        }
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
