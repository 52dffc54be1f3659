package io.vigil.lab.demo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.runtime.ops.OpsServerGroup;
import io.vigil.runtime.rules.RulesTopic;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.StreamInstances;
import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.loadgen.CombinedScenario;
import io.vigil.loadgen.ConfounderRates;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.ScenarioConfig;
import io.vigil.loadgen.telemetry.TelemetryScenario;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;
import io.vigil.loadgen.SendProgress;
import io.vigil.loadgen.Ticker;
import io.vigil.serdes.AvroSerdes;
import io.vigil.subscribers.AlertPrinter;
import io.vigil.topology.DetectionMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One demo run against a {@link KafkaEnvironment}: stream instances, the alert printer, the load generator with
 * its ground truth, a progress line a second, then a drain and a {@link DemoSummary}.
 */
public final class DemoRun {

    private static final Logger log = LoggerFactory.getLogger(DemoRun.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    /** Which event streams the demo generates. */
    public enum Kind {
        FRAUD, TELEMETRY, ALL;

        boolean fraud() {
            return this != TELEMETRY;
        }

        boolean telemetry() {
            return this != FRAUD;
        }
    }

    /**
     * What the user asked for.
     *
     * @param rate    card transactions per second; telemetry adds devices x 4 metrics / reportingInterval
     * @param traffic the card traffic's confounders and subtle injections; {@link ConfounderRates#none()} is clean
     */
    public record Settings(Kind kind, int instances, double rate, Duration duration, long seed, int cards,
                           int devices, Duration reportingInterval, double injectionsPerMinute, boolean printAlerts,
                           ConfounderRates traffic) {

        /** Clean traffic. */
        public Settings(Kind kind, int instances, double rate, Duration duration, long seed, int cards, int devices,
                        Duration reportingInterval, double injectionsPerMinute, boolean printAlerts) {
            this(kind, instances, rate, duration, seed, cards, devices, reportingInterval, injectionsPerMinute,
                    printAlerts, ConfounderRates.none());
        }
    }

    private final KafkaEnvironment env;
    private final Settings settings;
    private final PrintStream out;
    private final Integer httpPort;
    private volatile LoadGenerator generator;
    private volatile boolean stopped;

    public DemoRun(KafkaEnvironment env, Settings settings, PrintStream out) {
        this(env, settings, out, null);
    }

    /** With {@code httpPort} not null, instance i (from 0) serves metrics, health and queries on {@code httpPort + i}. */
    public DemoRun(KafkaEnvironment env, Settings settings, PrintStream out, Integer httpPort) {
        this.env = env;
        this.settings = settings;
        this.out = out;
        this.httpPort = httpPort;
    }

    /** Ends the run early (Ctrl-C): the generator stops, the rest drains and the summary is still printed. */
    public void stop() {
        stopped = true;
        LoadGenerator g = generator;
        if (g != null) {
            g.stop();
        }
    }

    public DemoSummary run() throws Exception {
        VigilConfig config = env.config();
        Map<String, Object> clients = env.clientProperties();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long startNanos = System.nanoTime();
        publishRulesIfEmpty(config, clients);
        try (OpsServerGroup ops = httpPort == null ? null
                     : OpsServerGroup.start("127.0.0.1", httpPort, settings.instances());
             StreamInstances instances = StreamInstances.start(config, clients, meters, settings.instances(), out, ops);
             DemoChain chain = DemoChain.start(clients, config, out);
             Producer<String, SpecificRecord> producer = LoadGenerator.createProducer(clients)) {
            if (ops != null) {
                ops.printAddresses(instances.instances(), out);
                out.printf("Query a card or device while the demo runs: ./vigil query card CARD_ID --url %s%n",
                        ops.servers().get(0).url());
            }
            // Fixed only now that the instances run: live events are stamped with their planned send time, so a
            // start in the past would add the instances' start-up time to every latency.
            Instant liveStart = Instant.now().plus(headStart(historySize(scenario(config, Instant.now()))));
            Scenario scenario = scenario(config, liveStart);
            out.printf(Locale.ROOT, "Warm-up history first; live traffic starts at %s%n", liveStart);
            return run(config, meters, startNanos, instances, chain, producer, scenario, liveStart);
        }
    }

    private DemoSummary run(VigilConfig config, SimpleMeterRegistry meters, long startNanos, StreamInstances instances,
                            DemoChain chain, Producer<String, SpecificRecord> producer, Scenario scenario,
                            Instant liveStart)
            throws Exception {
        Map<String, Object> clients = env.clientProperties();
        try (AlertCollector collector = new AlertCollector(clients, config.topics().alerts(),
                     AvroSerdes.specific(Alert.class, clients, false).deserializer(), liveStart.toEpochMilli());
             AlertPrinter printer = AlertPrinter.create(clients, config.topics().alerts(),
                     "vigil-demo-printer-" + System.nanoTime(), settings.printAlerts() ? out : nullStream())) {
            Thread collectorThread = start("vigil-alert-collector", collector);
            Thread printerThread = start("vigil-alert-printer", printer);

            AtomicReference<SendProgress> progress = new AtomicReference<>();
            generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(), progress::set);
            GroupLag lag = new GroupLag(env.admin(), config.streams().applicationId(),
                    List.of(config.topics().transactions(), config.topics().telemetry()));
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-progress"));
            ticker.scheduleAtFixedRate(() -> printProgress(startNanos, progress.get(), collector, lag, instances),
                    1, 1, TimeUnit.SECONDS);

            out.printf(Locale.ROOT, "Generating %s of %s traffic at %,.0f events/s (seed %d); Ctrl-C stops early.%n",
                    settings.duration(), settings.kind().name().toLowerCase(Locale.ROOT), scenario.eventsPerSecond(),
                    settings.seed());
            // The scenario itself ends after --duration of event time; the cap is only a safety net. Cutting the run
            // by wall clock when the machine falls behind would cut an injection short after its alert had fired,
            // leaving an alert the ground truth cannot explain.
            LoadGenerator.Report report = stopped ? null
                    : generator.run(scenario, Long.MAX_VALUE, settings.duration().multipliedBy(3));
            if (report == null) {
                ticker.shutdownNow();
                throw new InterruptedException("stopped before the generator started");
            }
            if (report.eventTimeLag().toMillis() > 1_000) {
                out.printf(Locale.ROOT, "Note: live traffic started %.1f s behind schedule (the warm-up history took "
                        + "longer than planned); latencies include that delay.%n", report.eventTimeLag().toMillis() / 1000.0);
            }
            drain(lag, collector, instances);
            chain.awaitSettled(DRAIN_TIMEOUT);
            ticker.shutdownNow();
            collector.close();
            printer.close();
            collectorThread.join(10_000);
            printerThread.join(10_000);

            List<Alert> alerts = collector.distinctAlerts();
            DetectionScore score = DetectionScore.score(report.groundTruth().injections(), alerts);
            double liveSeconds = report.live().elapsed().toNanos() / 1e9;
            return new DemoSummary(settingsJson(config), report.history().acknowledged(), report.live().acknowledged(),
                    report.history().failed() + report.live().failed(), alerts.size(), collector.countByRule(),
                    collector.duplicates(), score,
                    (long) count(meters, "late"), (long) count(meters, "duplicate"),
                    liveSeconds > 0 ? report.live().acknowledged() / liveSeconds : 0,
                    collector.latencyPercentiles(), collector.silenceDelaySeconds(),
                    (System.nanoTime() - startNanos) / 1e9, chain.summary());
        }
    }

