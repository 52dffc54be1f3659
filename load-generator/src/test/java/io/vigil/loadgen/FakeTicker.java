package io.vigil.loadgen;

import java.util.ArrayList;
import java.util.List;

/** A ticker whose time moves only when the sender sleeps or a test advances it, and which records the sleeps. */
final class FakeTicker implements Ticker {

    private long now = 1_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepNanos(long nanos) {
        sleeps.add(nanos);
        now += nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
