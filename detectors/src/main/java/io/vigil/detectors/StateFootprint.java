package io.vigil.detectors;

import io.vigil.detectors.fraud.CardState;
import io.vigil.detectors.fraud.CardStateCodec;
import io.vigil.detectors.telemetry.DeviceState;
import io.vigil.detectors.telemetry.DeviceStateCodec;

import java.util.Arrays;

/**
 * Bytes of detector state per entity, as the store and its changelog hold them (the encoded value, without the
 * key): what the bench reports as {@code memory.stateBytesPerCard}, per device and per device metric, and what
 * the state-format tests bound.
 */
public final class StateFootprint {

    private StateFootprint() {
    }

    public static int cardBytes(CardState state) {
        return CardStateCodec.encodedSize(state);
    }

    public static int deviceBytes(DeviceState state) {
        return DeviceStateCodec.encodedSize(state);
    }

    /**
     * A device's bytes shared out over the metrics it keeps state for (all of them for a device without any):
     * comparable between fleets whose devices report different numbers of metrics.
     */
    public static double deviceBytesPerMetric(DeviceState state) {
        return deviceBytes(state) / (double) Math.max(1, state.metrics().size());
    }

    /** Sizes collected one by one, summarised as the bench reports them. */
    public static final class Distribution {
        private double[] values = new double[1024];
        private int count;
        private double total;
        private boolean sorted = true;

        public Distribution add(double bytes) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = bytes;
            total += bytes;
            sorted = false;
            return this;
        }

        public int count() {
            return count;
        }

        public double total() {
            return total;
        }

        public double mean() {
            return count == 0 ? 0 : total / count;
        }

        /** Nearest rank: the smallest size that at least {@code percent}% of the entities do not exceed; 0 when empty. */
        public double percentile(double percent) {
            if (count == 0) {
                return 0;
            }
            if (!sorted) {
                Arrays.sort(values, 0, count);
                sorted = true;
            }
            int rank = (int) Math.ceil(percent / 100.0 * count);
            return values[Math.min(count, Math.max(1, rank)) - 1];
        }

        public double max() {
            return percentile(100);
        }
    }
}
