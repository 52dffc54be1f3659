package io.vigil.serdes.registry;

/**
 * The registry has no such subject, version or schema id (HTTP 404; error codes 40401, 40402, 40403).
 * A separate type because callers treat it differently from an outage: an unknown id in a record is a bad record,
 * not a reason to retry.
 */
public class SchemaNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int errorCode) {
        super(message, 404, errorCode);
    }
}
