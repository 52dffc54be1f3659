package io.vigil.detectors.fraud;

import io.vigil.config.RuleSpec;
import io.vigil.events.Channel;
import io.vigil.events.Transaction;
import io.vigil.serdes.testkit.Events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Test-data factory: transactions and rules with sensible defaults, overridden where a test cares. */
final class Cards {

    static final Instant T0 = Events.T0;
    static final double BERLIN_LAT = 52.5200;
    static final double BERLIN_LON = 13.4050;

    private Cards() {
    }

    static Transaction tx(String eventId, long secondsAfterT0) {
        return tx(eventId, secondsAfterT0, 2_000, "m-" + eventId);
    }

    static Transaction tx(String eventId, long secondsAfterT0, long amountMinor, String merchantId) {
        // Card-present in Berlin: the travel detectors need a position to start from.
        return Events.aTransaction().id(eventId).at(T0.plusSeconds(secondsAfterT0)).amount(amountMinor)
                .merchant(merchantId).presentAt(BERLIN_LAT, BERLIN_LON).build();
    }

    static Transaction at(Transaction tx, double lat, double lon) {
        return Transaction.newBuilder(tx).setLatitude(lat).setLongitude(lon).build();
    }

    static Transaction online(Transaction tx) {
        return Transaction.newBuilder(tx).setChannel(Channel.ECOMMERCE).setLatitude(null).setLongitude(null).build();
    }

    static RuleSpec rule(String detector, Duration cooldown, Map<String, String> params) {
        return new RuleSpec(detector, 1, detector, true, "HIGH", cooldown, params);
    }

    static RuleSpec velocity(int maxCount, String window) {
        return rule(FraudDetectors.VELOCITY, Duration.ofMinutes(10), Map.of("maxCount", "" + maxCount, "window", window));
    }
}
