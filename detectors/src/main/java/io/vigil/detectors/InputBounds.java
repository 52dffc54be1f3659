package io.vigil.detectors;

import io.vigil.events.Telemetry;
import io.vigil.events.Transaction;

import java.time.Duration;
import java.util.Optional;

/**
 * The documented bounds of every input field that reaches state or alerts, and the check that refuses an event
 * outside them before any state changes.
 *
 * <p>Pure (no clock): the reference time for the clock-skew check is passed in, so the topology (wall clock or the
 * record's append time) and an offline replay apply the same rules. Lengths are in UTF-16 characters
 * ({@link String#length()}), which costs nothing to read; a character takes at most 3 bytes in UTF-8, so a field of
 * {@code n} characters takes at most {@code 3n} bytes in state.
 */
public final class InputBounds {

    /** Longest event id, card id, device id, merchant id and record key: room for any UUID, hash or token. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest currency, country and merchant category code (ISO codes are 2 to 4 characters). */
    public static final int MAX_CODE_LENGTH = 8;
    /** Longest metric name. */
    public static final int MAX_METRIC_LENGTH = 64;
    /** Longest unit of a reading. */
    public static final int MAX_UNIT_LENGTH = 32;
    /**
     * Largest magnitude of a reading. Squares of larger values come close to overflowing a double inside the
     * moving variance, and no physical sensor reports them.
     */
    public static final double MAX_ABS_READING = 1e15;
    /** 9999-12-31T23:59:59.999Z: later times overflow window arithmetic long before they mean anything. */
    public static final long MAX_TIMESTAMP_MILLIS = 253_402_300_799_999L;
    /** Bytes a field of {@link #MAX_ID_LENGTH} characters may take in state: 3 per character plus a length prefix. */
    public static final int MAX_ID_BYTES = 3 * MAX_ID_LENGTH + 5;

    private InputBounds() {
    }

    /** Why {@code tx}, read under {@code key}, cannot be processed; empty when it is within every bound. */
    public static Optional<Rejection> check(String key, Transaction tx) {
        String what = "Transaction " + shown(tx.getEventId());
        Optional<Rejection> bad = id(what, "record key", key)
                .or(() -> id(what, "eventId", tx.getEventId()))
                .or(() -> id(what, "cardId", tx.getCardId()))
                .or(() -> length(what, "merchantId", tx.getMerchantId(), MAX_ID_LENGTH))
                .or(() -> length(what, "currency", tx.getCurrency(), MAX_CODE_LENGTH))
                .or(() -> length(what, "country", tx.getCountry(), MAX_CODE_LENGTH))
                .or(() -> length(what, "merchantCategory", tx.getMerchantCategory(), MAX_CODE_LENGTH))
                .or(() -> timestamp(what, tx.getTimestamp() == null ? null : tx.getTimestamp().toEpochMilli()));
        if (bad.isPresent()) {
            return bad;
        }
        return position(what, tx.getLatitude(), tx.getLongitude());
    }

    /** Why {@code reading}, read under {@code key}, cannot be processed; empty when it is within every bound. */
    public static Optional<Rejection> check(String key, Telemetry reading) {
        String what = "Reading " + shown(reading.getEventId());
        Optional<Rejection> bad = id(what, "record key", key)
                .or(() -> id(what, "eventId", reading.getEventId()))
                .or(() -> id(what, "deviceId", reading.getDeviceId()))
                .or(() -> required(what, "metric", reading.getMetric(), MAX_METRIC_LENGTH))
                .or(() -> length(what, "unit", reading.getUnit(), MAX_UNIT_LENGTH))
                .or(() -> timestamp(what, reading.getTimestamp() == null ? null
                        : reading.getTimestamp().toEpochMilli()));
        if (bad.isPresent()) {
            return bad;
        }
        double v = reading.getValue();
        if (!Double.isFinite(v)) {
            return Optional.of(new Rejection(Rejection.Reason.INVALID_VALUE, what + " of " + reading.getMetric()
                    + " on device " + reading.getDeviceId() + " has no finite value: " + v));
        }
        if (Math.abs(v) > MAX_ABS_READING) {
            return Optional.of(new Rejection(Rejection.Reason.INVALID_VALUE, what + " of " + reading.getMetric()
                    + " on device " + reading.getDeviceId() + " has value " + v + ": expected a magnitude of at most "
                    + MAX_ABS_READING));
        }
        return Optional.empty();
    }

    /**
     * Why an event at {@code eventMillis} is too far ahead of {@code referenceMillis}: more than {@code maxSkew}
     * ahead, it would become its entity's watermark and make every real event after it "late".
     */
    public static Optional<Rejection> checkSkew(String what, long eventMillis, long referenceMillis, Duration maxSkew) {
        // Subtraction, not addition: eventMillis is at most MAX_TIMESTAMP_MILLIS here, so neither side overflows.
        long ahead = eventMillis - referenceMillis;
        if (ahead <= maxSkew.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(Rejection.Reason.CLOCK_SKEW, what + " is stamped "
                + java.time.Instant.ofEpochMilli(eventMillis) + ", " + Duration.ofMillis(ahead).toSeconds()
                + " s ahead of the reference clock (" + java.time.Instant.ofEpochMilli(referenceMillis)
                + "): more than vigil.max.clock.skew (" + maxSkew.toSeconds() + " s) allows"));
    }

    private static Optional<Rejection> id(String what, String field, String value) {
        return required(what, field, value, MAX_ID_LENGTH);
    }

    private static Optional<Rejection> required(String what, String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            return Optional.of(new Rejection(Rejection.Reason.MISSING_FIELD, what + " has no " + field));
        }
        return length(what, field, value, max);
    }

    private static Optional<Rejection> length(String what, String field, String value, int max) {
        if (value == null || value.length() <= max) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(Rejection.Reason.FIELD_TOO_LONG, what + ": field " + field + " is "
                + value.length() + " characters long, more than the " + max + " allowed"));
    }

    private static Optional<Rejection> timestamp(String what, Long millis) {
        if (millis == null) {
            return Optional.of(new Rejection(Rejection.Reason.MISSING_FIELD, what + " has no timestamp"));
        }
        if (millis < 0 || millis > MAX_TIMESTAMP_MILLIS) {
            return Optional.of(new Rejection(Rejection.Reason.TIMESTAMP_OUT_OF_RANGE, what + " is stamped "
                    + millis + " ms since 1970: expected a time between 1970-01-01 and 9999-12-31"));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> position(String what, Double latitude, Double longitude) {
        if (latitude == null && longitude == null) {
            return Optional.empty();
        }
        boolean valid = latitude != null && longitude != null
                && latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180;
        if (valid) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(Rejection.Reason.INVALID_POSITION, what + " has position (" + latitude
                + ", " + longitude + "): expected both latitude -90..90 and longitude -180..180, or neither"));
    }

    /** An id as it may appear in a message: never more than {@link #MAX_ID_LENGTH} characters of it. */
    static String shown(String id) {
        if (id == null) {
            return "(no id)";
        }
        return id.length() <= MAX_ID_LENGTH ? id : id.substring(0, MAX_ID_LENGTH) + "...";
    }
}
