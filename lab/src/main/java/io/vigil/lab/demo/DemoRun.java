package io.vigil.lab.demo;

import io.vigil.config.RuleSpec;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.lab.load.LoadSettings;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.Ticker;
import io.vigil.runtime.KafkaEnvironment;
import io.vigil.runtime.StreamInstances;
import io.vigil.runtime.ops.OpsServerGroup;
import io.vigil.runtime.rules.RulesTopic;
import io.vigil.serdes.AvroSerdes;
import io.vigil.subscribers.AlertPrinter;
import io.vigil.topology.DetectionMetrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
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

/**
 * One demo run against a {@link KafkaEnvironment}: stream instances, the alert printer, the load generator with
 * its ground truth, a progress line a second, then a drain and a {@link DemoSummary}.
 *
 * <p>The warm-up history goes out first, as fast as the producer takes it, and the stream instances need a
 * while to work through it. The run watches for the moment they have committed all of it (a line says so),
 * and only alerts on live events sent after that moment are timed: before it, a live event waits behind the
 * history, and its latency would measure that catch-up, which the summary reports on its own line instead.
 */
public final class DemoRun {

    private static final Logger log = LoggerFactory.getLogger(DemoRun.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What the user asked for.
     *
     * @param load     the traffic, as {@code vigil generate} and the chaos runs take it
     * @param duration how long live traffic runs
     */
    public record Settings(LoadSettings load, int instances, Duration duration, boolean printAlerts) {
    }

    private final KafkaEnvironment env;
    private final Settings settings;
    private final PrintStream out;
    private final Integer httpPort;
    private volatile LoadGenerator generator;
    private volatile boolean stopped;
    /** End offsets of the input topics once the history was sent: the warm-up is processed when the group reaches them. */
    private volatile Map<TopicPartition, Long> historyMarks;
    private volatile long historyStartNanos;
    private volatile long warmupProcessedNanos;

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
            long historyEvents = historySize(scenario(config, Instant.now()));
            Instant liveStart = Instant.now().plus(headStart(historyEvents));
            Scenario scenario = scenario(config, liveStart);
            out.printf(Locale.ROOT, "Warm-up history first (%,d events: the cards' and devices' baselines); live "
                    + "traffic starts at %s%n", historyEvents, liveStart.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            return run(config, meters, startNanos, instances, chain, producer, scenario, liveStart);
        }
    }

    private DemoSummary run(VigilConfig config, SimpleMeterRegistry meters, long startNanos, StreamInstances instances,
                            DemoChain chain, Producer<String, SpecificRecord> producer, Scenario scenario,
                            Instant liveStart)
            throws Exception {
        Map<String, Object> clients = env.clientProperties();
        // No alert is timed until the warm-up history has been processed (checkWarmup).
        try (AlertCollector collector = new AlertCollector(clients, config.topics().alerts(),
                     AvroSerdes.specific(Alert.class, clients, false).deserializer(), Long.MAX_VALUE);
             AlertPrinter printer = AlertPrinter.create(clients, config.topics().alerts(),
                     "vigil-demo-printer-" + System.nanoTime(), settings.printAlerts() ? out : nullStream())) {
            Thread collectorThread = start("vigil-alert-collector", collector);
            Thread printerThread = start("vigil-alert-printer", printer);

            GroupLag lag = new GroupLag(env.admin(), config.streams().applicationId(),
                    List.of(config.topics().transactions(), config.topics().telemetry()));
            long liveStartNanos = System.nanoTime() + Math.max(0, Duration.between(Instant.now(), liveStart).toNanos());
            DemoProgress progress = new DemoProgress(System::nanoTime, liveStartNanos, now -> markHistory(lag));
            generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(), progress);
            // A failed instance ends the generation at once (a stopped generator stays stopped, even before its run).
            LoadGenerator generating = generator;
            InstanceWatch watch = new InstanceWatch(instances::failure, generating::stop, out);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-progress"));
            ticker.scheduleWithFixedDelay(watch::check, 250, 250, TimeUnit.MILLISECONDS);
            ticker.scheduleAtFixedRate(() -> printProgress(startNanos, progress, collector, lag, instances),
                    1, 1, TimeUnit.SECONDS);
            // Checked more often than the progress line, so the catch-up time is not rounded up to whole seconds.
            ticker.scheduleWithFixedDelay(() -> checkWarmup(startNanos, progress, collector, lag), 250, 250,
                    TimeUnit.MILLISECONDS);

            out.printf(Locale.ROOT, "Generating %s of %s traffic at %,.0f events/s (seed %d); Ctrl-C stops early.%n",
                    settings.duration(), settings.load().kind().id(), scenario.eventsPerSecond(),
                    settings.load().seed());
            // The scenario itself ends after --duration of event time; the cap is only a safety net. Cutting the run
            // by wall clock when the machine falls behind would cut an injection short after its alert had fired,
            // leaving an alert the ground truth cannot explain.
            historyStartNanos = System.nanoTime();
            LoadGenerator.Report report = stopped ? null
                    : generator.run(scenario, Long.MAX_VALUE, settings.duration().multipliedBy(3));
            progress.liveEnded(System.nanoTime());
            if (report == null) {
                ticker.shutdownNow();
                throw new InterruptedException("stopped before the generator started");
            }
            if (report.eventTimeLag().toMillis() > 1_000) {
                out.printf(Locale.ROOT, "Note: live traffic started %.1f s behind schedule (the warm-up history took "
                        + "longer to send than planned).%n", report.eventTimeLag().toMillis() / 1000.0);
            }
            watch.check();
            // No drain once an instance failed: nothing would process what is left, and the failure is the result.
            String drainFailure = watch.failure() != null ? watch.failure() : drain(lag, collector, watch);
            if (watch.failure() == null) {
                chain.awaitSettled(DRAIN_TIMEOUT);
            }
            ticker.shutdownNow();
            ticker.awaitTermination(10, TimeUnit.SECONDS);
            if (drainFailure == null) {
                // A warm-up still in progress when live traffic ended is processed by now: its catch-up time counts.
                checkWarmup(startNanos, progress, collector, lag);
            }
            collector.close();
            printer.close();
            collectorThread.join(10_000);
            printerThread.join(10_000);

            List<Alert> alerts = collector.distinctAlerts();
            DetectionScore score = DetectionScore.score(report.groundTruth().injections(), alerts);
            double liveSeconds = report.live().elapsed().toNanos() / 1e9;
            long processed = warmupProcessedNanos;
            return new DemoSummary(settingsJson(config), report.history().acknowledged(), report.live().acknowledged(),
                    report.history().failed() + report.live().failed(), alerts.size(), collector.countByRule(),
                    collector.duplicates(), score,
                    (long) count(meters, "late"), (long) count(meters, "duplicate"),
                    liveSeconds > 0 ? report.live().acknowledged() / liveSeconds : 0,
                    collector.latencyPercentiles(), collector.timedAlerts(), collector.silenceDelaySeconds(),
                    (System.nanoTime() - startNanos) / 1e9,
                    processed == 0 ? Double.NaN : (processed - historyStartNanos) / 1e9,
                    processed == 0 ? 0 : Math.max(0, processed - progress.liveSendingFromNanos()) / 1e9,
                    drainFailure, chain.summary());
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
        return settings.load().forDuration(liveStart, settings.duration(), config.rules());
    }

