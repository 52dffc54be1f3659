package io.vigil.lab.eval;

import java.util.List;

/**
 * One NAB data file: its rows in order and its labelled anomaly windows as row ranges.
 *
 * @param name       the file's path under {@code data/}, e.g. {@code realKnownCause/nyc_taxi.csv}
 * @param timestamps each row's time, epoch milliseconds (NAB's timestamps read as UTC)
 * @param windows    the labelled windows, in order, each the first and last row whose time lies inside it
 */
public record NabSeries(String name, long[] timestamps, double[] values, List<Window> windows) {

    /** Rows {@code first..last}, both inclusive. */
    public record Window(int first, int last) {
        public int length() {
            return last - first + 1;
        }

        public boolean contains(int row) {
            return row >= first && row <= last;
        }
    }

    public NabSeries {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(name + ": " + timestamps.length + " times for " + values.length + " values");
        }
        windows = List.copyOf(windows);
    }

    public String category() {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    public int size() {
        return values.length;
    }
}
