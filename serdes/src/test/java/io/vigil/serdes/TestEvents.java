package io.vigil.serdes;

import io.vigil.events.Action;
import io.vigil.events.ActionType;
import io.vigil.events.Alert;
import io.vigil.events.AlertStatus;
import io.vigil.events.Channel;
import io.vigil.events.EntityType;
import io.vigil.events.Incident;
import io.vigil.events.Rule;
import io.vigil.events.Severity;
import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Realistic events with every kind of field set: optional ones both present and absent, maps, arrays, instants. */
final class TestEvents {

    static final Instant NOON = Instant.parse("2025-11-23T12:00:00.000Z");

    private TestEvents() {
    }

    static Transaction cardPresentTransaction() {
        return Transaction.newBuilder()
                .setEventId("tx-7f3c2a9e-0001")
                .setCardId("card-4716-0042")
                .setTimestamp(Instant.parse("2025-11-23T14:05:31.123Z"))
                .setAmountMinor(4_299L)
                .setCurrency("EUR")
                .setMerchantId("merchant-berlin-bakery-17")
                .setMerchantCategory("5462")
                .setChannel(Channel.CARD_PRESENT)
                .setLatitude(52.520008)
                .setLongitude(13.404954)
                .setCountry("DE")
                .build();
    }

    /** Uses the schema defaults for currency, category and country, and has no position. */
    static Transaction ecommerceTransaction() {
        return Transaction.newBuilder()
                .setEventId("tx-7f3c2a9e-0002")
                .setCardId("card-4716-0042")
                .setTimestamp(Instant.parse("2025-11-23T14:07:02.999Z"))
                .setAmountMinor(12_950L)
                .setMerchantId("merchant-online-books-3")
                .setChannel(Channel.ECOMMERCE)
                .build();
    }

    static Telemetry telemetry() {
        return Telemetry.newBuilder()
                .setEventId("tm-boiler-7-000913")
                .setDeviceId("boiler-7")
                .setTimestamp(Instant.parse("2025-11-23T14:05:00.250Z"))
                .setMetric("temperature")
                .setValue(71.25)
                .setUnit("celsius")
                .build();
    }

    static Alert openAlert() {
        return Alert.newBuilder()
                .setAlertId("alert-velocity-card-4716-0042-1763906731123")
                .setRuleId("velocity")
                .setRuleVersion(3)
                .setDetector("velocity")
                .setEntityType(EntityType.CARD)
                .setEntityId("card-4716-0042")
                .setSeverity(Severity.HIGH)
                .setStatus(AlertStatus.OPEN)
                .setResolvesAlertId(null)
                .setEventTimestamp(Instant.parse("2025-11-23T14:05:31.123Z"))
                .setWindowStart(Instant.parse("2025-11-23T14:04:31.123Z"))
                .setWindowEnd(Instant.parse("2025-11-23T14:05:31.123Z"))
                .setTriggeringEventIds(List.of("tx-1", "tx-2", "tx-3", "tx-4", "tx-5", "tx-6"))
                .setFeatures(Map.of("count", 6.0, "maxCount", 5.0))
                .setExplanation("6 transactions on card-4716-0042 within 60s (allowed 5)")
                .build();
    }

    static Alert resolvedAlert() {
        return Alert.newBuilder(openAlert())
                .setAlertId("alert-silence-boiler-7-resolved")
                .setRuleId("silence")
                .setDetector("silence")
                .setEntityType(EntityType.DEVICE)
                .setEntityId("boiler-7")
                .setSeverity(Severity.MEDIUM)
                .setStatus(AlertStatus.RESOLVED)
                .setResolvesAlertId("alert-silence-boiler-7-open")
                .setTriggeringEventIds(List.of())
                .setFeatures(Map.of())
                .setExplanation("boiler-7 reported again after 5m of silence")
                .build();
    }

    static Rule rule() {
        return Rule.newBuilder()
                .setRuleId("velocity")
                .setVersion(3)
                .setDetector("velocity")
                .setEnabled(true)
                .setSeverity(Severity.HIGH)
                .setCooldownMillis(600_000L)
                .setParameters(Map.of("maxCount", "5", "window", "60s"))
                .build();
    }

    static Action blockCard() {
        return Action.newBuilder()
                .setActionId("block-card-alert-velocity-card-4716-0042-1763906731123")
                .setType(ActionType.BLOCK_CARD)
                .setEntityType(EntityType.CARD)
                .setEntityId("card-4716-0042")
                .setAlertId("alert-velocity-card-4716-0042-1763906731123")
                .setTimestamp(Instant.parse("2025-11-23T14:05:31.456Z"))
                .setActor("card-blocker")
                .setReason("HIGH velocity alert")
                .build();
    }

    /** An action no alert caused: alertId is null and reason takes its default. */
    static Action manualUnblock() {
        return Action.newBuilder()
                .setActionId("unblock-card-4716-0042-by-analyst")
                .setType(ActionType.UNBLOCK_CARD)
                .setEntityId("card-4716-0042")
                .setTimestamp(Instant.parse("2025-11-23T15:00:00.000Z"))
                .setActor("analyst:jdoe")
                .build();
    }

    static Incident incident() {
        return Incident.newBuilder()
                .setIncidentId("incident-card-4716-0042-1763906731123")
                .setEntityType(EntityType.CARD)
                .setEntityId("card-4716-0042")
                .setSeverity(Severity.CRITICAL)
                .setAlertIds(List.of("alert-velocity-1", "alert-impossible-travel-2"))
                .setRuleIds(List.of("velocity", "impossible-travel"))
                .setWindowStart(Instant.parse("2025-11-23T13:05:31.123Z"))
                .setWindowEnd(Instant.parse("2025-11-23T14:05:31.123Z"))
                .setExplanation("2 alerts on card-4716-0042 within 1h")
                .build();
    }
}
