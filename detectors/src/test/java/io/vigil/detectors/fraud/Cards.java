package io.vigil.detectors.fraud;

import io.vigil.config.RuleSpec;
import io.vigil.events.Channel;
import io.vigil.events.Transaction;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Test-data factory: transactions and rules with sensible defaults, overridden where a test cares. */
final class Cards {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final double BERLIN_LAT = 52.5200;
    static final double BERLIN_LON = 13.4050;

    private Cards() {
    }

    static Transaction tx(String eventId, long secondsAfterT0) {
        return tx(eventId, secondsAfterT0, 2_000, "m-" + eventId);
    }

    static Transaction tx(String eventId, long secondsAfterT0, long amountMinor, String merchantId) {
        return Transaction.newBuilder()
                .setEventId(eventId)
                .setCardId("card-1")
                .setTimestamp(T0.plusSeconds(secondsAfterT0))
                .setAmountMinor(amountMinor)
                .setCurrency("EUR")
                .setMerchantId(merchantId)
                .setMerchantCategory("5411")
                .setChannel(Channel.CARD_PRESENT)
                .setLatitude(BERLIN_LAT)
                .setLongitude(BERLIN_LON)
                .setCountry("DE")
                .build();
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
