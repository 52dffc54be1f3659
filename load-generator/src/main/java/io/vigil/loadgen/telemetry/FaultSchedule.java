package io.vigil.loadgen.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When each fault's next injection starts: evenly spaced at the fault's rate, the faults staggered within one
 * period so that they do not all start at the same instant. Evenly spaced, not random, so that runs of the
 * same length inject the same number of faults and recall stays comparable between runs.
 *
 * <p>The longest faults take the earliest slots: a silence needs about a minute from its start to the device's
 * return, so in a one-minute run it only fits if it starts in the first few seconds.
 */
final class FaultSchedule {

    private static final List<TelemetryFault> LONGEST_FIRST = List.of(TelemetryFault.SILENCE, TelemetryFault.STUCK,
            TelemetryFault.SPIKE, TelemetryFault.RAMP, TelemetryFault.OUTLIER);

    private final List<TelemetryFault> faults = new ArrayList<>();
    private final List<Double> periodMillis = new ArrayList<>();
    private final List<Long> firstMillis = new ArrayList<>();
    private final long[] nextIndex;

    FaultSchedule(Map<TelemetryFault, Double> perMinute, long startMillis) {
        for (TelemetryFault fault : LONGEST_FIRST) {
            double rate = perMinute.getOrDefault(fault, 0.0);
            if (rate > 0) {
                faults.add(fault);
                periodMillis.add(60_000.0 / rate);
            }
        }
        for (int slot = 0; slot < faults.size(); slot++) {
            firstMillis.add(startMillis + (long) (periodMillis.get(slot) * (slot + 0.5) / faults.size()));
        }
        this.nextIndex = new long[faults.size()];
    }

    /** Start of the earliest pending injection, or {@code Long.MAX_VALUE} if no fault is scheduled. */
    long nextStartMillis() {
        int slot = nextSlot();
        return slot < 0 ? Long.MAX_VALUE : startOf(slot);
    }

    /** The fault of the earliest pending injection, moving past it. */
    TelemetryFault take() {
        int slot = nextSlot();
        nextIndex[slot]++;
        return faults.get(slot);
    }

    private int nextSlot() {
        int best = -1;
        for (int slot = 0; slot < faults.size(); slot++) {
            if (best < 0 || startOf(slot) < startOf(best)) {
                best = slot;
            }
        }
        return best;
    }

    private long startOf(int slot) {
        return firstMillis.get(slot) + (long) (nextIndex[slot] * periodMillis.get(slot));
    }
}
