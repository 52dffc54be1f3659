package io.vigil.lab.chaos;

import io.vigil.config.VigilConfig;
import io.vigil.lab.load.LoadSettings;
import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.Scenario;
import io.vigil.loadgen.SendProgress;
import io.vigil.loadgen.Ticker;
import io.vigil.loadgen.telemetry.TelemetryFault;
import io.vigil.loadgen.telemetry.TelemetryScenarioConfig;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load of a chaos run: card transactions and device telemetry from the seeded generator, with fraud patterns
 * and sensor faults injected, played in real time on its own thread while the faults happen.
 *
 * <p>The generator's ground truth is not what the run is judged by: the oracle replays whatever the input topics
 * hold, so events the producer failed to deliver during a broker restart change the expectation, not the verdict.
 */
final class LoadDriver implements AutoCloseable {

    /** Per pattern: enough injections that a minute of load raises a few dozen alerts of every kind. */
    private static final double INJECTIONS_PER_MINUTE = 20;
    private static final int CARDS = 5_000;

    private final Producer<String, SpecificRecord> producer;
    private final LoadGenerator generator;
    private final Scenario scenario;
    private final Duration duration;
    private final AtomicReference<SendProgress> progress = new AtomicReference<>();
    private final AtomicReference<Instant> liveStarted = new AtomicReference<>();
    private final AtomicReference<LoadGenerator.Report> report = new AtomicReference<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private Thread thread;

    /**
     * @param liveStart when live traffic starts; the warm-up history goes out before it
     */
    LoadDriver(VigilConfig config, Map<String, Object> clientProperties, ChaosSettings settings, Instant liveStart) {
        this.producer = LoadGenerator.createProducer(clientProperties);
        this.generator = new LoadGenerator(producer, config.topics(), Clock.systemUTC(), Ticker.system(), this::onProgress);
        this.duration = settings.loadDuration();
        this.scenario = load(settings).forDuration(liveStart, duration, config.rules());
    }

    /**
     * The chaos load in the terms {@code vigil demo} and {@code vigil generate} use: both traffics, the run's card
     * rate and fleet, devices reporting every 5 s, and device faults at half the fraud patterns' rate.
     */
    static LoadSettings load(ChaosSettings settings) {
        Map<String, Double> faults = new LinkedHashMap<>();
        for (TelemetryFault fault : TelemetryFault.values()) {
            faults.put(fault.id(), INJECTIONS_PER_MINUTE / 2);
        }
        return new LoadSettings(LoadSettings.Kind.ALL, settings.seed(), settings.transactionsPerSecond(), CARDS,
                settings.devices(), TelemetryScenarioConfig.DEFAULT_REPORTING_INTERVAL, INJECTIONS_PER_MINUTE, faults,
                true);
    }

    void start() {
        thread = new Thread(() -> {
            try {
                // A broker restart stalls the producer; the sender then catches up without waiting, so the
                // duration cap only guards against a run that never ends.
                report.set(generator.run(scenario, Long.MAX_VALUE, duration.plus(duration)));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "chaos-load");
        thread.setDaemon(true);
        thread.start();
    }

    private void onProgress(SendProgress p) {
        progress.set(p);
        // The live phase is the paced one; its progress says how long it has been running.
        if (!Double.isNaN(p.targetPerSecond())) {
            liveStarted.compareAndSet(null, Instant.now().minus(p.elapsed()));
        }
    }

    /**
     * Waits until live traffic flows and says when it started: the warm-up history can take longer than planned
     * on a busy machine, and the faults must hit the live phase.
     */
    Instant awaitLive(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (liveStarted.get() == null && thread.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (liveStarted.get() == null) {
            throw new IllegalStateException("Live load did not start within " + timeout
                    + (failure.get() == null ? "" : ": " + failure.get()));
        }
        return liveStarted.get();
    }

    /** Waits for the load to end; throws what the generator threw. */
    LoadGenerator.Report await() throws InterruptedException {
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException("The load generator failed: " + failure.get(), failure.get());
        }
        return report.get();
    }

    boolean running() {
        return thread != null && thread.isAlive();
    }

    /** The latest progress, or null before the first report. */
    SendProgress progress() {
        return progress.get();
    }

    @Override
    public void close() {
        generator.stop();
        try {
            if (thread != null) {
                thread.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
