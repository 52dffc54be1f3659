package io.vigil.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way people write them in settings and rules files.
 *
 * <p>A bare number would leave the unit to guesswork, so every duration carries one:
 * {@code 100ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, or ISO-8601 such as
 * {@code PT30S}. A leading minus is read, so that callers can report a negative duration as
 * out of range rather than as unreadable.
 */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(-?\\d{1,18})(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration written in {@code text}, or empty when it is not a duration. */
    public static Optional<Duration> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        try {
            Matcher m = SHORT_FORM.matcher(trimmed);
            if (m.matches()) {
                return Optional.of(ofUnit(Long.parseLong(m.group(1)), m.group(2)));
            }
            if (trimmed.startsWith("p") || trimmed.startsWith("-p") || trimmed.startsWith("+p")) {
                return Optional.of(Duration.parse(trimmed));
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The duration written in {@code text}.
     *
     * @throws IllegalArgumentException when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a duration; write e.g. 100ms, 30s, 5m, 1h, 2d or PT30S"));
    }

    /**
     * Writes {@code duration} in the largest unit that holds it exactly ({@code 90s},
     * {@code 5m}, {@code 1d}), so that messages show values as a user would write them.
     * Durations finer than a millisecond fall back to ISO-8601.
     */
    public static String format(Duration duration) {
        if (duration.toNanosPart() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Duration ofUnit(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException("unit not in the pattern: " + unit);
        };
    }
}
