package io.vigil.lab.chaos;

import io.vigil.lab.chaos.ChaosReport.Fault;
import io.vigil.lab.demo.GroupLag;
import io.vigil.runtime.TopicBootstrap;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;
import io.vigil.events.Alert;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.SendProgress;
import io.vigil.serdes.AvroSerdes;
import io.vigil.serdes.registry.EmbeddedSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One chaos run: a {@code vigil broker} process, N {@code vigil detect} processes and an in-process schema
 * registry and load generator; the scenario's fault injected while the load flows; a drain; then the
 * {@link ChaosVerifier} and a {@link ChaosReport}.
 *
 * <p>Every child process is killed in a {@code finally} block and by a shutdown hook (Ctrl-C), and the work
 * directory is deleted afterwards; the child logs are kept when the run fails, because they are what explains
 * it.
 *
 * <p>Timeline: faults happen at fixed fractions of the load duration, counted from the moment live load starts,
 * so a longer run spreads them out and a short CI run still gets all of them.
 */
public final class ChaosRun {

    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    /** How long a killed instance stays down before it is restarted. */
    private static final Duration CRASH_DOWNTIME = Duration.ofSeconds(3);
    /** How long the broker stays down. */
    private static final Duration BROKER_DOWNTIME = Duration.ofSeconds(3);
    /** How long an instance whose state was deleted stays down: its partitions move on meanwhile. */
    private static final Duration STATE_LOSS_DOWNTIME = Duration.ofSeconds(8);
    /** How long to wait for an instance to have an open transaction before a kill or a freeze. */
    private static final Duration OPEN_TRANSACTION_WAIT = Duration.ofSeconds(10);
    /**
     * The zombie scenario's transaction timeout: longer than Kafka Streams' 10 s default, so that a freeze can
     * outlast the session timeout while the zombie's transaction is still open.
     */
    private static final Duration ZOMBIE_TRANSACTION_TIMEOUT = Duration.ofSeconds(15);
    /** The broker's transaction.abort.timed.out.transaction.cleanup.interval.ms default. */
    private static final Duration TRANSACTION_ABORT_SWEEP = Duration.ofSeconds(10);
    private static final Duration LIVE_START_TIMEOUT = Duration.ofMinutes(3);
    /** Gap between the warm-up history and live load, so the history is in before live timing starts. */
    private static final Duration LIVE_START_DELAY = Duration.ofSeconds(5);

    private final ChaosSettings settings;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final List<DetectorProcess> detectors = new ArrayList<>();
    /** Fill in fault details known only at the end (how long a restart took, what it restored). */
    private final List<Runnable> finishers = new ArrayList<>();
    private int plannedFaults;
    private int poisonSent;
    private VigilLauncher launcher;

