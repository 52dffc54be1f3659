package io.vigil.lab.bench;

/** One producer run: the backlog sent once at full speed. */
record ProducerRun(long events, long bytes, double seconds, long peakHeapBytes) {
    double eventsPerSec() {
        return events / seconds;
    }
}
