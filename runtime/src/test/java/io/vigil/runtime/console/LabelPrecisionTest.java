package io.vigil.runtime.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.events.Label;
import io.vigil.events.LabelVerdict;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** Precision counts an alert's latest label once: repeats change nothing, a correction moves the alert. */
class LabelPrecisionTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LabelPrecision precision = new LabelPrecision(registry);

    @Test
    void shouldCountTheShareLabelledFraudWhenAlertsAreLabelled() {
        // When three velocity alerts are labelled fraud, fraud, legit
        precision.add(label("a1", "velocity", LabelVerdict.FRAUD));
        precision.add(label("a2", "velocity", LabelVerdict.FRAUD));
        precision.add(label("a3", "velocity", LabelVerdict.LEGIT));

        // Then precision is 2/3, on the panel and on the meter
        assertEquals(List.of(new LabelPrecision.RuleCount("velocity", 2, 1)), precision.rules());
        assertEquals(2.0 / 3, registry.get(LabelPrecision.PRECISION).tag("rule", "velocity").gauge().value(), 1e-9);
        assertEquals(1.0, registry.get(LabelPrecision.LABELS).tags("rule", "velocity", "verdict", "legit")
                .gauge().value());
    }

    @Test
    void shouldCountAnAlertOnceWhenItsLabelIsRepeated() {
        // When one alert is labelled fraud twice (a retried request, or the topic read again)
        precision.add(label("a1", "velocity", LabelVerdict.FRAUD));
        precision.add(label("a1", "velocity", LabelVerdict.FRAUD));

        // Then it counts once
        assertEquals(List.of(new LabelPrecision.RuleCount("velocity", 1, 0)), precision.rules());
        assertEquals(1, precision.labelled());
    }

    @Test
    void shouldMoveTheAlertWhenItsLabelIsCorrected() {
        // Given an alert labelled fraud
        precision.add(label("a1", "impossible-travel", LabelVerdict.FRAUD));

        // When it is relabelled legit
        precision.add(label("a1", "impossible-travel", LabelVerdict.LEGIT));

        // Then it counts as legit only, and the rule's precision drops to 0
        assertEquals(List.of(new LabelPrecision.RuleCount("impossible-travel", 0, 1)), precision.rules());
        assertEquals(LabelVerdict.LEGIT, precision.verdict("a1"));
        assertEquals(0.0, registry.get(LabelPrecision.PRECISION).tag("rule", "impossible-travel").gauge().value());
    }

    @Test
    void shouldShowNoPrecisionWhenARulesAlertsAreAllRelabelledAway() {
        // Given a rule with no labelled alert left (its only alert was relabelled under another rule id)
        precision.add(label("a1", "velocity", LabelVerdict.FRAUD));
        precision.add(label("a1", "card-testing", LabelVerdict.FRAUD));

        // Then its precision is undefined rather than zero
        assertNull(precision.view().get(1).get("precision"));
        assertEquals("velocity", precision.view().get(1).get("ruleId"));
    }

    private static Label label(String alertId, String ruleId, LabelVerdict verdict) {
        return Label.newBuilder().setLabelId("l-" + alertId + verdict).setAlertId(alertId).setVerdict(verdict)
                .setRuleId(ruleId).setRuleVersion(1).setEntityId("card-1").setTimestamp(Instant.EPOCH)
                .setActor("test").build();
    }
}
