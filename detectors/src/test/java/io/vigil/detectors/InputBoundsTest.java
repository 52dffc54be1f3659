package io.vigil.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;
import io.vigil.serdes.testkit.Events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Issue 12, parts 1, 8 and 9: every bound of an input field, and the clock-skew check. */
class InputBoundsTest {

    private static final Instant T0 = Events.T0;

    // Avro builders over the shared defaults: these cases set single fields to values no fixture should offer
    // (a lone null longitude, NaN, an empty id).
    private static Transaction.Builder tx() {
        return Transaction.newBuilder(Events.aTransaction().id("e1").amount(100).merchant("m-1").presentAt(52.5, 13.4)
                .build());
    }

    private static Telemetry.Builder reading() {
        return Telemetry.newBuilder(Events.aReading().build());
    }

    @Test
    void shouldAcceptATransactionWhenEveryFieldIsWithinBounds() {
        assertEquals(Optional.empty(), InputBounds.check("card-1", tx().build()));
        assertEquals(Optional.empty(), InputBounds.check("card-1", tx().setLatitude(null).setLongitude(null)
                .setMerchantId("m".repeat(InputBounds.MAX_ID_LENGTH)).setAmountMinor(-5_000).build()));
    }

    @Test
    void shouldRejectAnOversizedMerchantWithoutRepeatingIt() {
        // Given a merchant id of ~900 KB, as in the attack on vigil demo
        Transaction huge = tx().setMerchantId("x".repeat(900_000)).build();

        // Then
        assertEquals(Optional.of(new Rejection(Rejection.Reason.FIELD_TOO_LONG,
                "Transaction e1: field merchantId is 900000 characters long, more than the 128 allowed")),
                InputBounds.check("card-1", huge));
    }

    @Test
    void shouldNameEachOversizedOrMissingField() {
        String longId = "i".repeat(129);
        assertEquals(Rejection.Reason.FIELD_TOO_LONG, reason("card-1", tx().setCardId(longId).build()));
        assertEquals(Rejection.Reason.FIELD_TOO_LONG, reason(longId, tx().build()));
        assertEquals(Rejection.Reason.FIELD_TOO_LONG, reason("card-1", tx().setCurrency("EURO-DOLLAR").build()));
        assertEquals(Rejection.Reason.FIELD_TOO_LONG, reason("card-1", tx().setCountry("GERMANY!!").build()));
        assertEquals(Rejection.Reason.MISSING_FIELD, reason("card-1", tx().setEventId("").build()));
        assertEquals(Rejection.Reason.MISSING_FIELD, reason(null, tx().build()));
        assertEquals("Transaction " + "i".repeat(128) + "...: field eventId is 129 characters long, more than the "
                + "128 allowed", InputBounds.check("card-1", tx().setEventId(longId).build()).orElseThrow().message());
    }

    @Test
    void shouldRejectPositionsOutsideTheGlobeAndTimesBefore1970() {
        assertEquals(Rejection.Reason.INVALID_POSITION, reason("card-1", tx().setLatitude(91.0).build()));
        assertEquals(Rejection.Reason.INVALID_POSITION, reason("card-1", tx().setLongitude(-180.5).build()));
        assertEquals(Rejection.Reason.INVALID_POSITION, reason("card-1", tx().setLatitude(Double.NaN).build()));
        assertEquals(Rejection.Reason.INVALID_POSITION, reason("card-1", tx().setLongitude(null).build()));
        assertEquals(Rejection.Reason.TIMESTAMP_OUT_OF_RANGE,
                reason("card-1", tx().setTimestamp(Instant.ofEpochMilli(-1)).build()));
    }

    @Test
    void shouldRejectReadingsThatAreNotFiniteOrTooLarge() {
        assertEquals(Optional.empty(), InputBounds.check("dev-1", reading().build()));
        assertEquals(Rejection.Reason.INVALID_VALUE, reason("dev-1", reading().setValue(Double.NaN).build()));
        assertEquals(Rejection.Reason.INVALID_VALUE,
                reason("dev-1", reading().setValue(Double.NEGATIVE_INFINITY).build()));
        assertEquals(Rejection.Reason.INVALID_VALUE, reason("dev-1", reading().setValue(1e300).build()));
        assertEquals(Rejection.Reason.FIELD_TOO_LONG, reason("dev-1", reading().setMetric("m".repeat(65)).build()));
        assertEquals(Rejection.Reason.FIELD_TOO_LONG, reason("dev-1", reading().setUnit("u".repeat(33)).build()));
        assertEquals(Rejection.Reason.MISSING_FIELD, reason("dev-1", reading().setMetric("").build()));
    }

    @Test
    void shouldRejectAnEventWhenItIsFurtherAheadThanTheSkewAllows() {
        long now = T0.toEpochMilli();
        Duration skew = Duration.ofMinutes(5);

        assertEquals(Optional.empty(), InputBounds.checkSkew("e", now + skew.toMillis(), now, skew));
        assertEquals(Optional.of(new Rejection(Rejection.Reason.CLOCK_SKEW, "Transaction e1 is stamped "
                + "2099-01-01T00:00:00Z, 2275473600 s ahead of the reference clock (2026-11-23T12:00:00Z): more than "
                + "vigil.max.clock.skew (300 s) allows")),
                InputBounds.checkSkew("Transaction e1", Instant.parse("2099-01-01T00:00:00Z").toEpochMilli(), now, skew));
    }

    private static Rejection.Reason reason(String key, Transaction tx) {
        return InputBounds.check(key, tx).map(Rejection::reason).orElse(null);
    }

    private static Rejection.Reason reason(String key, Telemetry reading) {
        return InputBounds.check(key, reading).map(Rejection::reason).orElse(null);
    }
}
