package io.vigil.app.demo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.app.rules.RulesTopic;
import io.vigil.app.runtime.KafkaEnvironment;
import io.vigil.app.runtime.StreamInstances;
import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.loadgen.FraudScenario;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.ScenarioConfig;
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

    /** What the user asked for. */
    public record Settings(int instances, double rate, Duration duration, long seed, int cards,
                           double injectionsPerMinute, boolean printAlerts) {
    }

    private final KafkaEnvironment env;
    private final Settings settings;
    private final PrintStream out;
    private volatile LoadGenerator generator;
    private volatile boolean stopped;

    public DemoRun(KafkaEnvironment env, Settings settings, PrintStream out) {
        this.env = env;
        this.settings = settings;
        this.out = out;
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
        ScenarioConfig scenarioConfig = scenario(config);
        FraudScenario scenario = new FraudScenario(scenarioConfig);

        publishRulesIfEmpty(config, clients);
        try (StreamInstances instances = StreamInstances.start(config, clients, meters, settings.instances(), out);
             DemoChain chain = DemoChain.start(clients, config, out);
             AlertCollector collector = new AlertCollector(clients, config.topics().alerts(),
                     AvroSerdes.specific(Alert.class, clients, false).deserializer(),
                     scenarioConfig.start().toEpochMilli());
             AlertPrinter printer = AlertPrinter.create(clients, config.topics().alerts(),
                     "vigil-demo-printer-" + System.nanoTime(), settings.printAlerts() ? out : nullStream());
             Producer<String, SpecificRecord> producer = LoadGenerator.createProducer(clients)) {
            Thread collectorThread = start("vigil-alert-collector", collector);
            Thread printerThread = start("vigil-alert-printer", printer);

            AtomicReference<SendProgress> progress = new AtomicReference<>();
            generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(), progress::set);
            GroupLag lag = new GroupLag(env.admin(), config.streams().applicationId(),
                    List.of(config.topics().transactions()));
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-progress"));
            ticker.scheduleAtFixedRate(() -> printProgress(startNanos, progress.get(), collector, lag, instances),
                    1, 1, TimeUnit.SECONDS);

            out.printf(Locale.ROOT, "Generating %s at %,.0f events/s over %,d cards (seed %d); Ctrl-C stops early.%n",
                    settings.duration(), settings.rate(), settings.cards(), settings.seed());
            LoadGenerator.Report report = stopped ? null : generator.run(scenario, Long.MAX_VALUE, settings.duration());
            if (report == null) {
                ticker.shutdownNow();
                throw new InterruptedException("stopped before the generator started");
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
                    collector.latencyPercentiles(), (System.nanoTime() - startNanos) / 1e9, chain.summary());
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

    private ScenarioConfig scenario(VigilConfig config) {
        // Only the cards reserved for amount anomalies get a warm-up history (a few hundred events), sent before the
        // live phase, which starts a little after now so that live event time tracks the wall clock.
        long liveEvents = (long) Math.ceil(settings.rate() * settings.duration().toNanos() / 1e9);
        return ScenarioConfig.defaults(settings.seed(), Instant.now().plusSeconds(3))
                .withCards(settings.cards())
                .withHistory(true, 0)
                .withRate(settings.rate())
                .withLiveEvents(liveEvents)
                .withInjectionsPerMinute(settings.injectionsPerMinute())
                .withRules(config.rules());
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
        return Map.of("instances", settings.instances(), "rate", settings.rate(),
                "durationSeconds", settings.duration().toSeconds(), "seed", settings.seed(), "cards", settings.cards(),
                "injectionsPerMinute", settings.injectionsPerMinute(),
                "processingGuarantee", config.streams().processingGuarantee().kafkaValue(),
                "commitIntervalMs", config.streams().commitInterval().toMillis(),
                "partitions", config.topics().partitions());
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
