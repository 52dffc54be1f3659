package io.vigil.serdes.registry;

/**
 * A schema registry request failed: the registry answered with an error, or could not be reached at all.
 *
 * <p>Carries the HTTP status and the Confluent {@code error_code} (e.g. 40403 schema not found, 409 incompatible,
 * 42201 invalid schema) so callers can react to the kind of failure, and a message that names the request. When no
 * registry answered, both are {@link #NO_RESPONSE}.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status and error code when no registry answered (connection refused, timeout, interrupted). */
    public static final int NO_RESPONSE = -1;
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int STORE_ERROR = 50001;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = NO_RESPONSE;
        this.errorCode = NO_RESPONSE;
    }

    /**
     * The exception that matches a registry's error answer: {@link SchemaNotFoundException} for 404,
     * {@link IncompatibleSchemaException} for 409, this class otherwise.
     */
    public static SchemaRegistryException fromResponse(String message, int httpStatus, int errorCode) {
        if (httpStatus == 404) {
            return new SchemaNotFoundException(message, errorCode);
        }
        if (httpStatus == 409) {
            return new IncompatibleSchemaException(message);
        }
        return new SchemaRegistryException(message, httpStatus, errorCode);
    }

    /** The HTTP status the registry answered with, or {@link #NO_RESPONSE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} (often the status followed by two digits), or {@link #NO_RESPONSE}. */
    public int errorCode() {
        return errorCode;
    }
}
