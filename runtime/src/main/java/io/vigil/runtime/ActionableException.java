package io.vigil.runtime;

/**
 * A command failed for a reason the user can act on, and the message says all of it.
 *
 * <p>Why a separate type: {@link VigilCommand} prints such failures as one line and exits 1,
 * while any other exception is a defect and is logged with its stack trace. Commands translate
 * the failures they expect (a port in use, an unreachable cluster) into this type and let every
 * other exception through.
 */
public class ActionableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ActionableException(String message) {
        super(message);
    }

    public ActionableException(String message, Throwable cause) {
        super(message, cause);
    }
}
