package io.vigil.lab.bench;

import org.HdrHistogram.Histogram;

/** One latency stage: the histogram of event-to-visible-alert milliseconds and how the load went. */
record LatencyRun(Histogram histogram, double targetPerSec, double achievedPerSec, long maxBehindMs,
                  long eventTimeLagMs, long alerts) {
    long p50() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(50);
    }

    long p99() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99);
    }

    long p999() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(99.9);
    }
}
