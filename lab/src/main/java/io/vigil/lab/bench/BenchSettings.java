package io.vigil.lab.bench;

import java.time.Duration;

/**
 * What {@code vigil bench} was asked to run; the cluster, topics and Streams settings come from the configuration.
 *
 * @param events                     backlog size: events every throughput stage drains
 * @param repeat                     how often each stage runs; the report gives the median
 * @param threads                    stream threads of every Kafka Streams stage
 * @param cards                      cards carrying the backlog's normal traffic
 * @param scenarioEventsPerSec       the backlog's event-time rate, which sets how many transactions each card's
 *                                   windows hold (the stages drain it as fast as they can, whatever this is)
 * @param injectionsPerMinute        fraud injections per minute of event time, per pattern, in the backlog
 * @param latencyDuration            how long the latency stage sends its open-loop load
 * @param latencyLoad                the latency stage's rate as a share of the measured detection (exactly-once) rate
 * @param latencyInjectionsPerMinute fraud injections per minute, per pattern, in the latency stage: enough alerts
 *                                   for stable percentiles
 * @param seed                       the generator's seed
 * @param stageTimeout               how long one drain may take before the run fails
 * @param telemetryEvents            size of the telemetry backlog the device-detection stages drain
 * @param devices                    devices reporting in the telemetry backlog (each reports 4 metrics every 5 s of
 *                                   event time)
 * @param telemetryFaultsPerMinute   injected faults per minute of event time, per fault kind, in the telemetry
 *                                   backlog: alerts for escalation to work on
 * @param floorStateBytes            the size of the value the state-floor stage reads and writes per event
 */
public record BenchSettings(int events, int repeat, int threads, int cards, double scenarioEventsPerSec,
                            double injectionsPerMinute, Duration latencyDuration, double latencyLoad,
                            double latencyInjectionsPerMinute, long seed, Duration stageTimeout,
                            int telemetryEvents, int devices, double telemetryFaultsPerMinute, int floorStateBytes) {

    /** The state floor's value holds a count (8 bytes) and at least a few bytes of events. */
    public static final int MIN_FLOOR_STATE_BYTES = 16;
    /** A value larger than this is no card state. */
    public static final int MAX_FLOOR_STATE_BYTES = 65_536;
}
