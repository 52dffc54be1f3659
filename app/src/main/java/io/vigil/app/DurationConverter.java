package io.vigil.app;

import io.vigil.config.Durations;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Lets options take durations the way the configuration does: 500ms, 30s, 5m, 1h, or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return Durations.tryParse(value).orElseThrow(() ->
                new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 30s, 5m or 1h"));
    }
}
