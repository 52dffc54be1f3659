package io.vigil.topology;

import io.vigil.detectors.Rejection;

/**
 * Thrown by a detection processor for an input event it refuses before touching any state (see
 * {@link io.vigil.detectors.InputBounds}): the processing exception handler writes the event's original bytes to
 * the dead-letter topic with the reason in the {@value DeadLetterHeaders#REASON} header, and processing goes on.
 * Thrown rather than forwarded because only the handler has the source record's raw bytes.
 */
public final class RejectedInputException extends IllegalArgumentException {

    private final Rejection rejection;

    public RejectedInputException(Rejection rejection) {
        super(rejection.message());
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** Stack traces of rejections say nothing the message does not, and each DLQ record carries one. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
