package io.vigil.loadgen.telemetry;

import io.vigil.config.RuleSet;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that determines a telemetry scenario: the same config gives the same events, byte for byte.
 *
 * <p>The fleet size and the reporting interval set the rate: every device reports each of its
 * {@value #METRICS_PER_DEVICE} metrics once per interval, so the scenario emits
 * {@code devices * 4 / interval} readings per second, evenly spaced.
 *
 * @param seed              root of all randomness
 * @param devices           size of the fleet
 * @param reportingInterval time between two readings of one metric of one device
 * @param start             scenario time of the first live reading; history lies before it
 * @param liveEvents        number of live reading slots, {@code Long.MAX_VALUE} for endless traffic (a silent
 *                          device leaves its slots empty, so slightly fewer readings come out)
 * @param includeHistory    whether to emit a warm-up history first, so that every device's anomaly baseline is
 *                          warm when live traffic starts
 * @param faultsPerMinute   injections per minute of scenario time, per fault (absent or 0 = none)
 * @param rules             the rules injections must trip and normal traffic must not
 */
public record TelemetryScenarioConfig(long seed, int devices, Duration reportingInterval, Instant start,
                                      long liveEvents, boolean includeHistory,
                                      Map<TelemetryFault, Double> faultsPerMinute, RuleSet rules) {

    public static final int METRICS_PER_DEVICE = 4;
    public static final int DEFAULT_DEVICES = 500;
    public static final Duration DEFAULT_REPORTING_INTERVAL = Duration.ofSeconds(5);
    public static final double DEFAULT_FAULTS_PER_MINUTE = 4;

    public TelemetryScenarioConfig {
        Objects.requireNonNull(reportingInterval, "reportingInterval");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(faultsPerMinute, "faultsPerMinute");
        Objects.requireNonNull(rules, "rules");
        require(devices >= 1, "devices must be at least 1, got " + devices);
        require(reportingInterval.toMillis() >= 1, "reportingInterval must be at least 1 ms, got " + reportingInterval);
        require(liveEvents >= 0, "liveEvents must be >= 0, got " + liveEvents);
        faultsPerMinute.forEach((fault, rate) -> require(rate != null && rate >= 0 && Double.isFinite(rate),
                "faults per minute of " + fault.id() + " must be >= 0, got " + rate));
        faultsPerMinute = Map.copyOf(faultsPerMinute);
    }

    /** Defaults: 500 devices reporting every 5 s (400 readings/s), with history, endless, 4 faults per minute of each kind. */
    public static TelemetryScenarioConfig defaults(long seed, Instant start) {
        return new TelemetryScenarioConfig(seed, DEFAULT_DEVICES, DEFAULT_REPORTING_INTERVAL, start, Long.MAX_VALUE,
                true, everyFault(DEFAULT_FAULTS_PER_MINUTE), RuleSet.defaults());
    }

    /** Readings per second of scenario time. */
    public double eventsPerSecond() {
        return devices * (double) METRICS_PER_DEVICE * 1000.0 / reportingInterval.toMillis();
    }

    public TelemetryScenarioConfig withDevices(int newDevices) {
        return new TelemetryScenarioConfig(seed, newDevices, reportingInterval, start, liveEvents, includeHistory,
                faultsPerMinute, rules);
    }

    public TelemetryScenarioConfig withReportingInterval(Duration newInterval) {
        return new TelemetryScenarioConfig(seed, devices, newInterval, start, liveEvents, includeHistory,
                faultsPerMinute, rules);
    }

    public TelemetryScenarioConfig withStart(Instant newStart) {
        return new TelemetryScenarioConfig(seed, devices, reportingInterval, newStart, liveEvents, includeHistory,
                faultsPerMinute, rules);
    }

    public TelemetryScenarioConfig withLiveEvents(long newLiveEvents) {
        return new TelemetryScenarioConfig(seed, devices, reportingInterval, start, newLiveEvents, includeHistory,
                faultsPerMinute, rules);
    }

    /** Live events for {@code duration} of scenario time at this config's rate. */
    public TelemetryScenarioConfig withLiveDuration(Duration duration) {
        return withLiveEvents((long) Math.floor(duration.toMillis() / 1000.0 * eventsPerSecond()));
    }

    public TelemetryScenarioConfig withHistory(boolean include) {
        return new TelemetryScenarioConfig(seed, devices, reportingInterval, start, liveEvents, include,
                faultsPerMinute, rules);
    }

    public TelemetryScenarioConfig withFaultsPerMinute(Map<TelemetryFault, Double> perMinute) {
        return new TelemetryScenarioConfig(seed, devices, reportingInterval, start, liveEvents, includeHistory,
                perMinute, rules);
    }

    /** The same rate for every fault; 0 turns injections off. */
    public TelemetryScenarioConfig withFaultsPerMinute(double perMinute) {
        return withFaultsPerMinute(everyFault(perMinute));
    }

    public TelemetryScenarioConfig withRules(RuleSet newRules) {
        return new TelemetryScenarioConfig(seed, devices, reportingInterval, start, liveEvents, includeHistory,
                faultsPerMinute, newRules);
    }

    private static Map<TelemetryFault, Double> everyFault(double perMinute) {
        Map<TelemetryFault, Double> rates = new EnumMap<>(TelemetryFault.class);
        for (TelemetryFault fault : TelemetryFault.values()) {
            rates.put(fault, perMinute);
        }
        return rates;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
