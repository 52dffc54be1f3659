package io.vigil.loadgen;

import java.time.Duration;

/**
 * A progress snapshot, reported about once a second while sending.
 *
 * @param sent              events handed to the producer so far
 * @param acknowledged      events the broker has confirmed
 * @param failed            events whose send failed (synchronously or in the callback)
 * @param elapsed           time since sending started
 * @param targetPerSecond   the rate asked for ({@code Double.NaN} when unpaced)
 * @param behind            how late the most recent event went out against its due time
 */
public record SendProgress(long sent, long acknowledged, long failed, Duration elapsed, double targetPerSecond,
                           Duration behind) {

    /** Events handed to the producer per second of elapsed time. */
    public double achievedPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? sent / seconds : 0.0;
    }
}
