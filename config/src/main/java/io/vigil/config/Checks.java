package io.vigil.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Value checks shared by the settings parser and the records' constructors, so that a value
 * read from a file and a value passed in code are held to the same rule with the same message.
 */
final class Checks {

    static final String NAME_CHARACTERS = "letters, digits, '.', '_' or '-'";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MAX_TOPIC_NAME_LENGTH = 249;

    private Checks() {
    }

    static String intRangeText(long min, long max) {
        return max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                ? "expected an integer >= " + min
                : "expected an integer between " + min + " and " + max;
    }

    static int intBetween(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, String.valueOf(value), intRangeText(min, max));
        }
        return value;
    }

    static int parseIntBetween(String key, String raw, int min, int max) {
        long value = Numbers.parseLong(raw)
                .orElseThrow(() -> new ConfigException(key, raw, intRangeText(min, max)));
        if (value < min || value > max) {
            throw new ConfigException(key, raw, intRangeText(min, max));
        }
        return (int) value;
    }

    static long longAtLeast(String key, long value, long min) {
        if (value < min) {
            throw new ConfigException(key, String.valueOf(value), intRangeText(min, Long.MAX_VALUE));
        }
        return value;
    }

    static long parseLongAtLeast(String key, String raw, long min) {
        long value = Numbers.parseLong(raw)
                .orElseThrow(() -> new ConfigException(key, raw, intRangeText(min, Long.MAX_VALUE)));
        return longAtLeast(key, value, min);
    }

    static String positiveDurationText() {
        return "expected a duration > 0 such as 100ms, 30s, 5m, 1h, 2d or PT30S";
    }

    static String nonNegativeDurationText() {
        return "expected a duration >= 0 such as 0s, 30s, 5m, 1h or PT30S";
    }

    static Duration positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key, Durations.format(value), positiveDurationText());
        }
        return value;
    }

    static Duration nonNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new ConfigException(key, Durations.format(value), nonNegativeDurationText());
        }
        return value;
    }

    static Duration parsePositive(String key, String raw) {
        Duration value = Durations.tryParse(raw)
                .orElseThrow(() -> new ConfigException(key, raw, positiveDurationText()));
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key, raw, positiveDurationText());
        }
        return value;
    }

    static String durationRangeText(Duration min, Duration max) {
        return "expected a duration between " + Durations.format(min) + " and " + Durations.format(max)
                + " such as 30s, 5m, 1h or 7d";
    }

    static Duration durationBetween(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(key, Durations.format(value), durationRangeText(min, max));
        }
        return value;
    }

    static Duration parseDurationBetween(String key, String raw, Duration min, Duration max) {
        Duration value = Durations.tryParse(raw)
                .orElseThrow(() -> new ConfigException(key, raw, durationRangeText(min, max)));
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(key, raw, durationRangeText(min, max));
        }
        return value;
    }

    static Duration parseNonNegative(String key, String raw) {
        Duration value = Durations.tryParse(raw)
                .orElseThrow(() -> new ConfigException(key, raw, nonNegativeDurationText()));
        if (value.isNegative()) {
            throw new ConfigException(key, raw, nonNegativeDurationText());
        }
        return value;
    }

    static boolean parseBoolean(String key, String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, raw, "expected true or false");
        };
    }

    static String identifier(String key, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new ConfigException(key, value, "expected a non-blank id of " + NAME_CHARACTERS);
        }
        return value;
    }

    /** Kafka's own rule for topic names, checked here so it fails at start, not at first produce. */
    static String topicName(String key, String value) {
        boolean legal = NAME.matcher(value).matches()
                && value.length() <= MAX_TOPIC_NAME_LENGTH
                && !value.equals(".") && !value.equals("..");
        if (!legal) {
            throw new ConfigException(key, value, "expected a topic name of 1 to "
                    + MAX_TOPIC_NAME_LENGTH + " " + NAME_CHARACTERS + ", other than '.' and '..'");
        }
        return value;
    }

    /** Reads one of an enum's constants by its configuration name, ignoring case. */
    static <E extends Enum<E>> E choice(String key, String raw, E[] choices,
            Function<E, String> configName) {
        String wanted = raw.strip().toLowerCase(Locale.ROOT);
        Optional<E> match = Arrays.stream(choices)
                .filter(c -> configName.apply(c).equals(wanted))
                .findFirst();
        return match.orElseThrow(() -> new ConfigException(key, raw, "expected one of "
                + Arrays.stream(choices).map(configName).collect(Collectors.joining(", "))));
    }
}
