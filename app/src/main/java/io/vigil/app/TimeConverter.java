package io.vigil.app;

import io.vigil.config.Durations;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A point in time on the command line: an ISO-8601 instant ({@code 2026-11-23T12:00:00Z}), or a duration meaning
 * that long before now ({@code 30m}, {@code 2h}), which is what an analyst usually means by "since".
 */
final class TimeConverter implements ITypeConverter<Instant> {

    private final Clock clock;

    TimeConverter() {
        this(Clock.systemUTC());
    }

    TimeConverter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notAnInstant) {
            Optional<java.time.Duration> ago = Durations.tryParse(value);
            if (ago.isPresent() && !ago.get().isNegative()) {
                return clock.instant().minus(ago.get());
            }
            throw new TypeConversionException("'" + value + "' is not a time; write an ISO-8601 instant such as "
                    + "2026-11-23T12:00:00Z, or a duration before now such as 30m or 2h");
        }
    }
}
