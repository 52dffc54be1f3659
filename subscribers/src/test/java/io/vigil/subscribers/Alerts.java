package io.vigil.subscribers;

import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.EntityType;
import io.vigil.events.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test-data factory for alerts: a velocity alert with sensible defaults. */
final class Alerts {

    static final Instant FIRED_AT = Instant.parse("2025-03-14T09:00:26.250Z");

    private Alerts() {
    }

    static Alert.Builder velocity(String alertId) {
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setRuleId("velocity")
                .setRuleVersion(1)
                .setDetector("velocity")
                .setEntityType(EntityType.CARD)
                .setEntityId("card-00000042")
                .setSeverity(Severity.HIGH)
                .setStatus(AlertStatus.OPEN)
                .setEventTimestamp(FIRED_AT)
                .setWindowStart(FIRED_AT.minusSeconds(26))
                .setWindowEnd(FIRED_AT)
                .setTriggeringEventIds(List.of("e1", "e2"))
                .setFeatures(Map.of("count", 6.0))
                .setExplanation("6 transactions in 26 s on card card-00000042 (limit 5)");
    }
}
