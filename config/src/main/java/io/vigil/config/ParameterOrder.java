package io.vigil.config;

import java.util.Objects;

/**
 * A required order between two numeric parameters of one rule, for settings that are each
 * valid alone but useless together: a hysteresis band whose lower edge is above its upper
 * edge, or a card-testing rule asking for more merchants than transactions, would never fire.
 *
 * @param smaller the parameter that must be the smaller one; a breach is reported on it
 * @param larger the parameter it is compared with
 * @param strict whether the two may be equal ({@code false}) or not ({@code true})
 */
public record ParameterOrder(String smaller, String larger, boolean strict) {

    public ParameterOrder {
        Objects.requireNonNull(smaller, "smaller");
        Objects.requireNonNull(larger, "larger");
    }

    boolean holds(double smallerValue, double largerValue) {
        return strict ? smallerValue < largerValue : smallerValue <= largerValue;
    }

    String allowed(String largerValue) {
        return (strict ? "expected a value less than parameter '" : "expected a value at most parameter '")
                + larger + "' = '" + largerValue + "'";
    }
}
