package io.vigil.serdes.registry;

/**
 * The subject's compatibility rule rejected a schema (HTTP 409, error code 409). A separate type because it is a
 * schema-evolution mistake a developer must fix, never a transient failure.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message) {
        super(message, 409, INCOMPATIBLE_SCHEMA);
    }
}