    /** Rules are data: a fresh cluster gets the configured rules on its rules topic, so 'vigil rules list' shows them. */
    private void publishRulesIfEmpty(VigilConfig config, Map<String, Object> clients) {
        List<RuleSpec> published = new RulesTopic(clients, config.topics().rules()).publishIfEmpty(config.rules().rules());
        if (!published.isEmpty()) {
            out.printf(Locale.ROOT, "Published the %d configured rules to %s, which was empty%n", published.size(),
                    config.topics().rules());
        }
    }

    /** Conservative rate at which a loaded 2-core machine sends and processes the warm-up history. */
    private static final double HISTORY_EVENTS_PER_SECOND = 8_000;

    /**
     * Time to send and process the warm-up history before live traffic starts: live events are stamped with the
     * wall clock of their planned send, so starting them earlier would make every latency look seconds worse.
     */
    static Duration headStart(long historyEvents) {
        return Duration.ofSeconds(3).plusMillis((long) (1000 * historyEvents / HISTORY_EVENTS_PER_SECOND));
    }

    private static long historySize(Scenario scenario) {
        long n = 0;
        for (var it = scenario.history(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    /**
     * The live phase starts a little after now so that the warm-up history (only the cards reserved for amount
     * anomalies, and the devices' anomaly baselines) is sent first and live event time tracks the wall clock.
     */
    private Scenario scenario(VigilConfig config, Instant liveStart) {
        List<Scenario> parts = new java.util.ArrayList<>();
        if (settings.kind().fraud()) {
            long liveEvents = (long) Math.ceil(settings.rate() * settings.duration().toNanos() / 1e9);
            parts.add(new FraudScenario(ScenarioConfig.defaults(settings.seed(), liveStart)
                    .withCards(settings.cards())
                    .withHistory(true, 0)
                    .withRate(settings.rate())
                    .withLiveEvents(liveEvents)
                    .withInjectionsPerMinute(settings.injectionsPerMinute())
                    .withRules(config.rules())
                    .withConfounders(settings.traffic())));
        }
        if (settings.kind().telemetry()) {
            parts.add(new TelemetryScenario(TelemetryScenarioConfig.defaults(settings.seed(), liveStart)
                    .withDevices(settings.devices())
                    .withReportingInterval(settings.reportingInterval())
                    .withLiveDuration(settings.duration())
                    .withFaultsPerMinute(settings.injectionsPerMinute())
                    .withRules(config.rules())));
        }
        return parts.size() == 1 ? parts.get(0) : new CombinedScenario(parts);
    }

    private void drain(GroupLag lag, AlertCollector collector, StreamInstances instances) throws Exception {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long lastRecords = -1;
        int quietChecks = 0;
        while (System.nanoTime() < deadline) {
            instances.checkHealthy();
            long records = collector.records();
            quietChecks = lag.total() == 0 && records == lastRecords ? quietChecks + 1 : 0;
            if (quietChecks >= 3) {
                return;
            }
            lastRecords = records;
            Thread.sleep(500);
        }
        log.warn("Stream instances had not caught up after {}; the summary covers what was processed", DRAIN_TIMEOUT);
    }

    private void printProgress(long startNanos, SendProgress sent, AlertCollector collector, GroupLag lag,
                               StreamInstances instances) {
        try {
            long seconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
            out.printf(Locale.ROOT, "[%3ds] events sent %,d (%,.0f/s) | alerts %,d | lag %,d | instances %s%n",
                    seconds, sent == null ? 0 : sent.sent(), sent == null ? 0.0 : sent.achievedPerSecond(),
                    collector.records(), lag.total(), instances.states());
        } catch (Exception e) {
            log.debug("Progress line skipped", e);
        }
    }

    private Map<String, Object> settingsJson(VigilConfig config) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("scenario", settings.kind().name().toLowerCase(Locale.ROOT));
        json.put("instances", settings.instances());
        json.put("rate", settings.rate());
        json.put("durationSeconds", settings.duration().toSeconds());
        json.put("seed", settings.seed());
        json.put("cards", settings.cards());
        json.put("devices", settings.devices());
        json.put("reportingIntervalMs", settings.reportingInterval().toMillis());
        json.put("injectionsPerMinute", settings.injectionsPerMinute());
        json.put("traffic", settings.traffic().describe());
        json.put("processingGuarantee", config.streams().processingGuarantee().kafkaValue());
        json.put("commitIntervalMs", config.streams().commitInterval().toMillis());
        json.put("partitions", config.topics().partitions());
        return json;
    }

    private static double count(SimpleMeterRegistry meters, String disposition) {
        return meters.find(DetectionMetrics.EVENTS).tag("disposition", disposition).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static Thread start(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }
}
