package io.vigil.subscribers;

/** A sink gave up on a notification after {@link #attempts()} attempts; the notifier dead-letters it. */
public class DeliveryFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    public DeliveryFailedException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
