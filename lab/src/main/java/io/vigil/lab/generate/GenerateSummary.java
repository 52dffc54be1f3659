package io.vigil.lab.generate;

import io.vigil.loadgen.LoadGenerator;
import io.vigil.loadgen.SendProgress;
import io.vigil.loadgen.SendResult;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** What {@code vigil generate} prints while and after it sends: a progress line a second, then the summary. */
final class GenerateSummary {

    /** Falling further behind schedule than this means the producer could not hold the rate. */
    private static final Duration BEHIND_TOLERANCE = Duration.ofSeconds(1);
    /** Achieving less than this share of the target rate also means the rate was not held. */
    private static final double MIN_ACHIEVED_SHARE = 0.95;

    private GenerateSummary() {
    }

    /** The summary after the run, against the target of {@code eventsPerSecond} live events. */
    static void print(PrintStream out, LoadGenerator.Report report, double eventsPerSecond) {
        SendResult history = report.history();
        SendResult live = report.live();
        out.printf(Locale.ROOT, "Warm-up history: %,d events in %.1f s%n", history.acknowledged(),
                history.elapsed().toNanos() / 1e9);
        out.printf(Locale.ROOT, "Live: %,d events acknowledged in %.1f s: %,.0f events/s achieved, target %,.0f/s%s%n",
                live.acknowledged(), live.elapsed().toNanos() / 1e9, live.achievedPerSecond(), eventsPerSecond,
                live.stopped() ? " (stopped early)" : "");
        boolean slow = !live.stopped() && live.achievedPerSecond() < MIN_ACHIEVED_SHARE * eventsPerSecond;
        if (live.maxBehind().compareTo(BEHIND_TOLERANCE) > 0 || slow) {
            out.printf(Locale.ROOT, "The producer could NOT keep the rate: %,.0f of %,.0f events/s, up to %.1f s "
                    + "behind schedule; events went out late and the achieved rate is what this cluster and machine "
                    + "took.%n", live.achievedPerSecond(), eventsPerSecond, live.maxBehind().toNanos() / 1e9);
        } else {
            out.printf(Locale.ROOT, "The producer kept the rate (at most %d ms behind schedule).%n",
                    live.maxBehind().toMillis());
        }
        if (!report.eventTimeLag().isZero()) {
            out.printf(Locale.ROOT, "Live event time trails the wall clock by %.1f s (the warm-up took longer than "
                    + "planned).%n", report.eventTimeLag().toNanos() / 1e9);
        }
        long failed = history.failed() + live.failed();
        out.printf(Locale.ROOT, "Failed sends: %,d%s%n", failed,
                failed == 0 ? "" : " (first error: " + live.firstError().or(history::firstError)
                        .map(Throwable::toString).orElse("?") + ")");
        Map<String, Long> injected = report.groundTruth().countByPattern();
        out.printf(Locale.ROOT, "Injected (complete): %s%s%n",
                injected.isEmpty() ? "none" : injected.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                report.skippedInjections() == 0 ? "" : "; skipped " + report.skippedInjections()
                        + " (no free warmed card or device)");
    }

    /** The progress line, about once a second: the warm-up phase, then the live phase against its target. */
    static Consumer<SendProgress> progress(PrintStream out) {
        return p -> {
            if (Double.isNaN(p.targetPerSecond())) {
                out.printf(Locale.ROOT, "[warm-up %3ds] sent %,d | acked %,d | failed %,d%n",
                        p.elapsed().toSeconds(), p.sent(), p.acknowledged(), p.failed());
            } else {
                out.printf(Locale.ROOT, "[%4ds] sent %,d | %,.0f/s (target %,.0f/s) | behind %,d ms | acked %,d | failed %,d%n",
                        p.elapsed().toSeconds(), p.sent(), p.achievedPerSecond(), p.targetPerSecond(),
                        p.behind().toMillis(), p.acknowledged(), p.failed());
            }
        };
    }
}