    public ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
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
        BrokerProcess broker = null;
        ChaosReport report = null;
        try {
            registry = EmbeddedSchemaRegistry.start(0);
            broker = new BrokerProcess(launcher, freePort(), work.brokerData(), work.log("broker"),
                    partitionsFromConfig());
            broker.start();
            progress("broker ready at %s (data %s)", broker.bootstrapServers(), work.brokerData());
            VigilConfig config = config(broker.bootstrapServers(), registry.url());
            report = runAgainst(config, broker, work);
            broker.stop();
            return report;
        } finally {
            launcher.killAll();
            if (registry != null) {
                registry.close();
            }
            removeHook(hook);
            if (settings.keepWorkDir()) {
                progress("work directory kept: %s", work.root());
            } else if (report == null || !report.passed()) {
                work.deleteAllButLogs();
                progress("child process logs kept in %s", work.logs());
            } else {
                work.delete();
            }
        }
    }

    private ChaosReport runAgainst(VigilConfig config, BrokerProcess broker, WorkDir work) throws Exception {
        Map<String, Object> clients = new HashMap<>(config.kafka().properties());
        try (Admin admin = Admin.create(clients);
             Producer<byte[], byte[]> raw = new KafkaProducer<>(rawProducerProperties(clients),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            TopicBootstrap.ensure(admin, config.topics());
            ClusterState cluster = new ClusterState(admin);
            PoisonPills pills = new PoisonPills(config.topics(), clients);
            int partitions = config.topics().partitions();
            if (settings.scenario() == ChaosScenario.POISON) {
                // Before anything else: each is the first record of its partition, so the head of the first
                // batch its task ever fetches.
                sendPoison(raw, pills.oneOfEach(0, partitions), "poison as first records");
            }
            startDetectors(config, work);
            double startup = seconds();

            Instant liveStart = Instant.now().plus(LIVE_START_DELAY);
            LoadGenerator.Report loadReport;
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "chaos-progress"));
            GroupLag lag = new GroupLag(admin, config.streams().applicationId(),
                    List.of(config.topics().transactions(), config.topics().telemetry()));
            double loadStart = seconds();
            try (LoadDriver load = new LoadDriver(config, clients, settings, liveStart)) {
                load.start();
                ticker.scheduleAtFixedRate(() -> printProgress(load.progress(), lag), 5, 5, TimeUnit.SECONDS);
                Instant live = load.awaitLive(LIVE_START_TIMEOUT);
                injectFault(live, broker, cluster, raw, pills, partitions);
                while (load.running()) {
                    supervisedPause(Duration.ofMillis(500));
                }
                loadReport = load.await();
            } finally {
                ticker.shutdownNow();
            }
            double loadEnd = seconds();
            progress("load done: %,d events sent, %,d acknowledged, %,d failed", sent(loadReport),
                    acknowledged(loadReport), failed(loadReport));
            boolean drained = drain(lag, cluster, config);
            if (settings.scenario() == ChaosScenario.POISON) {
                // Into idle partitions: each is the head of a fresh fetch, with nothing queued before it.
                sendPoison(raw, pills.oneOfEach(4, partitions), "poison into idle partitions");
                drained &= drain(lag, cluster, config);
            }
            double drainEnd = seconds();
            stopDetectors();

            progress("verifying (read_committed, instances stopped)");
            Oracle oracle = new Oracle(config, AvroSerdes.specific(Transaction.class, clients, false).deserializer(),
                    AvroSerdes.specific(Telemetry.class, clients, false).deserializer());
            ChaosVerifier verifier = new ChaosVerifier(config, new TopicLog(clients), cluster,
                    AvroSerdes.specific(Alert.class, clients, false).deserializer(), oracle);
            ChaosVerifier.Result result = verifier.verify();
            double verifyEnd = seconds();

            finishers.forEach(Runnable::run);
            ChaosReport report = new ChaosReport(settings, result, faults, instanceStats(),
                    new ChaosReport.Load(sent(loadReport), acknowledged(loadReport), failed(loadReport)),
                    new ChaosReport.Durations(startup, loadEnd - loadStart, drainEnd - loadEnd, verifyEnd - drainEnd,
                            seconds()),
                    poisonSent, faults.size() >= plannedFaults, drained, runSettings(config, broker));
            return report;
        }
    }

    private void startDetectors(VigilConfig config, WorkDir work) throws InterruptedException {
        Path detectConfig = writeDetectConfig(work);
        for (int i = 1; i <= settings.instances(); i++) {
            String id = "instance-" + i;
            List<String> args = List.of("detect",
                    "--bootstrap-servers", config.kafka().bootstrapServers().orElseThrow(),
                    "--schema-registry-url", config.kafka().schemaRegistryUrl().orElseThrow(),
                    "--state-dir", work.stateRoot().toString(),
                    "--instance-id", id,
                    "--processing-guarantee", settings.guarantee().kafkaValue(),
                    "--commit-interval", settings.commitInterval().toMillis() + "ms",
                    "--config", detectConfig.toString());
            detectors.add(new DetectorProcess(id, launcher, args, work.stateRoot(), work.log(id),
                    config.streams().applicationId()));
        }
        detectors.forEach(DetectorProcess::start);
        for (DetectorProcess detector : detectors) {
            detector.awaitRunning(RUNNING_TIMEOUT);
        }
        progress("%d detect instances RUNNING (%s, commit interval %d ms)", detectors.size(),
                settings.guarantee().kafkaValue(), settings.commitInterval().toMillis());
    }

    /**
     * Kafka settings of the instances: a short session timeout, so that a killed or frozen instance loses its
     * partitions in seconds, and a poll interval (the classic protocol's rebalance timeout) that bounds how long
     * a rebalance waits for a member that will never answer.
     */
    private Path writeDetectConfig(WorkDir work) {
        long session = settings.sessionTimeout().toMillis();
        String properties = "# Written by vigil chaos for its detect instances\n"
                + "session.timeout.ms=" + session + "\n"
                + "heartbeat.interval.ms=" + Math.max(500, session / 4) + "\n"
                + "max.poll.interval.ms=" + Math.max(30_000, 3 * settings.commitInterval().toMillis()) + "\n"
                + (settings.scenario() == ChaosScenario.ZOMBIE
                        ? "transaction.timeout.ms=" + ZOMBIE_TRANSACTION_TIMEOUT.toMillis() + "\n" : "");
        Path file = work.root().resolve("detect.properties");
        try {
            Files.writeString(file, properties);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private void injectFault(Instant liveStart, BrokerProcess broker, ClusterState cluster,
                             Producer<byte[], byte[]> raw, PoisonPills pills, int partitions) throws Exception {
        switch (settings.scenario()) {
            case CRASH_ROTATION -> {
                plannedFaults = 3;
                double[] at = {0.2, 0.45, 0.7};
                for (int i = 0; i < at.length; i++) {
                    waitUntil(liveStart, at[i]);
                    DetectorProcess victim = detectors.get(i % detectors.size());
                    crash(victim, cluster, CRASH_DOWNTIME, false);
                }
            }
            case ZOMBIE -> {
                plannedFaults = 2;
                // Frozen past the session timeout but within the transaction timeout: the group moves on, and
                // the zombie's commit is refused because its group generation is stale (KIP-447 fencing).
                waitUntil(liveStart, 0.15);
                freeze(detectors.get(1), cluster, settings.sessionTimeout().plusSeconds(4),
                        "stale consumer group generation");
                // Frozen past the transaction timeout too: the coordinator aborts the open transaction and
                // bumps the producer epoch before the zombie wakes up.
                waitUntil(liveStart, 0.4);
                freeze(detectors.get(2), cluster, ZOMBIE_TRANSACTION_TIMEOUT.plus(TRANSACTION_ABORT_SWEEP).plusSeconds(2),
                        "transaction aborted by the coordinator on timeout");
            }
            case POISON -> {
                plannedFaults = 3;
                double[] at = {0.25, 0.5, 0.75};
                for (int i = 0; i < at.length; i++) {
                    waitUntil(liveStart, at[i]);
                    sendPoison(raw, pills.oneOfEach(i + 1, partitions), "poison mixed into load");
                }
            }
            case BROKER_RESTART -> {
                plannedFaults = 1;
                waitUntil(liveStart, 0.4);
                restartBroker(broker);
            }
            case STATE_LOSS -> {
                plannedFaults = 1;
                waitUntil(liveStart, 0.35);
                crash(detectors.get(detectors.size() - 1), cluster, STATE_LOSS_DOWNTIME, true);
            }
        }
    }

    /**
     * kill -9, ideally inside an open transaction; optionally delete the state; restart after {@code downtime}.
     * The restart is not waited for: the load and the next fault go on while the instance starts and restores,
     * and how long it took is filled into the fault's detail at the end of the run.
     */
    private void crash(DetectorProcess victim, ClusterState cluster, Duration downtime, boolean loseState)
            throws InterruptedException {
        Optional<TransactionListing> open = awaitOpenTransaction(victim, cluster);
        double at = seconds();
        victim.kill();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", "SIGKILL");
        detail.put("inOpenTransaction", open.isPresent());
        open.ifPresent(t -> detail.put("transactionalId", t.transactionalId()));
        if (loseState) {
            victim.deleteState();
            detail.put("stateDeleted", true);
        }
        progress("kill -9 %s%s%s", victim.instanceId(), open.map(t -> " inside open transaction " + t.transactionalId())
                .orElse(" (no open transaction seen)"), loseState ? ", state directory deleted" : "");
        supervisedPause(downtime);
        detail.put("restoredRecordsBefore", victim.restoredRecords());
        int start = victim.start();
        detail.put("restartedAfterSeconds", round(seconds() - at));
        progress("%s restarted", victim.instanceId());
        faults.add(new Fault(round(at), loseState ? "kill -9 and delete state" : "kill -9", victim.instanceId(), detail));
        finishers.add(() -> {
            double running = victim.secondsToRunning(start);
            detail.put("runningAgainSecondsAfterRestart", running < 0 ? "never" : round(running));
            detail.put("restoredRecordsSinceRestart",
                    victim.restoredRecords() - (long) detail.get("restoredRecordsBefore"));
            detail.remove("restoredRecordsBefore");
        });
    }

    /** SIGSTOP for {@code hold}, then SIGCONT: the instance comes back as a zombie that was fenced meanwhile. */
    private void freeze(DetectorProcess victim, ClusterState cluster, Duration hold, String fencedBy)
            throws InterruptedException {
        Optional<TransactionListing> open = awaitOpenTransaction(victim, cluster);
        double at = seconds();
        victim.pause();
        progress("SIGSTOP %s%s; holding %d s (session timeout %d s, transaction timeout %d s)", victim.instanceId(),
                open.map(t -> " inside open transaction " + t.transactionalId()).orElse(" (no open transaction seen)"),
                hold.toSeconds(), settings.sessionTimeout().toSeconds(), ZOMBIE_TRANSACTION_TIMEOUT.toSeconds());
        try {
            Thread.sleep(hold.toMillis());
        } finally {
            victim.resume();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", "SIGSTOP, then SIGCONT");
        detail.put("inOpenTransaction", open.isPresent());
        open.ifPresent(t -> detail.put("transactionalId", t.transactionalId()));
        detail.put("frozenSeconds", round(seconds() - at));
        detail.put("fencedBy", settings.guarantee() == ProcessingGuarantee.AT_LEAST_ONCE
                ? "nothing: at_least_once has no fencing, the zombie's writes go through" : fencedBy);
        faults.add(new Fault(round(at), "freeze", victim.instanceId(), detail));
        progress("SIGCONT %s after %.1f s frozen", victim.instanceId(), seconds() - at);
    }

    private void restartBroker(BrokerProcess broker) throws InterruptedException {
        double at = seconds();
        broker.kill();
        progress("kill -9 broker");
        supervisedPause(BROKER_DOWNTIME);
        broker.start();
        double back = seconds();
        faults.add(new Fault(round(at), "kill -9 and restart", "broker", Map.of("signal", "SIGKILL",
                "downSeconds", round(back - at))));
        progress("broker restarted on the same port and directory after %.1f s down", back - at);
    }

    private void sendPoison(Producer<byte[], byte[]> raw, List<PoisonPills.Pill> pills, String what) {
        List<String> where = new ArrayList<>();
        for (PoisonPills.Pill pill : pills) {
            PoisonPills.Sent sent = PoisonPills.send(raw, pill);
            where.add(pill.kind().id() + "@" + sent.at());
        }
        poisonSent += pills.size();
        faults.add(new Fault(round(seconds()), "send poison", "input topics", Map.of("what", what, "records", where)));
        progress("%s: %d records (%s)", what, pills.size(), String.join(", ", where));
    }

    /** Polls until the instance has an open transaction, so that a kill lands inside one; empty if none shows. */
    private Optional<TransactionListing> awaitOpenTransaction(DetectorProcess victim, ClusterState cluster)
            throws InterruptedException {
        Optional<String> prefix = victim.transactionalIdPrefix();
        if (prefix.isEmpty() || settings.guarantee() == ProcessingGuarantee.AT_LEAST_ONCE) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + OPEN_TRANSACTION_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<TransactionListing> open = cluster.openTransactions(prefix.get());
            if (!open.isEmpty()) {
                return Optional.of(open.get(0));
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    /**
     * Waits until the instances have processed every input record and committed (group lag 0) and the committed
     * alerts have stopped growing for three checks in a row.
     */
    private boolean drain(GroupLag lag, ClusterState cluster, VigilConfig config) throws Exception {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long lastAlerts = -1;
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            supervise();
            long behind = lag.total();
            long alerts = cluster.lastStableOffsets(config.topics().alerts());
            quiet = behind == 0 && alerts == lastAlerts ? quiet + 1 : 0;
            if (quiet >= 3) {
                progress("drained: group lag 0, alerts topic stable");
                return true;
            }
            lastAlerts = alerts;
            Thread.sleep(1_000);
        }
        progress("not drained after %d s (group lag %d)", DRAIN_TIMEOUT.toSeconds(), lag.total());
        return false;
    }

    private void stopDetectors() throws InterruptedException {
        List<Thread> stoppers = new ArrayList<>();
        List<String> unclean = Collections.synchronizedList(new ArrayList<>());
        for (DetectorProcess detector : detectors) {
            Thread t = new Thread(() -> {
                try {
                    if (!detector.stop(STOP_GRACE)) {
                        unclean.add(detector.instanceId());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "chaos-stop-" + detector.instanceId());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            t.join();
        }
        progress("instances stopped (SIGTERM)%s", unclean.isEmpty() ? "" : "; killed after " + STOP_GRACE.toSeconds()
                + " s: " + unclean);
    }

    /** Sleeps, restarting any instance that died on its own meanwhile, as a supervisor would. */
    private void supervisedPause(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            supervise();
            Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private void supervise() {
        for (DetectorProcess detector : detectors) {
            if (detector.restartIfDied()) {
                progress("%s exited on its own (exit code %s); restarted it", detector.instanceId(),
                        detector.unexpectedExitCodes().get(detector.unexpectedExitCodes().size() - 1));
            }
        }
    }

    private void waitUntil(Instant liveStart, double fraction) throws InterruptedException {
        Instant at = liveStart.plusMillis((long) (settings.loadDuration().toMillis() * fraction));
        Duration wait = Duration.between(Instant.now(), at);
        if (!wait.isNegative()) {
            supervisedPause(wait);
        }
    }

    private void printProgress(SendProgress sent, GroupLag lag) {
        try {
            long up = detectors.stream().filter(DetectorProcess::alive).count();
            String phase = sent == null ? "starting" : Double.isNaN(sent.targetPerSecond()) ? "warm-up" : "live";
            progress("%s: %,d events sent | group lag %,d | instances up %d/%d", phase,
                    sent == null ? 0 : sent.sent(), lag.total(), up, detectors.size());
        } catch (Exception e) {
            log.debug("Progress line skipped", e);
        }
    }

    private List<ChaosReport.InstanceStats> instanceStats() {
        return detectors.stream().map(d -> new ChaosReport.InstanceStats(d.instanceId(), d.starts(),
                d.unexpectedExitCodes(), d.restoredRecords())).toList();
    }

    private Map<String, Object> runSettings(VigilConfig config, BrokerProcess broker) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("instances", settings.instances());
        s.put("partitions", config.topics().partitions());
        s.put("processingGuarantee", settings.guarantee().kafkaValue());
        s.put("commitIntervalMs", settings.commitInterval().toMillis());
        s.put("sessionTimeoutMs", settings.sessionTimeout().toMillis());
        s.put("transactionTimeoutMs", settings.scenario() == ChaosScenario.ZOMBIE
                ? ZOMBIE_TRANSACTION_TIMEOUT.toMillis() : "Kafka Streams default (10000)");
        s.put("loadSeconds", settings.loadDuration().toSeconds());
        s.put("transactionsPerSecond", settings.transactionsPerSecond());
        s.put("devices", settings.devices());
        s.put("telemetryReadingsPerSecond", settings.devices() * 4 / 5.0);
        s.put("seed", settings.seed());
        s.put("childJvmOptions", settings.childJvmOptions());
        s.put("bootstrapServers", broker.bootstrapServers());
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

    private static long sent(LoadGenerator.Report r) {
        return r.history().sent() + r.live().sent();
    }

    private static long acknowledged(LoadGenerator.Report r) {
        return r.history().acknowledged() + r.live().acknowledged();
    }

    private static long failed(LoadGenerator.Report r) {
        return r.history().failed() + r.live().failed();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the broker", e);
        }
    }

    private void progress(String format, Object... args) {
        synchronized (out) {
            out.printf(Locale.ROOT, "[%4.0fs] " + format + "%n", prepend(seconds(), args));
            out.flush();
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
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
