package io.vigil.config;

/**
 * The kinds of value a rule parameter holds; rule parameters travel as text (in YAML and on the
 * rules topic) and this says how each is read.
 */
public enum ParameterType {
    INTEGER,
    LONG,
    DECIMAL,
    DURATION,
    TEXT
}
