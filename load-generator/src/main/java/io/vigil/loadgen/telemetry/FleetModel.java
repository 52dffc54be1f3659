package io.vigil.loadgen.telemetry;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The devices of a scenario and their normal readings.
 *
 * <p>Each device has its own base value per sensor and its own local time (devices are spread over six time
 * zones), so the fleet does not move in lockstep. A reading is the base, plus the daily cycle at the device's
 * local hour (peaking at 15:00), plus clipped Gaussian noise. Profiles are drawn from the seed in device order,
 * so device {@code i} is the same device in every run with the same seed, whatever the fleet size.
 */
final class FleetModel {

    private static final double HOUR_MILLIS = 3_600_000.0;
    private static final double PEAK_HOUR = 15.0;
    private static final double MAX_ZONE_OFFSET_HOURS = 3.0;

    private final double[][] base;
    private final double[] zoneOffsetHours;

    FleetModel(long seed, int devices) {
        SplittableRandom profiles = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Sensor[] sensors = Sensor.values();
        this.base = new double[devices][sensors.length];
        this.zoneOffsetHours = new double[devices];
        for (int d = 0; d < devices; d++) {
            for (Sensor sensor : sensors) {
                base[d][sensor.ordinal()] = sensor.baseLow + (sensor.baseHigh - sensor.baseLow) * profiles.nextDouble();
            }
            zoneOffsetHours[d] = Math.round(profiles.nextDouble(-MAX_ZONE_OFFSET_HOURS, MAX_ZONE_OFFSET_HOURS));
        }
    }

    static String deviceId(int index) {
        return String.format(Locale.ROOT, "device-%06d", index);
    }

    /** The device's noiseless value at {@code timeMillis}. */
    double expected(int device, Sensor sensor, long timeMillis) {
        double localHour = timeMillis / HOUR_MILLIS + zoneOffsetHours[device];
        double cycle = Math.sin(2 * Math.PI * (localHour - PEAK_HOUR + 6) / 24);
        return base[device][sensor.ordinal()] + sensor.dailyAmplitude * cycle;
    }

    /** A normal reading: the expected value plus noise clipped at the sensor's limit; draws one Gaussian. */
    double normal(int device, Sensor sensor, long timeMillis, SplittableRandom noise) {
        double z = Math.max(-sensor.clipSigmas, Math.min(sensor.clipSigmas, noise.nextGaussian()));
        return expected(device, sensor, timeMillis) + z * sensor.noiseSigma;
    }

    /**
     * Refuses rules under which normal readings could trip a rule, so that every alert in a run belongs to an
     * injection. Each bound is the worst case of the clipped noise and the daily drift.
     */
    static void requireCleanUnder(RuleLimits limits, Duration interval) {
        double seconds = interval.toMillis() / 1000.0;
        Sensor t = Sensor.TEMPERATURE;
        double hottest = t.baseHigh + Math.abs(t.dailyAmplitude) + t.maxNoise();
        require(hottest < limits.lower(), String.format(Locale.ROOT,
                "normal %s readings reach %.1f, not below the threshold rule's lower limit %s",
                limits.thresholdMetric(), hottest, limits.lower()));

        Sensor p = Sensor.PRESSURE;
        double fastest = 2 * p.maxNoise() / seconds + p.maxDriftPerSecond();
        require(fastest < limits.maxPerSecond(), String.format(Locale.ROOT,
                "with readings every %s, normal %s changes up to %.2f per second, not below the rate-of-change "
                        + "limit %s; report less often", interval, limits.rateMetric(), fastest, limits.maxPerSecond()));

        // The EWMA mean lies within the noise of the expected value plus the lag behind the daily cycle, and a
        // reading within the noise on the other side: that distance over the floored deviation must stay below z.
        Sensor v = Sensor.VIBRATION;
        double lag = v.maxDriftPerSecond() * seconds * (1 - limits.alpha()) / limits.alpha();
        double farthest = (2 * v.maxNoise() + lag) / limits.minStdDev();
        require(farthest < limits.zThreshold(), String.format(Locale.ROOT,
                "normal %s readings can lie %.2f floored deviations from their mean, not below the anomaly "
                        + "rule's zThreshold %s", limits.anomalyMetric(), farthest, limits.zThreshold()));

        Sensor h = Sensor.HUMIDITY;
        require(limits.tolerance() <= h.noiseSigma / 4, String.format(Locale.ROOT,
                "the flatline rule's tolerance %s is too coarse for %s noise of %.2f",
                limits.tolerance(), limits.flatlineMetric(), h.noiseSigma));

        require(interval.multipliedBy(3).compareTo(limits.silenceDeadline()) <= 0, String.format(Locale.ROOT,
                "readings every %s leave too little room under the silence deadline %s (at most a third of it)",
                interval, limits.silenceDeadline()));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Telemetry scenario: " + message);
        }
    }
}
