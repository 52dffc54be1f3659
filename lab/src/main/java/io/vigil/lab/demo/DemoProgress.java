package io.vigil.lab.demo;

import io.vigil.loadgen.LoadGenerator.Phase;
import io.vigil.loadgen.SendProgress;

import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * What the demo has sent, phase by phase, for its progress line: the warm-up history and the live traffic are
 * counted separately, and each counter only grows.
 *
 * <p>Why: the load generator counts each phase from zero, and the live phase first waits for its start time;
 * one "events sent" figure therefore counted the history, fell back to 0 for seconds, and counted again. The
 * live rate is taken over the time live events have been going out, not over the wait before them.
 *
 * <p>Fed by the generator's thread ({@link #accept}) and read by the progress thread; times are
 * {@link System#nanoTime()} values passed in, so tests choose them.
 */
final class DemoProgress implements BiConsumer<Phase, SendProgress> {

    /** The source of {@link System#nanoTime()}-like values. */
    interface Clock {
        long nanoTime();
    }

    /** Called on the generator's thread when the live phase begins, after the history was flushed. */
    interface LiveBegins {
        void now(long nanoTime);
    }

    private final Clock clock;
    private final long liveStartNanos;
    private final LiveBegins onLiveBegins;
    private volatile long historySent;
    private volatile boolean historyReported;
    private volatile long liveSent;
    private volatile boolean liveBegun;
    private volatile long liveSendingFromNanos;
    private volatile long liveEndNanos = Long.MAX_VALUE;

    /**
     * @param liveStartNanos when live traffic is planned to start (it starts later if the history takes longer)
     */
    DemoProgress(Clock clock, long liveStartNanos, LiveBegins onLiveBegins) {
        this.clock = clock;
        this.liveStartNanos = liveStartNanos;
        this.onLiveBegins = onLiveBegins;
    }

    @Override
    public void accept(Phase phase, SendProgress progress) {
        if (phase == Phase.HISTORY) {
            historySent = Math.max(historySent, progress.sent());
            historyReported = true;
            return;
        }
        if (!liveBegun) {
            long now = clock.nanoTime();
            // The first live event waits for the planned start, or goes out at once when that has passed.
            liveSendingFromNanos = Math.max(now, liveStartNanos);
            liveBegun = true;
            onLiveBegins.now(now);
        }
        liveSent = Math.max(liveSent, progress.sent());
    }

    /** Called when the generator has returned: the live rate stops at what it reached. */
    void liveEnded(long nanoTime) {
        liveEndNanos = nanoTime;
    }

    boolean liveBegun() {
        return liveBegun;
    }

    /** When the first live event went, or goes, out. */
    long liveSendingFromNanos() {
        return liveSendingFromNanos;
    }

    long historySent() {
        return historySent;
    }

    long liveSent() {
        return liveSent;
    }

    /**
     * {@code history 44,036 sent, live 5,070 sent (1,243/s)}, or when live traffic has not started yet. Before the
     * generator's first report (about a second after it began sending) the history is "sending": "0 sent" would
     * contradict a lag that is already growing.
     */
    String line(long nowNanos) {
        String history = historyReported || liveBegun
                ? String.format(Locale.ROOT, "history %,d sent", historySent)
                : "history sending";
        if (!liveBegun || liveSent == 0) {
            long untilNanos = (liveBegun ? liveSendingFromNanos : liveStartNanos) - nowNanos;
            if (untilNanos > 0) {
                return String.format(Locale.ROOT, "%s, live starts in %d s", history,
                        (untilNanos + 999_999_999L) / 1_000_000_000L);
            }
            return history + (liveBegun ? ", live starting" : ", live starts when the history is sent");
        }
        double seconds = (Math.min(nowNanos, liveEndNanos) - liveSendingFromNanos) / 1e9;
        return String.format(Locale.ROOT, "%s, live %,d sent (%,.0f/s)%s", history, liveSent,
                seconds > 0 ? liveSent / seconds : 0.0, nowNanos >= liveEndNanos ? ", done" : "");
    }
}
