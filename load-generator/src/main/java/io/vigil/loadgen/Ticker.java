package io.vigil.loadgen;

import java.util.concurrent.TimeUnit;

/**
 * The sender's monotonic time source and its way of waiting, injectable so that pacing can be tested without
 * a broker and without real sleeping.
 */
public interface Ticker {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** Waits about {@code nanos} nanoseconds; may return early or late, the sender re-checks the time. */
    void sleepNanos(long nanos) throws InterruptedException;

    /** Real time: {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
    static Ticker system() {
        return new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }
}