    /**
     * Waits until every event was processed and the alerts topic is quiet, for at most {@link #DRAIN_TIMEOUT}.
     *
     * @return null when drained, else why not (a failed instance, or the timeout), for the summary and the exit code
     */
    private String drain(GroupLag lag, AlertCollector collector, InstanceWatch watch)
            throws Exception {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long lastRecords = -1;
        long lastLag = -1;
        int quietChecks = 0;
        while (System.nanoTime() < deadline) {
            watch.check();
            if (watch.failure() != null) {
                return watch.failure();
            }
            long records = collector.records();
            lastLag = lag.total();
            quietChecks = lastLag == 0 && records == lastRecords ? quietChecks + 1 : 0;
            if (quietChecks >= 3) {
                return null;
            }
            lastRecords = records;
            Thread.sleep(500);
        }
        return lastLag > 0
                ? String.format(Locale.ROOT, "the stream instances had not processed every event %d s after the "
                        + "generator stopped (%,d still waiting); the summary covers only what was processed",
                        DRAIN_TIMEOUT.toSeconds(), lastLag)
                : String.format(Locale.ROOT, "alerts were still arriving %d s after the generator stopped; the "
                        + "summary covers only the alerts seen so far", DRAIN_TIMEOUT.toSeconds());
    }

    /** On the generator's thread, when the history has been flushed: where the input topics end now. */
    private void markHistory(GroupLag lag) {
        try {
            historyMarks = lag.endOffsets();
        } catch (Exception e) {
            // checkWarmup takes the marks itself then, a little later (they may include a few live events).
            log.debug("Could not read the input topics' end offsets after the warm-up history", e);
        }
    }

    /**
     * Once the stream instances have committed everything up to the history's marks: says so, and from then on
     * times alerts (see the class comment). Runs on the progress thread, and once more after the drain.
     */
    private void checkWarmup(long startNanos, DemoProgress progress, AlertCollector collector, GroupLag lag) {
        if (warmupProcessedNanos != 0 || !progress.liveBegun()) {
            return;
        }
        try {
            Map<TopicPartition, Long> marks = historyMarks;
            if (marks == null) {
                marks = lag.endOffsets();
                historyMarks = marks;
            }
            if (lag.behind(marks) > 0) {
                return;
            }
            long now = System.nanoTime();
            collector.timeLatencyFrom(System.currentTimeMillis());
            warmupProcessedNanos = now;
            out.printf(Locale.ROOT, "[%3ds] Warm-up history processed: %,d events in %.1f s; alert latency is timed "
                            + "on live traffic from here on.%n", (now - startNanos) / 1_000_000_000L,
                    progress.historySent(), (now - historyStartNanos) / 1e9);
        } catch (Exception e) {
            log.debug("Warm-up check skipped", e);
        }
    }

    private void printProgress(long startNanos, DemoProgress sent, AlertCollector collector, GroupLag lag,
                               StreamInstances instances) {
        try {
            long now = System.nanoTime();
            out.printf(Locale.ROOT, "[%3ds] %s | alerts %,d | lag %,d | instances %s%n",
                    (now - startNanos) / 1_000_000_000L, sent.line(now), collector.records(), lag.total(),
                    instances.states());
        } catch (Exception e) {
            log.debug("Progress line skipped", e);
        }
    }

    private Map<String, Object> settingsJson(VigilConfig config) {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        LoadSettings load = settings.load();
        json.put("scenario", load.kind().id());
        json.put("instances", settings.instances());
        json.put("rate", load.transactionsPerSecond());
        json.put("durationSeconds", settings.duration().toSeconds());
        json.put("seed", load.seed());
        json.put("cards", load.cards());
        json.put("devices", load.devices());
        json.put("reportingIntervalMs", load.reportingInterval().toMillis());
        json.put("injectionsPerMinute", load.injectionsPerMinute());
        json.put("traffic", load.traffic().describe());
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
