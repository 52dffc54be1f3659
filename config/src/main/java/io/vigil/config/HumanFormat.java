package io.vigil.config;

import java.time.Duration;

/**
 * Numbers and durations written for people: in progress lines, explanations of findings and
 * error messages. (Durations as a user writes them in settings, {@code 90s}, are
 * {@link Durations#format}.)
 */
public final class HumanFormat {

    private HumanFormat() {
    }

    /** {@code 5} rather than {@code 5.0}, {@code 2.5} as it is: a rate or a setting as the user typed it. */
    public static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** Whole seconds as {@code 30 s}, anything finer as {@code 250 ms}. */
    public static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * A span to the second below two minutes ({@code 95 s}), in whole minutes above
     * ({@code 12 min}); the part below the unit is dropped, not rounded.
     */
    public static String span(Duration d) {
        long seconds = d.toSeconds();
        return seconds < 120 ? seconds + " s" : (seconds / 60) + " min";
    }
}
