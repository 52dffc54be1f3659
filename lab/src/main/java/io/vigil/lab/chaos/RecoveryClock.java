package io.vigil.lab.chaos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Measures how long the system took to commit an alert again after a fault: it samples the alerts topic's last
 * stable offsets (which grow only when a transaction holding alerts commits) several times a second, and a
 * fault's recovery time is from the fault to the first sample showing more committed alerts than the last
 * sample before the fault.
 *
 * <p>Alerts are rare events (a few per second at most), so that time also includes waiting for the next alert to
 * be due. The same is measured on the group's committed input offsets, which grow with every committed
 * transaction: the time until processing resumed at all, whether or not an alert was due.
 *
 * <p>A sample's time is when its answer arrived, so a recovery time is at most one sampling interval (plus one
 * request) too long, never too short. Requests that fail while a broker is down are simply skipped: the gap they
 * leave is the outage the measurement is about.
 */
final class RecoveryClock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecoveryClock.class);
    private static final long INTERVAL_MS = 250;

    private record Sample(double atSeconds, long committed, long input) {
    }

    private final LongSupplier committedAlerts;
    private final LongSupplier committedInput;
    private final DoubleSupplier clock;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param committedAlerts reads the alerts topic's last stable offsets (summed over its partitions)
     * @param committedInput  reads the group's committed offsets on its input topics (summed)
     * @param clock           the run's clock in seconds, the one fault times are given in
     */
    RecoveryClock(LongSupplier committedAlerts, LongSupplier committedInput, DoubleSupplier clock) {
        this.committedAlerts = committedAlerts;
        this.committedInput = committedInput;
        this.clock = clock;
        this.thread = new Thread(this::sampleLoop, "chaos-recovery-clock");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void sampleLoop() {
        while (running) {
            try {
                long committed = committedAlerts.getAsLong();
                long input = committedInput.getAsLong();
                record(clock.getAsDouble(), committed, input);
            } catch (RuntimeException e) {
                log.debug("Alerts offset sample skipped: {}", e.toString());
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Adds a sample; the sampling thread does this, tests call it directly. */
    void record(double atSeconds, long committed, long input) {
        synchronized (samples) {
            samples.add(new Sample(atSeconds, committed, input));
        }
    }

    /**
     * Seconds from {@code faultAtSeconds} to the first alert committed after it, or empty if none was seen (or
     * nothing was sampled before the fault).
     */
    OptionalDouble recoverySeconds(double faultAtSeconds) {
        return firstGrowth(faultAtSeconds, Sample::committed);
    }

    /** Seconds from {@code faultAtSeconds} to the first input offset the group committed after it, or empty. */
    OptionalDouble processingResumedSeconds(double faultAtSeconds) {
        return firstGrowth(faultAtSeconds, Sample::input);
    }

    private OptionalDouble firstGrowth(double faultAtSeconds, java.util.function.ToLongFunction<Sample> value) {
        synchronized (samples) {
            long before = -1;
            for (Sample s : samples) {
                if (s.atSeconds() <= faultAtSeconds) {
                    before = value.applyAsLong(s);
                } else if (before >= 0 && value.applyAsLong(s) > before) {
                    return OptionalDouble.of(s.atSeconds() - faultAtSeconds);
                }
            }
            return OptionalDouble.empty();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
