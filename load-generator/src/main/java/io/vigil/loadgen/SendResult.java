package io.vigil.loadgen;

import java.time.Duration;
import java.util.Optional;

/**
 * What a sending run achieved, honestly: how many events were confirmed, how many failed, and how far the
 * sender fell behind its schedule when the producer could not keep up.
 *
 * @param sent            events handed to the producer
 * @param acknowledged    events the broker confirmed
 * @param failed          events that were not delivered; each is counted here and never silently dropped
 * @param elapsed         from the first due time to the end of the final flush
 * @param targetPerSecond the rate asked for ({@code Double.NaN} when unpaced)
 * @param maxBehind       the worst lateness of any event against its due time
 * @param firstError      the first send failure, if any, for the report
 * @param stopped         true when {@code stop()} ended the run before the events, count or duration did
 */
public record SendResult(long sent, long acknowledged, long failed, Duration elapsed, double targetPerSecond,
                         Duration maxBehind, Optional<Exception> firstError, boolean stopped) {

    /** Confirmed events per second over the whole run, final flush included. */
    public double achievedPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? acknowledged / seconds : 0.0;
    }
}
