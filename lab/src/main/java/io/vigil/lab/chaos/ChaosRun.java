package io.vigil.lab.chaos;

import io.vigil.config.ConfigLoader;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.lab.chaos.ChaosReport.Fault;
import io.vigil.lab.demo.GroupLag;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.SendProgress;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One chaos run: {@code vigil broker} processes (one broker, or a three-node cluster), N {@code vigil detect}
 * processes and an in-process schema registry and load generator; the scenario's faults ({@link FaultInjector})
 * injected while the load flows; a drain; then the {@link ChaosVerifier} and a {@link ChaosReport}.
 *
 * <p>Every child process is killed in a {@code finally} block and by a shutdown hook (Ctrl-C), and the work
 * directory is deleted afterwards; the child logs are kept when the run fails, because they are what explains
 * it.
 */
public final class ChaosRun {

    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration LIVE_START_TIMEOUT = Duration.ofMinutes(3);
    /** Gap between the warm-up history and live load, so the history is in before live timing starts. */
    private static final Duration LIVE_START_DELAY = Duration.ofSeconds(5);

    private final ChaosSettings settings;
    private final RunClock clock;
    private VigilLauncher launcher;

    public ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.clock = new RunClock(out);
    }

    public ChaosReport run() throws Exception {
        WorkDir work = WorkDir.create(settings.workDir().orElse(null));
        launcher = new VigilLauncher(settings.childClasspath(), settings.childJvmOptions());
        Thread hook = new Thread(() -> {
            // Ctrl-C: the main thread will not get to its finally block, so the hook cleans up.
            launcher.killAll();
            if (!settings.keepWorkDir()) {
                try {
                    work.delete();
                } catch (RuntimeException e) {
                    log.debug("Could not delete {} at shutdown", work.root(), e);
                }
            }
        }, "vigil-chaos-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        EmbeddedSchemaRegistry registry = null;
        ChaosReport report = null;
        try {
            registry = EmbeddedSchemaRegistry.start(0);
            BrokerCluster brokers = BrokerCluster.plan(launcher, settings.brokers(), work.brokerData(), work,
                    partitionsFromConfig());
            brokers.start();
            clock.progress("%s ready at %s (data %s)", brokers.size() == 1 ? "broker" : brokers.size() + " brokers",
                    brokers.bootstrapServers(), work.brokerData());
            VigilConfig config = config(brokers.bootstrapServers(), registry.url());
            report = runAgainst(config, brokers, work);
            List<Integer> killed = brokers.stopAll();
            if (!killed.isEmpty()) {
                clock.progress("broker(s) %s did not stop in time and were killed", killed);
            }
            return report;
        } finally {
            launcher.killAll();
            if (registry != null) {
                registry.close();
            }
            removeHook(hook);
            if (settings.keepWorkDir()) {
                clock.progress("work directory kept: %s", work.root());
            } else if (report == null || !report.passed()) {
                work.deleteAllButLogs();
                clock.progress("child process logs kept in %s", work.logs());
            } else {
                work.delete();
            }
        }
    }

    private ChaosReport runAgainst(VigilConfig config, BrokerCluster brokers, WorkDir work) throws Exception {
        Map<String, Object> clients = new HashMap<>(config.kafka().properties());
        try (Admin admin = Admin.create(clients);
             Admin sampler = Admin.create(samplerProperties(clients));
             Producer<byte[], byte[]> raw = new KafkaProducer<>(rawProducerProperties(clients),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            TopicBootstrap.ensure(admin, config.topics());
            ClusterState cluster = new ClusterState(admin);
            DetectorFleet fleet = new DetectorFleet(settings, config, launcher, work, clock);
            PoisonPills pills = new PoisonPills(config.topics(), clients);
            FaultInjector faults = new FaultInjector(settings, config, fleet, brokers, cluster, raw, pills, clock);
            int partitions = config.topics().partitions();
            if (settings.scenario() == ChaosScenario.POISON) {
                // Before anything else: each is the first record of its partition, so the head of the first
                // batch its task ever fetches.
                faults.sendPoison(pills.oneOfEach(0, partitions), "poison as first records");
            }
            configureStreamsGroup(admin, config);
            fleet.add(settings.initialInstances());
            clock.progress("%d detect instances RUNNING (%s, commit interval %d ms, group protocol %s)", fleet.size(),
                    settings.guarantee().kafkaValue(), settings.commitInterval().toMillis(), settings.groupProtocol());
            double startup = clock.seconds();

            Instant liveStart = Instant.now().plus(LIVE_START_DELAY);
            LoadGenerator.Report loadReport;
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chaos-progress"));
            GroupLag lag = new GroupLag(admin, config.streams().applicationId(),
                    List.of(config.topics().transactions(), config.topics().telemetry()));
            ClusterState sampled = new ClusterState(sampler);
            double loadStart = clock.seconds();
            try (LoadDriver load = new LoadDriver(config, clients, settings, liveStart);
                 RecoveryClock recovery = new RecoveryClock(
                         () -> sampled.lastStableOffsets(config.topics().alerts()),
                         () -> sampled.committedOffsets(config.streams().applicationId()), clock::seconds)) {
                recovery.start();
                load.start();
                ticker.scheduleAtFixedRate(() -> printProgress(load.progress(), lag, fleet), 5, 5, TimeUnit.SECONDS);
                Instant live = load.awaitLive(LIVE_START_TIMEOUT);
                faults.inject(live);
                while (load.running()) {
                    faults.supervisedPause(Duration.ofMillis(500));
                }
                loadReport = load.await();
                ticker.shutdownNow();
                double loadEnd = clock.seconds();
                clock.progress("load done: %,d events sent, %,d acknowledged, %,d failed", sent(loadReport),
                        acknowledged(loadReport), failed(loadReport));
                boolean drained = drain(lag, cluster, config, fleet);
                if (settings.scenario() == ChaosScenario.POISON) {
                    // Into idle partitions: each is the head of a fresh fetch, with nothing queued before it.
                    faults.sendPoison(pills.oneOfEach(4, partitions), "poison into idle partitions");
                    drained &= drain(lag, cluster, config, fleet);
                }
                double drainEnd = clock.seconds();
                fleet.stopAll();

                clock.progress("verifying (read_committed, instances stopped)");
                Oracle oracle = new Oracle(config, AvroSerdes.specific(Transaction.class, clients, false).deserializer(),
                        AvroSerdes.specific(Telemetry.class, clients, false).deserializer());
                ChaosVerifier verifier = new ChaosVerifier(config, new TopicLog(clients), cluster,
                        AvroSerdes.specific(Alert.class, clients, false).deserializer(), oracle);
                ChaosVerifier.Result result = verifier.verify();
                double verifyEnd = clock.seconds();

                List<Fault> injected = withRecovery(faults.finish(), recovery);
                Double recoverySeconds = longestRecovery(injected);
                return new ChaosReport(settings, result, injected, fleet.stats(),
                        new ChaosReport.Load(sent(loadReport), acknowledged(loadReport), failed(loadReport)),
                        new ChaosReport.Durations(startup, loadEnd - loadStart, drainEnd - loadEnd,
                                verifyEnd - drainEnd, clock.seconds()),
                        faults.poisonSent(), injected.size() >= faults.plannedFaults(), drained,
                        runSettings(config, brokers), recoverySeconds);
            } finally {
                ticker.shutdownNow();
            }
        }
    }

    /**
     * Each disrupting fault (poison is not one) with its recovery times in its detail: from the fault to the first
     * alert committed after it, and to the first input offset the group committed after it.
     */
    private static List<Fault> withRecovery(List<Fault> faults, RecoveryClock recovery) {
        return faults.stream().map(fault -> {
            if (fault.action().equals("send poison")) {
                return fault;
            }
            OptionalDouble seconds = recovery.recoverySeconds(fault.atSeconds());
            OptionalDouble resumed = recovery.processingResumedSeconds(fault.atSeconds());
            Map<String, Object> detail = new LinkedHashMap<>(fault.detail());
            // "none seen": no alert was committed after the fault, typically because the live load had ended.
            detail.put("recoverySeconds", seconds.isPresent() ? RunClock.round(seconds.getAsDouble()) : "none seen");
            detail.put("processingResumedSeconds", resumed.isPresent() ? RunClock.round(resumed.getAsDouble())
                    : "none seen");
            return new Fault(fault.atSeconds(), fault.action(), fault.target(), detail);
        }).toList();
    }

    /** The longest recovery of all faults, or null when no fault had one (or one never recovered: see detail). */
    private static Double longestRecovery(List<Fault> faults) {
        Double longest = null;
        for (Fault fault : faults) {
            if (fault.detail().get("recoverySeconds") instanceof Double seconds
                    && (longest == null || seconds > longest)) {
                longest = seconds;
            }
        }
        return longest;
    }

    /**
     * Under the KIP-1071 streams protocol, standby replicas are the group's setting, not the client's
     * ({@code num.standby.replicas} is ignored): set it on the group before the first member joins.
     */
    private void configureStreamsGroup(Admin admin, VigilConfig config) {
        if (!ChaosSettings.STREAMS.equals(settings.groupProtocol()) || settings.brokers() < 3) {
            return;
        }
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, config.streams().applicationId());
        try {
            admin.incrementalAlterConfigs(Map.of(group, List.of(new AlterConfigOp(
                    new ConfigEntry("streams.num.standby.replicas", "1"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            clock.progress("streams group %s: streams.num.standby.replicas=1", config.streams().applicationId());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot set streams.num.standby.replicas on group "
                    + config.streams().applicationId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the instances have processed every input record and committed (group lag 0) and the committed
     * alerts have stopped growing for three checks in a row.
     */
    private boolean drain(GroupLag lag, ClusterState cluster, VigilConfig config, DetectorFleet fleet)
            throws Exception {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long lastAlerts = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            fleet.supervise();
            long behind = lag.total();
            long alerts = cluster.lastStableOffsets(config.topics().alerts());
            quiet = behind == 0 && alerts == lastAlerts ? quiet + 1 : 0;
            if (quiet >= 3) {
                clock.progress("drained: group lag 0, alerts topic stable");
                return true;
            }
            lastAlerts = alerts;
            Thread.sleep(1_000);
        }
        clock.progress("not drained after %d s (group lag %d)", DRAIN_TIMEOUT.toSeconds(), lag.total());
        return false;
    }

    private void printProgress(SendProgress sent, GroupLag lag, DetectorFleet fleet) {
        try {
            String phase = sent == null ? "starting" : Double.isNaN(sent.targetPerSecond()) ? "warm-up" : "live";
            clock.progress("%s: %,d events sent | group lag %,d | instances up %d/%d", phase,
                    sent == null ? 0 : sent.sent(), lag.total(), fleet.alive(), fleet.size());
        } catch (Exception e) {
            log.debug("Progress line skipped", e);
        }
    }

    private Map<String, Object> runSettings(VigilConfig config, BrokerCluster brokers) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("instances", settings.initialInstances());
        s.put("partitions", config.topics().partitions());
        s.put("replicationFactor", config.topics().replicationFactor());
        s.put("standbyReplicas", settings.brokers() >= 3 ? 1 : 0);
        s.put("groupProtocol", settings.groupProtocol());
        s.put("processingGuarantee", settings.guarantee().kafkaValue());
        s.put("commitIntervalMs", settings.commitInterval().toMillis());
        s.put("sessionTimeoutMs", ChaosSettings.STREAMS.equals(settings.groupProtocol())
                ? "the streams group's (broker default 45000)" : settings.sessionTimeout().toMillis());
        s.put("transactionTimeoutMs", settings.scenario() == ChaosScenario.ZOMBIE
                ? DetectorFleet.ZOMBIE_TRANSACTION_TIMEOUT.toMillis() : settings.brokers() >= 3
                ? DetectorFleet.REPLICATED_TRANSACTION_TIMEOUT.toMillis() : "Kafka Streams default (10000)");
        s.put("loadSeconds", settings.loadDuration().toSeconds());
        s.put("transactionsPerSecond", settings.transactionsPerSecond());
        s.put("devices", settings.devices());
        s.put("telemetryReadingsPerSecond", settings.devices() * 4 / 5.0);
        s.put("seed", settings.seed());
        s.put("childJvmOptions", settings.childJvmOptions());
        s.put("bootstrapServers", brokers.bootstrapServers());
        return s;
    }

    private VigilConfig config(String bootstrapServers, String registryUrl) {
        // The same layers as the detect processes (environment and built-in defaults, plus the same overrides),
        // so the oracle runs the very rules and grace period the instances run.
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("bootstrap.servers", bootstrapServers);
        overrides.put("schema.registry.url", registryUrl);
        overrides.put("vigil.processing.guarantee", settings.guarantee().kafkaValue());
        overrides.put("vigil.commit.interval", settings.commitInterval().toMillis() + "ms");
        if (settings.brokers() >= 3) {
            overrides.put("vigil.topic.replication.factor", "3");
        }
        return ConfigLoader.load(System.getenv(), Optional.empty(), overrides);
    }

    private static int partitionsFromConfig() {
        return ConfigLoader.load(System.getenv(), Optional.empty(), Map.of()).topics().partitions();
    }

    private static Map<String, Object> rawProducerProperties(Map<String, Object> clients) {
        Map<String, Object> props = new HashMap<>(clients);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    /** Short timeouts: a sample that cannot be answered while a broker is down is skipped, not waited for. */
    private static Map<String, Object> samplerProperties(Map<String, Object> clients) {
        Map<String, Object> props = new HashMap<>(clients);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "vigil-chaos-recovery-clock");
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        return props;
    }

    private static long sent(LoadGenerator.Report r) {
        return r.history().sent() + r.live().sent();
    }

    private static long acknowledged(LoadGenerator.Report r) {
        return r.history().acknowledged() + r.live().acknowledged();
    }

    private static long failed(LoadGenerator.Report r) {
        return r.history().failed() + r.live().failed();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (Ctrl-C) and kills the children itself.
        }
    }
}
