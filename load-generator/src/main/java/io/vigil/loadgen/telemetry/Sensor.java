package io.vigil.loadgen.telemetry;

/**
 * The four sensors every device carries, one per reading rule, with the physics of their normal readings:
 * a per-device base value, a daily cycle, and Gaussian noise clipped at a few sigma.
 *
 * <p>Clipped noise is what lets the scenario promise that normal readings never trip a rule (not merely
 * rarely): every bound in {@link FleetModel#requireCleanUnder} is a worst case, not a percentile.
 */
enum Sensor {
    /** Machine temperature in degrees Celsius, warmest in the afternoon; watched by the threshold rule. */
    TEMPERATURE("°C", 35.0, 45.0, 5.0, 0.5, 3.0),
    /** Line pressure in kPa, with a small daily swing; watched by the rate-of-change rule. */
    PRESSURE("kPa", 240.0, 260.0, 3.0, 0.3, 3.0),
    /** Vibration velocity in mm/s, higher under the day's load; watched by the anomaly rule. */
    VIBRATION("mm/s", 1.5, 2.5, 0.3, 0.1, 2.5),
    /** Relative humidity in percent, lowest when it is warmest; watched by the flatline rule. */
    HUMIDITY("%RH", 40.0, 55.0, -8.0, 0.4, 3.0);

    final String unit;
    final double baseLow;
    final double baseHigh;
    /** Half the peak-to-peak daily swing; negative peaks at night. */
    final double dailyAmplitude;
    final double noiseSigma;
    final double clipSigmas;

    Sensor(String unit, double baseLow, double baseHigh, double dailyAmplitude, double noiseSigma, double clipSigmas) {
        this.unit = unit;
        this.baseLow = baseLow;
        this.baseHigh = baseHigh;
        this.dailyAmplitude = dailyAmplitude;
        this.noiseSigma = noiseSigma;
        this.clipSigmas = clipSigmas;
    }

    /** The largest distance of a normal reading from its device's noiseless value. */
    double maxNoise() {
        return clipSigmas * noiseSigma;
    }

    /** The fastest the daily cycle moves, per second. */
    double maxDriftPerSecond() {
        return Math.abs(dailyAmplitude) * 2 * Math.PI / 86_400.0;
    }
}
