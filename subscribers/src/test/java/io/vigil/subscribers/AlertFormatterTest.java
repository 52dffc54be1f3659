package io.vigil.subscribers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.AlertStatus;
import io.vigil.events.Severity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

class AlertFormatterTest {

    @Test
    void shouldPrintTimeSeverityRuleEntityExplanationAndIdWhenAlertIsOpen() {
        String line = AlertFormatter.format(Alerts.velocity("a1b2c3").build());

        assertEquals("2025-03-14 09:00:26.250Z HIGH     velocity v1 CARD card-00000042: "
                + "6 transactions in 26 s on card card-00000042 (limit 5) [alert a1b2c3]", line);
    }

    @Test
    void shouldAlignTheWidestSeverityAndShowMillisWhenTheyAreZero() {
        String line = AlertFormatter.format(Alerts.velocity("x")
                .setSeverity(Severity.CRITICAL)
                .setRuleId("impossible-travel").setRuleVersion(3)
                .setEventTimestamp(Instant.parse("2025-03-14T23:59:59Z"))
                .setExplanation("Card card-00000042 used in person 2300 km apart within 12 min")
                .build());

        assertEquals("2025-03-14 23:59:59.000Z CRITICAL impossible-travel v3 CARD card-00000042: "
                + "Card card-00000042 used in person 2300 km apart within 12 min [alert x]", line);
    }

    @Test
    void shouldSayResolvedAndNameTheClosedAlertWhenAlertIsResolved() {
        String line = AlertFormatter.format(Alerts.velocity("r9")
                .setSeverity(Severity.LOW)
                .setStatus(AlertStatus.RESOLVED)
                .setResolvesAlertId("a1b2c3")
                .setExplanation("back to normal")
                .build());

        assertEquals("2025-03-14 09:00:26.250Z LOW      velocity v1 CARD card-00000042 RESOLVED: "
                + "back to normal [alert r9, resolves a1b2c3]", line);
    }

    @Test
    void shouldKeepOneLineWhenTheExplanationHasLineBreaks() {
        String line = AlertFormatter.format(Alerts.velocity("m").setExplanation("first\r\nsecond\n\tthird\n").build());

        assertEquals("2025-03-14 09:00:26.250Z HIGH     velocity v1 CARD card-00000042: first second third [alert m]", line);
    }
}
