package io.vigil.lab.chaos;

import java.io.PrintStream;
import java.util.Locale;

/** A chaos run's clock (seconds since it started, the time base of every fault) and its progress lines. */
final class RunClock {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    RunClock(PrintStream out) {
        this.out = out;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Prints {@code [  12s] message}; safe from any thread. */
    void progress(String format, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = seconds();
        System.arraycopy(args, 0, all, 1, args.length);
        synchronized (out) {
            out.printf(Locale.ROOT, "[%4.0fs] " + format + "%n", all);
            out.flush();
        }
    }

    /** To a tenth of a second, as the report shows times. */
    static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
