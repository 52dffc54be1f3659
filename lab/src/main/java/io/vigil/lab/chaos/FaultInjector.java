package io.vigil.lab.chaos;

import io.vigil.config.ProcessingGuarantee;
import io.vigil.config.VigilConfig;
import io.vigil.lab.chaos.ChaosReport.Fault;

import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Injects a chaos run's faults while the load flows, at fixed fractions of the load duration counted from the
 * start of live load, so a longer run spreads them out and a short CI run still gets all of them. Records each
 * as a {@link Fault}; details known only later (how long a restart took) are filled in by {@link #finish()}.
 */
final class FaultInjector {

    /** How long a killed instance stays down before it is restarted. */
    private static final Duration CRASH_DOWNTIME = Duration.ofSeconds(3);
    /** How long the broker(s) stay down in broker-restart. */
    private static final Duration BROKER_DOWNTIME = Duration.ofSeconds(3);
    /** How long an instance whose state was deleted stays down: its partitions move on meanwhile. */
    private static final Duration STATE_LOSS_DOWNTIME = Duration.ofSeconds(8);
    /** How long to wait for an instance to have an open transaction before a kill or a freeze. */
    private static final Duration OPEN_TRANSACTION_WAIT = Duration.ofSeconds(10);
    /** The broker's transaction.abort.timed.out.transaction.cleanup.interval.ms default. */
    private static final Duration TRANSACTION_ABORT_SWEEP = Duration.ofSeconds(10);
    /** A rolling restart waits at most this long for every replica to be back in sync before the next node. */
    private static final Duration IN_SYNC_TIMEOUT = Duration.ofMinutes(2);
    /** A rolling restart leaves a node down this long: the time an upgrade takes to swap the binaries. */
    private static final Duration ROLLING_DOWNTIME = Duration.ofSeconds(2);
    private static final Duration BROKER_STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration BROKER_READY_TIMEOUT = Duration.ofSeconds(180);

    private final ChaosSettings settings;
    private final VigilConfig config;
    private final DetectorFleet fleet;
    private final BrokerCluster brokers;
    private final ClusterState cluster;
    private final Producer<byte[], byte[]> raw;
    private final PoisonPills pills;
    private final RunClock clock;
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final List<Runnable> finishers = new ArrayList<>();
    private int plannedFaults;
    private int poisonSent;

    FaultInjector(ChaosSettings settings, VigilConfig config, DetectorFleet fleet, BrokerCluster brokers,
                  ClusterState cluster, Producer<byte[], byte[]> raw, PoisonPills pills, RunClock clock) {
        this.settings = settings;
        this.config = config;
        this.fleet = fleet;
        this.brokers = brokers;
        this.cluster = cluster;
        this.raw = raw;
        this.pills = pills;
        this.clock = clock;
    }

    /** Injects the scenario's faults; returns when the last one has been injected (and, for restarts, done). */
    void inject(Instant liveStart) throws Exception {
        int partitions = config.topics().partitions();
        switch (settings.scenario()) {
            case CRASH_ROTATION -> {
                plannedFaults = 3;
                double[] at = {0.2, 0.45, 0.7};
                for (int i = 0; i < at.length; i++) {
                    waitUntil(liveStart, at[i]);
                    crash(fleet.get(i % fleet.size()), CRASH_DOWNTIME, false);
                }
            }
            case ZOMBIE -> {
                plannedFaults = 2;
                // Frozen past the session timeout but within the transaction timeout: the group moves on, and
                // the zombie's commit is refused because its group generation is stale (KIP-447 fencing).
                waitUntil(liveStart, 0.15);
                freeze(fleet.get(1), settings.sessionTimeout().plusSeconds(4), "stale consumer group generation");
                // Frozen past the transaction timeout too: the coordinator aborts the open transaction and
                // bumps the producer epoch before the zombie wakes up.
                waitUntil(liveStart, 0.4);
                freeze(fleet.get(2), DetectorFleet.ZOMBIE_TRANSACTION_TIMEOUT.plus(TRANSACTION_ABORT_SWEEP)
                        .plusSeconds(2), "transaction aborted by the coordinator on timeout");
            }
            case POISON -> {
                plannedFaults = 3;
                double[] at = {0.25, 0.5, 0.75};
                for (int i = 0; i < at.length; i++) {
                    waitUntil(liveStart, at[i]);
                    sendPoison(pills.oneOfEach(i + 1, partitions), "poison mixed into load");
                }
            }
            case BROKER_RESTART -> {
                plannedFaults = 1;
                waitUntil(liveStart, 0.4);
                restartAllBrokers();
            }
            case STATE_LOSS -> {
                plannedFaults = 1;
                waitUntil(liveStart, 0.35);
                crash(fleet.get(fleet.size() - 1), STATE_LOSS_DOWNTIME, true);
            }
            case BROKER_BOUNCE -> {
                plannedFaults = 1;
                waitUntil(liveStart, 0.3);
                bounceBroker(liveStart, 0.7);
            }
            case ROLLING_RESTART -> {
                plannedFaults = brokers.size();
                waitUntil(liveStart, 0.15);
                for (BrokerProcess node : brokers.nodes()) {
                    restartInTurn(node);
                }
            }
            case SCALE_OUT_IN -> {
                plannedFaults = 2;
                waitUntil(liveStart, 0.25);
                scaleOut(2);
                waitUntil(liveStart, 0.6);
                scaleIn(3);
            }
        }
    }

    /** Sleeps, restarting any instance that died on its own meanwhile, as a supervisor would. */
    void supervisedPause(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            fleet.supervise();
            Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Poison into the input now (not a timed fault): counted and recorded like the timed ones. */
    void sendPoison(List<PoisonPills.Pill> pillsToSend, String what) {
        List<String> where = new ArrayList<>();
        for (PoisonPills.Pill pill : pillsToSend) {
            PoisonPills.Sent sent = PoisonPills.send(raw, pill);
            where.add(pill.kind().id() + "@" + sent.at());
        }
        poisonSent += pillsToSend.size();
        faults.add(new Fault(RunClock.round(clock.seconds()), "send poison", "input topics",
                Map.of("what", what, "records", where)));
        clock.progress("%s: %d records (%s)", what, pillsToSend.size(), String.join(", ", where));
    }

    /** Fills in the details known only at the end; call once, after the instances have stopped. */
    List<Fault> finish() {
        finishers.forEach(Runnable::run);
        return List.copyOf(faults);
    }

    int plannedFaults() {
        return plannedFaults;
    }

    int poisonSent() {
        return poisonSent;
    }

    /**
     * kill -9, ideally inside an open transaction; optionally delete the state; restart after {@code downtime}.
     * The restart is not waited for: the load and the next fault go on while the instance starts and restores,
     * and how long it took is filled into the fault's detail at the end of the run.
     */
    private void crash(DetectorProcess victim, Duration downtime, boolean loseState) throws InterruptedException {
        Optional<TransactionListing> open = awaitOpenTransaction(victim);
        double at = clock.seconds();
        victim.kill();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", "SIGKILL");
        detail.put("inOpenTransaction", open.isPresent());
        open.ifPresent(t -> detail.put("transactionalId", t.transactionalId()));
        if (loseState) {
            victim.deleteState();
            detail.put("stateDeleted", true);
        }
        clock.progress("kill -9 %s%s%s", victim.instanceId(), open.map(t -> " inside open transaction "
                + t.transactionalId()).orElse(" (no open transaction seen)"), loseState ? ", state directory deleted" : "");
        supervisedPause(downtime);
        detail.put("restoredRecordsBefore", victim.restoredRecords());
        int start = victim.start();
        detail.put("restartedAfterSeconds", RunClock.round(clock.seconds() - at));
        clock.progress("%s restarted", victim.instanceId());
        faults.add(new Fault(RunClock.round(at), loseState ? "kill -9 and delete state" : "kill -9",
                victim.instanceId(), detail));
        finishers.add(() -> {
            double running = victim.secondsToRunning(start);
            detail.put("runningAgainSecondsAfterRestart", running < 0 ? "never" : RunClock.round(running));
            detail.put("restoredRecordsSinceRestart",
                    victim.restoredRecords() - (long) detail.get("restoredRecordsBefore"));
            detail.remove("restoredRecordsBefore");
        });
    }

    /** SIGSTOP for {@code hold}, then SIGCONT: the instance comes back as a zombie that was fenced meanwhile. */
    private void freeze(DetectorProcess victim, Duration hold, String fencedBy) throws InterruptedException {
        Optional<TransactionListing> open = awaitOpenTransaction(victim);
        double at = clock.seconds();
        victim.pause();
        clock.progress("SIGSTOP %s%s; holding %d s (session timeout %d s, transaction timeout %d s)",
                victim.instanceId(), open.map(t -> " inside open transaction " + t.transactionalId())
                        .orElse(" (no open transaction seen)"), hold.toSeconds(), settings.sessionTimeout().toSeconds(),
                DetectorFleet.ZOMBIE_TRANSACTION_TIMEOUT.toSeconds());
        try {
            Thread.sleep(hold.toMillis());
        } finally {
            victim.resume();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", "SIGSTOP, then SIGCONT");
        detail.put("inOpenTransaction", open.isPresent());
        open.ifPresent(t -> detail.put("transactionalId", t.transactionalId()));
        detail.put("frozenSeconds", RunClock.round(clock.seconds() - at));
        detail.put("fencedBy", settings.guarantee() == ProcessingGuarantee.AT_LEAST_ONCE
                ? "nothing: at_least_once has no fencing, the zombie's writes go through" : fencedBy);
        faults.add(new Fault(RunClock.round(at), "freeze", victim.instanceId(), detail));
        clock.progress("SIGCONT %s after %.1f s frozen", victim.instanceId(), clock.seconds() - at);
    }

    /** Every broker at once: on one broker the only one, on three a whole-cluster power cut. */
    private void restartAllBrokers() throws InterruptedException {
        double at = clock.seconds();
        brokers.killAll();
        clock.progress("kill -9 %s", brokers.size() == 1 ? "broker" : "all " + brokers.size() + " brokers");
        supervisedPause(BROKER_DOWNTIME);
        brokers.restartAll();
        double back = clock.seconds();
        faults.add(new Fault(RunClock.round(at), "kill -9 and restart", brokers.size() == 1 ? "broker"
                : "all brokers", Map.of("signal", "SIGKILL", "downSeconds", RunClock.round(back - at))));
        clock.progress("broker(s) restarted on the same ports and directories after %.1f s down", back - at);
    }

    /** kill -9 the broker whose loss hurts most (see {@link BrokerPicker}); restart it at {@code restartAt}. */
    private void bounceBroker(Instant liveStart, double restartAt) throws InterruptedException {
        String prefix = config.streams().applicationId() + "-";
        BrokerPicker.Choice victim = BrokerPicker.pick(cluster.liveBrokers(),
                cluster.leaderships(List.of(config.topics().transactions(), config.topics().telemetry())),
                cluster.transactionCoordinators(prefix));
        int openTransactions = cluster.openTransactions(prefix).size();
        double at = clock.seconds();
        brokers.node(victim.nodeId()).kill();
        clock.progress("kill -9 broker %d (leads %d input partitions, coordinates %d of the instances' "
                        + "transactions; %d transaction(s) open)", victim.nodeId(), victim.inputLeaderships(),
                victim.transactionCoordinations(), openTransactions);
        waitUntil(liveStart, restartAt);
        startSupervised(brokers.node(victim.nodeId()));
        double back = clock.seconds();
        clock.progress("broker %d restarted after %.1f s down; waiting for its replicas to catch up",
                victim.nodeId(), back - at);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", "SIGKILL");
        detail.put("inputPartitionsLed", victim.inputLeaderships());
        detail.put("transactionsCoordinated", victim.transactionCoordinations());
        detail.put("openTransactionsAtKill", openTransactions);
        detail.put("downSeconds", RunClock.round(back - at));
        detail.put("inSyncSecondsAfterRestart", awaitInSync(back));
        faults.add(new Fault(RunClock.round(at), "kill -9 and restart", "broker-" + victim.nodeId(), detail));
    }

    /** One step of a rolling restart: controlled shutdown, a short pause, start, all replicas back in sync. */
    private void restartInTurn(BrokerProcess node) throws InterruptedException {
        double at = clock.seconds();
        clock.progress("rolling restart: stopping broker %d (SIGTERM, controlled shutdown)", node.nodeId());
        boolean clean = node.stop(BROKER_STOP_GRACE);
        double stopped = clock.seconds();
        supervisedPause(ROLLING_DOWNTIME);
        startSupervised(node);
        double back = clock.seconds();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", clean ? "SIGTERM" : "SIGTERM, then SIGKILL after " + BROKER_STOP_GRACE.toSeconds() + " s");
        detail.put("shutdownSeconds", RunClock.round(stopped - at));
        detail.put("downSeconds", RunClock.round(back - at));
        clock.progress("broker %d back after %.1f s; waiting for every replica to be in sync", node.nodeId(),
                back - at);
        detail.put("inSyncSecondsAfterRestart", awaitInSync(back));
        faults.add(new Fault(RunClock.round(at), "restart", "broker-" + node.nodeId(), detail));
    }

    /** Starts a node and waits until it is ready, restarting instances that die meanwhile. */
    private void startSupervised(BrokerProcess node) throws InterruptedException {
        node.launch();
        long deadline = System.nanoTime() + BROKER_READY_TIMEOUT.toNanos();
        while (!node.ready()) {
            if (System.nanoTime() > deadline) {
                node.kill();
                throw new IllegalStateException("Kafka node " + node.nodeId() + " not ready within "
                        + BROKER_READY_TIMEOUT + " of its restart");
            }
            supervisedPause(Duration.ofMillis(250));
        }
    }

    /** Waits (supervising) until no partition misses an in-sync replica; the seconds it took, or "never". */
    private Object awaitInSync(double since) throws InterruptedException {
        List<List<TopicPartition>> last = new ArrayList<>(List.of(List.of()));
        boolean inSync = ReplicaSync.await(() -> {
            fleet.supervise();
            try {
                last.set(0, cluster.underReplicatedPartitions());
                return last.get(0).isEmpty();
            } catch (RuntimeException e) {
                return false;
            }
        }, IN_SYNC_TIMEOUT, Duration.ofMillis(500));
        if (!inSync) {
            clock.progress("replicas still not in sync after %d s: %s", IN_SYNC_TIMEOUT.toSeconds(), last.get(0));
            return "never";
        }
        double seconds = RunClock.round(clock.seconds() - since);
        clock.progress("every replica in sync %.1f s after the restart", seconds);
        return seconds;
    }

    /** Adds instances without waiting: the group rebalances while the load and the next fault go on. */
    private void scaleOut(int count) {
        double at = clock.seconds();
        List<DetectorProcess> added = fleet.launch(count);
        clock.progress("scale out: started %s", added.stream().map(DetectorProcess::instanceId).toList());
        Map<String, Object> detail = new LinkedHashMap<>();
        faults.add(new Fault(RunClock.round(at), "add instances", String.join(",",
                added.stream().map(DetectorProcess::instanceId).toList()), detail));
        finishers.add(() -> added.forEach(d -> {
            double running = d.secondsToRunning(0);
            detail.put(d.instanceId() + "RunningSeconds", running < 0 ? "never" : RunClock.round(running));
        }));
    }

    private void scaleIn(int count) throws InterruptedException {
        List<DetectorProcess> victims = fleet.all().stream().filter(DetectorProcess::alive).limit(count).toList();
        double at = clock.seconds();
        clock.progress("scale in: stopping %s (SIGTERM: commit, close, leave the group)",
                victims.stream().map(DetectorProcess::instanceId).toList());
        List<String> unclean = fleet.stop(victims);
        double stopped = clock.seconds() - at;
        clock.progress("%d instances stopped in %.1f s%s", victims.size(), stopped,
                unclean.isEmpty() ? "" : "; killed after the grace: " + unclean);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("signal", "SIGTERM");
        detail.put("leaveGroup", true);
        detail.put("stopSeconds", RunClock.round(stopped));
        detail.put("killedAfterGrace", unclean);
        faults.add(new Fault(RunClock.round(at), "stop instances", String.join(",",
                victims.stream().map(DetectorProcess::instanceId).toList()), detail));
    }

    /** Polls until the instance has an open transaction, so that a kill lands inside one; empty if none shows. */
    private Optional<TransactionListing> awaitOpenTransaction(DetectorProcess victim) throws InterruptedException {
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

    private void waitUntil(Instant liveStart, double fraction) throws InterruptedException {
        Instant at = liveStart.plusMillis((long) (settings.loadDuration().toMillis() * fraction));
        Duration wait = Duration.between(Instant.now(), at);
        if (!wait.isNegative()) {
            supervisedPause(wait);
        }
    }
}
