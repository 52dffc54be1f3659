package io.vigil.subscribers;

import io.vigil.events.Alert;
import io.vigil.serdes.testkit.Events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A velocity alert as the formatter, printer and sinks see one, on the shared alert defaults; an Avro builder, so
 * that a case can set any one field (a null, a control character) no fixture should offer.
 */
final class Alerts {

    static final Instant FIRED_AT = Instant.parse("2025-03-14T09:00:26.250Z");

    private Alerts() {
    }

    static Alert.Builder velocity(String alertId) {
        return Alert.newBuilder(Events.anAlert().id(alertId).card("card-00000042").at(FIRED_AT)
                .window(FIRED_AT.minusSeconds(26), FIRED_AT)
                .triggeredBy(List.of("e1", "e2"))
                .features(Map.of("count", 6.0))
                .explanation("6 transactions in 26 s on card card-00000042 (limit 5)")
                .build());
    }
}
