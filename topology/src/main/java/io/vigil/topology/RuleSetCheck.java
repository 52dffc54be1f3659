package io.vigil.topology;

import io.vigil.config.RuleSet;
import io.vigil.detectors.fraud.CardDetection;
import io.vigil.detectors.telemetry.DeviceDetection;

import java.time.Duration;

/**
 * Whether a whole rule set can run: each rule is valid on its own by construction, but a set can still exceed what
 * a detector's state holds (e.g. more telemetry metrics than a device keeps). Used before rules are published
 * ({@code vigil rules apply}) and before the topology puts them in force, so that a rule change can never stop a
 * stream thread.
 */
public final class RuleSetCheck {

    private RuleSetCheck() {
    }

    /** @throws IllegalArgumentException saying why the detectors cannot run {@code rules} */
    public static void check(RuleSet rules, Duration grace) {
        CardDetection.fromRules(rules, grace);
        DeviceDetection.fromRules(rules, grace);
    }
}
