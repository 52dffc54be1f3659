package io.vigil.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When several alerts on one entity become an incident: {@code alerts} OPEN alerts on one card or
 * device whose event times lie within {@code window} of each other open one incident.
 *
 * <p>One alert is a signal; several on the same entity in a short time are what an analyst should
 * look at first, so escalation is a setting an operator tunes to the team's capacity, not a rule
 * parameter.
 *
 * @param alerts OPEN alerts on one entity that open an incident, {@value #MIN_ALERTS} to
 *     {@value #MAX_ALERTS}; one alert alone never escalates
 * @param window how close together in event time those alerts must be
 */
public record EscalationSettings(int alerts, Duration window) {

    public static final int MIN_ALERTS = 2;
    public static final int MAX_ALERTS = 1000;

    public EscalationSettings {
        Objects.requireNonNull(window, "window");
        Checks.intBetween(Setting.ESCALATION_ALERTS.key(), alerts, MIN_ALERTS, MAX_ALERTS);
        Checks.positive(Setting.ESCALATION_WINDOW.key(), window);
    }

    /** The shipped defaults: two alerts within ten minutes. */
    public static EscalationSettings defaults() {
        return new EscalationSettings(2, Duration.ofMinutes(10));
    }
}
