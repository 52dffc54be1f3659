package io.vigil.topology;

import io.vigil.events.Alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Vigil's own meters for one detection topology: events by what happened to them, alerts by rule and
 * severity, and event-to-alert latency. Meters are resolved once and cached, because a registry lookup per
 * event would cost more than the increment.
 *
 * <p>The latency timer publishes a percentile histogram, because only histogram buckets can be summed across
 * instances into one deployment-wide percentile ({@code histogram_quantile} in PromQL); it also asks for
 * client-side p50/p99/p999, which registries without histogram support report (Micrometer's Prometheus
 * registry renders the histogram instead).
 */
public final class DetectionMetrics {

    public static final String EVENTS = "vigil.events";
    public static final String ALERTS = "vigil.alerts";
    public static final String ALERT_LATENCY = "vigil.alert.latency";
    /** Input events refused before detection, by reason code (see {@link io.vigil.detectors.Rejection.Reason}). */
    public static final String REJECTED = "vigil.input.rejected";
    /** Silence checks put off while devices were due, because the task's input was not processed yet. */
    public static final String SILENCE_HELD = "vigil.silence.held";

    private final MeterRegistry registry;
    private final String topology;
    private final Counter accepted;
    private final Counter late;
    private final Counter duplicate;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> alerts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> held = new ConcurrentHashMap<>();

    public DetectionMetrics(MeterRegistry registry, String topology) {
        this.registry = registry;
        this.topology = topology;
        this.accepted = events("accepted");
        this.late = events("late");
        this.duplicate = events("duplicate");
        this.latency = Timer.builder(ALERT_LATENCY)
                .description("Wall-clock time from an event's own timestamp until the processor emits the alert it "
                        + "triggered; read_committed consumers see the alert at the next commit")
                .tags(Tags.of("topology", topology))
                .publishPercentiles(0.5, 0.99, 0.999)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private Counter events(String disposition) {
        return Counter.builder(EVENTS)
                .description("Input events by what detection did with them: accepted, late (beyond grace), duplicate (same eventId again)")
                .tags(Tags.of("topology", topology, "disposition", disposition))
                .register(registry);
    }

    public void accepted() {
        accepted.increment();
    }

    public void late() {
        late.increment();
    }

    public void duplicate() {
        duplicate.increment();
    }

    /**
     * Counts one input event refused for {@code reason} (a {@link io.vigil.detectors.Rejection.Reason} code). A meter
     * of its own rather than a tag on {@value #EVENTS}: Prometheus wants one tag set per meter name.
     */
    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder(REJECTED)
                .description("Input events refused before detection and sent to the DLQ, by reason")
                .tags(Tags.of("topology", topology, "reason", r))
                .register(registry)).increment();
    }

    /**
     * Records one alert's event-to-alert latency. An event stamped ahead of this machine's clock (producer clock
     * skew) counts as immediate: dropping it would hide the alert from the count.
     */
    public void alertLatency(long eventTimeMillis, long nowMillis) {
        latency.record(Math.max(0, nowMillis - eventTimeMillis), TimeUnit.MILLISECONDS);
    }

    /** Counts one silence check put off, with devices due, for {@code reason} (see {@link SilenceHold}). */
    void silenceHeld(String reason) {
        held.computeIfAbsent(reason, r -> Counter.builder(SILENCE_HELD)
                .description("Silence checks put off while devices were due, because the task's own input was "
                        + "not processed yet, by reason")
                .tags(Tags.of("topology", topology, "reason", r))
                .register(registry)).increment();
    }

    /** The counter of entries the idle sweep deleted from {@code store}. */
    Counter expired(String store) {
        return Counter.builder(IdleSweep.EXPIRED)
                .description("Entities whose state was deleted after their idle time-to-live, by store")
                .tags(Tags.of("store", store))
                .register(registry);
    }

    public void alert(Alert alert) {
        String key = alert.getRuleId() + '/' + alert.getSeverity() + '/' + alert.getStatus();
        alerts.computeIfAbsent(key, k -> Counter.builder(ALERTS)
                .description("Alerts emitted, by rule, severity and status")
                .tags(Tags.of("topology", topology, "rule", alert.getRuleId(),
                        "severity", alert.getSeverity().name(), "status", alert.getStatus().name()))
                .register(registry)).increment();
    }
}
