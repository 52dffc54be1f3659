package io.vigil.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict number reading for settings and rule parameters. {@link Double#parseDouble} would
 * accept {@code 5d}, {@code NaN} or hexadecimal, which in a rules file are typos, not numbers.
 */
final class Numbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {
    }

    static Optional<Long> parseLong(String text) {
        String trimmed = text.strip();
        if (!INTEGER.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(trimmed));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    static Optional<Double> parseDecimal(String text) {
        String trimmed = text.strip();
        if (!DECIMAL.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(trimmed);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }
}
