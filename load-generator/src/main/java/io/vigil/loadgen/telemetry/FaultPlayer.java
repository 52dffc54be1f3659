package io.vigil.loadgen.telemetry;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * How each fault bends a device's readings, sized from the rules so that it trips its rule with a wide margin
 * and (because every fault lives on the one sensor its rule watches) no other rule.
 *
 * <ul>
 *   <li>Spike: {@value #SPIKE_READINGS} temperature readings well above {@code upper}, then the next normal
 *       reading, which lies below {@code lower}: one OPEN, one RESOLVED.</li>
 *   <li>Ramp: pressure climbs by three times the rate limit for {@value #RAMP_READINGS} readings and falls back
 *       as fast; the fall is within the rule's cooldown, so one OPEN.</li>
 *   <li>Outlier: one vibration reading four times the z threshold away, in floored deviations: one OPEN.</li>
 *   <li>Stuck: humidity repeats one value for the flatline duration plus two readings, then moves: one OPEN,
 *       one RESOLVED.</li>
 *   <li>Silence: the device sends nothing until one and a half deadlines plus a check interval have passed
 *       since its last reading, then reports again: one OPEN (on the wall clock), one RESOLVED.</li>
 * </ul>
 */
final class FaultPlayer {

    static final int SPIKE_READINGS = 3;
    static final int RAMP_READINGS = 3;
    /** Readings of calm after a fault before its device takes another, on top of the longest cooldown: long
     *  enough for an outlier's weight in the EWMA variance (0.9^50 of it with alpha 0.1) to fade. */
    static final int REST_READINGS = 50;

    private final double upper;
    private final double lower;
    private final double rampStep;
    private final double outlierSize;
    private final int stuckReadings;
    private final long silenceGapMillis;
    private final long restMillis;
    private final long intervalMillis;

    FaultPlayer(RuleLimits limits, Duration interval) {
        this.intervalMillis = interval.toMillis();
        double seconds = interval.toMillis() / 1000.0;
        this.upper = limits.upper();
        this.lower = limits.lower();
        this.rampStep = 3 * limits.maxPerSecond() * seconds;
        this.outlierSize = 4 * limits.zThreshold() * Math.max(Sensor.VIBRATION.noiseSigma, limits.minStdDev());
        this.stuckReadings = (int) (limits.flatlineDuration().toMillis() / interval.toMillis()) + 2;
        this.silenceGapMillis = limits.silenceDeadline().toMillis() * 3 / 2 + limits.silenceCheckInterval().toMillis();
        this.restMillis = limits.maxCooldown().toMillis() + REST_READINGS * interval.toMillis();
        Duration ramp = interval.multipliedBy(2L * RAMP_READINGS);
        if (limits.rateCooldown().compareTo(ramp) < 0) {
            throw new IllegalArgumentException("Telemetry scenario: a ramp lasts " + ramp + ", longer than the "
                    + "rate-of-change rule's cooldown " + limits.rateCooldown() + ", so one ramp would raise several alerts");
        }
    }

    long restMillis() {
        return restMillis;
    }

    /**
     * How long {@code fault} takes from its start to its last reading, plus the wait for the device's next reading
     * of the faulty metric: a fault that cannot finish before the scenario ends is not started, so that the ground
     * truth never misses an injection whose alerts fired.
     */
    long spanMillis(TelemetryFault fault) {
        if (fault == TelemetryFault.SILENCE) {
            // The gap itself, then at most one interval until the device's next slot after it, and one of slack.
            return silenceGapMillis + 2 * intervalMillis;
        }
        long readings = switch (fault) {
            case SPIKE -> SPIKE_READINGS + 1;
            case RAMP -> 2L * RAMP_READINGS;
            case OUTLIER -> 1;
            case STUCK -> stuckReadings + 1L;
            case SILENCE -> throw new AssertionError("handled above");
        };
        return (readings + 1) * intervalMillis;
    }

    /**
     * What the device sends instead of the normal reading {@code normal}: a value, or nothing (silence). Records
     * the fault's readings in {@code fault} and marks it done after its last one.
     */
    OptionalDouble play(ActiveFault fault, Sensor sensor, long timeMillis, double normal, String eventId) {
        return switch (fault.fault()) {
            case SPIKE -> sensor != Sensor.TEMPERATURE ? OptionalDouble.of(normal) : spike(fault, timeMillis, normal, eventId);
            case RAMP -> sensor != Sensor.PRESSURE ? OptionalDouble.of(normal) : ramp(fault, timeMillis, normal, eventId);
            case OUTLIER -> sensor != Sensor.VIBRATION ? OptionalDouble.of(normal) : outlier(fault, timeMillis, normal, eventId);
            case STUCK -> sensor != Sensor.HUMIDITY ? OptionalDouble.of(normal) : stuck(fault, timeMillis, normal, eventId);
            case SILENCE -> silence(fault, timeMillis, normal, eventId);
        };
    }

    private OptionalDouble spike(ActiveFault fault, long t, double normal, String eventId) {
        int step = fault.nextStep();
        fault.record(eventId, t);
        if (step < SPIKE_READINGS) {
            // Rising a little with each reading, as an overheating machine does.
            return OptionalDouble.of(upper + (upper - lower) * (0.5 + 0.1 * step));
        }
        fault.finish();
        return OptionalDouble.of(normal);
    }

    private OptionalDouble ramp(ActiveFault fault, long t, double normal, String eventId) {
        int step = fault.nextStep() + 1;
        fault.record(eventId, t);
        int height = step <= RAMP_READINGS ? step : 2 * RAMP_READINGS - step;
        if (step == 2 * RAMP_READINGS) {
            fault.finish();
        }
        return OptionalDouble.of(normal + height * rampStep);
    }

    private OptionalDouble outlier(ActiveFault fault, long t, double normal, String eventId) {
        fault.record(eventId, t);
        fault.finish();
        return OptionalDouble.of(normal + outlierSize);
    }

    private OptionalDouble stuck(ActiveFault fault, long t, double normal, String eventId) {
        int step = fault.nextStep();
        fault.record(eventId, t);
        if (step == 0) {
            fault.hold(normal);
            return OptionalDouble.of(normal);
        }
        if (step < stuckReadings) {
            return OptionalDouble.of(fault.held());
        }
        // The scenario keeps every free humidity reading clear of the previous one, so this one moves.
        fault.finish();
        return OptionalDouble.of(normal);
    }

    private OptionalDouble silence(ActiveFault fault, long t, double normal, String eventId) {
        if (t - fault.firstMillis() < silenceGapMillis) {
            return OptionalDouble.empty();
        }
        fault.record(eventId, t);
        fault.finish();
        return OptionalDouble.of(normal);
    }
}
