package io.vigil.app;

import io.vigil.loadgen.ConfounderRates;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --traffic}: clean, realistic, or realistic with rate overrides ({@link ConfounderRates#parse}). */
final class TrafficConverter implements ITypeConverter<ConfounderRates> {

    @Override
    public ConfounderRates convert(String value) {
        try {
            return ConfounderRates.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
