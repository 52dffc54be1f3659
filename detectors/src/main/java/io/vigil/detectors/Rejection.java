package io.vigil.detectors;

import java.util.Objects;

/**
 * Why an input event is refused before it touches any state: the reason as a short stable code (the DLQ header and
 * the metric tag carry it) and one line an operator understands. The message never repeats an oversized value, so
 * a rejection is always small.
 */
public record Rejection(Reason reason, String message) {

    /** The kinds of bad input, each with the code that goes into headers and metric tags. */
    public enum Reason {
        /** The event time is further ahead of the reference clock than {@code vigil.max.clock.skew}. */
        CLOCK_SKEW("clock-skew"),
        /** The event time is before 1970 or after 9999. */
        TIMESTAMP_OUT_OF_RANGE("timestamp-out-of-range"),
        /** A required id is missing or empty. */
        MISSING_FIELD("missing-field"),
        /** A text field is longer than its documented bound. */
        FIELD_TOO_LONG("field-too-long"),
        /** A position outside latitude -90..90 or longitude -180..180, or not a number. */
        INVALID_POSITION("invalid-position"),
        /** A reading that is not a finite number within the accepted magnitude. */
        INVALID_VALUE("invalid-value"),
        /** The entity's state would exceed its byte bound with this event. */
        STATE_TOO_LARGE("state-too-large");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable code, e.g. {@code clock-skew}. */
        public String code() {
            return code;
        }
    }

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
